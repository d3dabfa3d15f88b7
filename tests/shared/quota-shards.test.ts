import fc from 'fast-check';
import {
  formatShardTable,
  shardScenarios,
  simulateReservations,
  type ShardSimInput,
} from '../bench/quota-shards';

const base = { rttMs: 50, seed: 7 };

describe('quota reservation simulation', () => {
  test('every place is taken once, never more, and the rest are refused', () => {
    fc.assert(
      fc.property(
        fc.record({
          places: fc.integer({ min: 0, max: 300 }),
          shards: fc.integer({ min: 1, max: 20 }),
          clients: fc.integer({ min: 1, max: 60 }),
          requests: fc.integer({ min: 0, max: 400 }),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        }),
        (input) => {
          const r = simulateReservations({ ...input, rttMs: 50 });
          expect(r.accepted).toBe(Math.min(input.requests, input.places));
          expect(r.oversell).toBe(0);
          expect(r.pending).toBe(0);
          expect(r.refused).toBe(input.requests - r.accepted);
          expect(r.retries).toBe(r.attempts - input.requests);
          expect(r.conflicts + r.misses).toBe(r.retries + r.refused);
          // One shard commits at most one decrement per round trip.
          expect(r.accepted).toBeLessThanOrEqual(
            input.shards * Math.ceil((r.simulatedSeconds * 1000) / 50) + input.shards,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the benchmark scenarios (the small ones here; the season runs in the benchmark)', () => {
    const small = shardScenarios().filter((s) => s.places <= 10_000);
    const results = small.map((s) => simulateReservations(s));
    expect(results).toHaveLength(4);
    for (const r of results) {
      expect(r.accepted).toBe(Math.min(r.requests, r.places));
      expect(r.oversell).toBe(0);
    }
    const [batch1, batchSliced, unit1, unitSliced] = results;
    expect(batchSliced!.shards).toBe(10);
    expect(batchSliced!.simulatedSeconds).toBeLessThan(batch1!.simulatedSeconds);
    expect(unitSliced!.shards).toBe(16);
    expect(unitSliced!.conflictRate).toBeLessThan(unit1!.conflictRate);
  });

  test('slices cut conflicts far below one counter document, and drain much sooner', () => {
    const input: Omit<ShardSimInput, 'shards'> = { ...base, places: 10_000, clients: 100, requests: 10_000 };
    const one = simulateReservations({ ...input, shards: 1 });
    const sliced = simulateReservations({ ...input, shards: input.places / 100 });
    expect(one.accepted).toBe(10_000);
    expect(sliced.accepted).toBe(10_000);
    expect(one.conflictRate).toBeGreaterThan(0.5);
    expect(sliced.conflictRate).toBeLessThan(one.conflictRate / 2);
    expect(sliced.retriesPerAccepted).toBeLessThan(one.retriesPerAccepted / 2);
    expect(sliced.simulatedSeconds * 5).toBeLessThan(one.simulatedSeconds);
  });

  test('one document is bounded by one reservation per round trip', () => {
    const r = simulateReservations({
      ...base,
      places: 100_000,
      shards: 1,
      clients: 1_000,
      requests: 100_000,
      horizonSeconds: 60,
    });
    expect(r.simulatedSeconds).toBe(60);
    expect(r.accepted).toBeLessThanOrEqual((60 * 1000) / 50);
    expect(r.pending).toBe(100_000 - r.accepted);
    expect(r.oversell).toBe(0);
  });

  test('deterministic per seed', () => {
    const input = { ...base, places: 500, shards: 5, clients: 80, requests: 700 };
    expect(simulateReservations(input)).toEqual(simulateReservations(input));
    expect(simulateReservations({ ...input, seed: 8 }).conflicts).not.toBe(
      simulateReservations(input).conflicts,
    );
  });

  test('the table has a header, a rule and a line per result', () => {
    const results = [simulateReservations({ ...base, places: 10, shards: 1, clients: 2, requests: 12 })];
    const lines = formatShardTable(results);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\| case .*\| simulated s \|$/);
    expect(lines[2]).toContain('| 10 ');
  });
});
