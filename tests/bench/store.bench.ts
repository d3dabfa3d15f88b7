/**
 * Throughput of the local runtime's database through DatabaseService.handle(), with durability
 * on, every case printed. For the README's engine justification; `npm run bench` shows the
 * ratios that have goals. Run: npx tsx tests/bench/store.bench.ts [seconds-per-case]
 */
import { storeBench } from './lib/store';

storeBench(Number(process.argv[2] ?? 3), (line) => console.log(line));
