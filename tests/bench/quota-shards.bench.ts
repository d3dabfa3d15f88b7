/**
 * Free-quota reservations on one counter document against slices: a seeded simulation of
 * optimistic concurrency (see quota-shards.ts for the model), printed as a Markdown table.
 *
 * Run: npx tsx tests/bench/quota-shards.bench.ts [seed]
 */
import { ASSUMED_RTT_MS, formatShardTable, shardScenarios, simulateReservations } from './quota-shards';

const seed = Number(process.argv[2] ?? 20240101);
const started = performance.now();
const results = shardScenarios(seed).map((s) => simulateReservations(s));
const ms = performance.now() - started;

console.log(
  `Quota reservations, simulated: one round trip = ${ASSUMED_RTT_MS} ms (assumed), ` +
    `backoff after conflicts up to 30 s, seed ${seed}.`,
);
console.log('');
for (const line of formatShardTable(results)) console.log(line);
console.log('');
console.log(`(simulation ran in ${Math.round(ms)} ms)`);
