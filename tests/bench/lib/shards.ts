/**
 * The hot document of a season, simulated: free-quota reservations on one counter document
 * versus slices (see tests/bench/quota-shards.ts for the model and its assumptions).
 */
import { shardScenarios, simulateReservations } from '../quota-shards';
import { fmt, type Row } from './table';

export function shardRows(quick: boolean): Row[] {
  const scenarios = shardScenarios().filter((s) => !quick || s.places < 100_000);
  return scenarios.map((s) => {
    const r = simulateReservations(s);
    const complete = s.horizonSeconds === undefined;
    return {
      section: 'shards',
      metric: `${s.label} (${fmt.int(s.requests)} requests, ${fmt.int(s.places)} places, ${fmt.int(s.clients)} clients)`,
      value: `${fmt.int(r.accepted)} placed in ${r.simulatedSeconds.toFixed(0)} s; conflicts ${(r.conflictRate * 100).toFixed(1)}%, ${r.retriesPerAccepted.toFixed(2)} retries/place, p99 ${r.p99Attempts} attempts`,
      goal: 'oversell 0',
      met: r.oversell === 0 && (!complete || r.accepted === Math.min(s.places, s.requests)),
      note: complete ? undefined : `stopped after ${s.horizonSeconds} s simulated`,
    };
  });
}
