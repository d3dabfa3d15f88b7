/**
 * The signed-in home page on a phone's slow 4G (see lib/first-screen.ts for the profile): how
 * long until the worker sees it. Goal: first screen ready under 3 s cold.
 * Run: npm run bench:h5 [-- runs]   (needs `npm run build` and /usr/bin/chromium)
 */
import { firstScreen } from './lib/first-screen';

const runs = Number(process.argv[2] ?? 3);
const GOAL_MS = 3000;

firstScreen(runs, true)
  .then(({ coldMs, warmMs, coldBytes }) => {
    console.log(`H5 signed-in home page, slow 4G + 4× CPU, ${runs} runs (median):`);
    console.log(
      `  cold cache  ${coldMs} ms   (transferred ${Math.round(coldBytes / 1024)} KB)   goal < ${GOAL_MS} ms: ${coldMs < GOAL_MS ? 'met' : 'MISSED'}`,
    );
    console.log(`  warm cache  ${warmMs} ms`);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
