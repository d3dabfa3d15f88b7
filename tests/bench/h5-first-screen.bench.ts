/**
 * The signed-in home page on a phone's slow 4G: how long until the worker sees it. Chrome's
 * "Slow 4G"-like profile (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) with the CPU slowed 4×, as
 * Lighthouse throttles a mid-range phone. Cold cache first, then a warm revisit (hashed assets
 * are cached for a year). Goal: first screen ready under 3 s cold.
 * Run: npm run bench:h5 [-- runs]   (needs `npm run build` and /usr/bin/chromium)
 */
import { startH5App, signedIn } from '../helpers/h5-app';
import { launchBrowser, newMobilePage, waitForTaroPage } from '../helpers/browser';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { RuntimeClient } from '../helpers/runtime';

const runs = Number(process.argv[2] ?? 3);
const GOAL_MS = 3000;

async function main() {
  const app = await startH5App();
  const browser = await launchBrowser();
  const http = new RuntimeClient(app.url);
  const token = ((await http.post('/auth/dev', { openid: DEMO.worker })).body as { data: { token: string } })
    .data.token;
  const results: { cold: number; warm: number; bytes: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const mobile = await newMobilePage(browser, { baseURL: app.url });
      const { page } = mobile;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
        bytes += e.encodedDataLength;
      });
      await signedIn(page, token);
      const visit = async (go: () => Promise<unknown>) => {
        const start = Date.now();
        await go();
        await waitForTaroPage(page, { text: '互助服务', timeout: 30_000 });
        return Date.now() - start;
      };
      const cold = await visit(() => page.goto('/#/pages/index/index'));
      const coldBytes = bytes;
      // A full reload: the hashed assets come from the cache, the data from the network again.
      const warm = await visit(() => page.reload());
      results.push({ cold, warm, bytes: coldBytes });
      await mobile.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const cold = median(results.map((r) => r.cold));
  const warm = median(results.map((r) => r.warm));
  const kb = Math.round(median(results.map((r) => r.bytes)) / 1024);
  console.log(`H5 signed-in home page, slow 4G + 4× CPU, ${runs} runs (median):`);
  console.log(
    `  cold cache  ${cold} ms   (transferred ${kb} KB)   goal < ${GOAL_MS} ms: ${cold < GOAL_MS ? 'met' : 'MISSED'}`,
  );
  console.log(`  warm cache  ${warm} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
