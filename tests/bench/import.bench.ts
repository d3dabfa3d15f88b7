/**
 * The paper-sheet import at Wujin's scale through the real functions, as one table (see
 * lib/import.ts). Run: npx tsx tests/bench/import.bench.ts [--quick]   (needs `npm run build:functions`)
 */
import { importSheet } from './lib/import';
import { formatTable } from './lib/table';

importSheet(process.argv.includes('--quick'))
  .then((rows) => console.log(formatTable(rows)))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
