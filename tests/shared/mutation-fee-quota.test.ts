/**
 * Who pays the fee, and how free (普惠) places are held: the schedule conditions of the seeds
 * one by one, and the quota slices at their bounds. The seeds' totals are in program-data.test.ts.
 */
import {
  adjustSlices,
  MAX_SLICES,
  openQuotaBatch,
  PLACES_PER_SLICE,
  quotaFor,
  sliceCount,
  sliceOrder,
  spread,
} from '../../shared/officer/quota';
import { getProgram, type Program } from '../../shared/program';
import { feeSplitFor } from '../../shared/program/fee';

const jinan = getProgram('jinan-2025-critical-accident');
const gd = getProgram('guangdong-2018');
const puyang = getProgram('henan-puyang-2025');

describe('the fee schedule that applies', () => {
  it('Jinan: the free 20 yuan only on the 普惠 route; any other route, or none, is unit-paid', () => {
    expect(feeSplitFor(jinan, { route: 'puhui' })).toMatchObject({
      scheduleId: 'puhui',
      totalFen: 2000,
      workerFen: 0,
      lines: [{ payer: 'city_union', amountFen: 2000 }],
    });
    expect(feeSplitFor(jinan, { route: 'unit_paid' }).scheduleId).toBe('unit_paid');
    expect(feeSplitFor(jinan).scheduleId).toBe('unit_paid');
  });

  it('Guangdong: any one of the fully funded groups is enough; other groups pay the member share', () => {
    expect(feeSplitFor(gd, { groups: ['other', 'model_worker'] })).toMatchObject({
      scheduleId: 'fully_funded',
      workerFen: 0,
    });
    expect(feeSplitFor(gd, { groups: [] })).toMatchObject({ scheduleId: 'member', workerFen: 2000 });
    expect(feeSplitFor(gd, { groups: ['other'] }).scheduleId).toBe('member');
  });

  it('Puyang: the unit category decides; an unknown or missing one is asked for by field', () => {
    expect(feeSplitFor(puyang, { unitCategory: 'county_unit' })).toMatchObject({
      scheduleId: 'county_unit',
      totalFen: 8000,
      workerFen: 0,
    });
    for (const selector of [{}, { unitCategory: 'other_unit' }, { route: 'county_unit' }])
      expect(() => feeSplitFor(puyang, selector)).toThrow(
        expect.objectContaining({ code: 'ENROLL.FEE_SCHEDULE_NOT_FOUND', field: 'unitCategory' }),
      );
  });

  it('without any matching schedule and no unit category to ask for, no field is named', () => {
    const onlyFree: Program = { ...jinan, fee: { ...jinan.fee, schedules: [jinan.fee.schedules[0]!] } };
    let error: unknown;
    try {
      feeSplitFor(onlyFree, { route: 'unit_paid' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ENROLL.FEE_SCHEDULE_NOT_FOUND' });
    expect((error as { field?: string }).field).toBeUndefined();
  });

  it("the worker's part is every line the worker pays, and only those", () => {
    const split: Program = {
      ...gd,
      fee: {
        ...gd.fee,
        schedules: [
          {
            id: 'two_worker_lines',
            label: 'test',
            lines: [
              { payer: 'worker', label: 'a', amountFen: 1200 },
              { payer: 'province_union', label: 'b', amountFen: 7500 },
              { payer: 'worker', label: 'c', amountFen: 800 },
            ],
          },
        ],
      },
    };
    expect(feeSplitFor(split)).toMatchObject({ workerFen: 2000, totalFen: 9500 });
  });

  it('returns lines the caller may change without changing the program', () => {
    const split = feeSplitFor(gd);
    split.lines[0]!.amountFen = 1;
    expect(feeSplitFor(gd).lines[0]!.amountFen).toBe(7500);
  });
});

describe('free quota slices', () => {
  it('one slice per 100 places, at least one, at most 16', () => {
    expect(PLACES_PER_SLICE).toBe(100);
    expect(MAX_SLICES).toBe(16);
    expect([0, 1, 100, 101, 200, 201, 1600, 1601, 350_000].map(sliceCount)).toEqual([
      1, 1, 1, 2, 2, 3, 16, 16, 16,
    ]);
  });

  it('spreads places as evenly as integers allow, the first slices taking the remainder', () => {
    expect(spread(5, 3)).toEqual([2, 2, 1]);
    expect(spread(0, 2)).toEqual([0, 0]);
    expect(spread(7, 1)).toEqual([7]);
  });

  it('an increase is spread over the slices in full', () => {
    expect(adjustSlices([10, 0, 3], 4)).toEqual({ changes: [2, 1, 1], applied: 4 });
    expect(adjustSlices([10, 0], 0)).toEqual({ changes: [0, 0], applied: 0 });
  });

  it('a decrease takes what is unreserved, slice by slice, never from an overdrawn slice', () => {
    // (A slice that gives nothing reads -0: the same number of places.)
    const taken = (r: { changes: number[]; applied: number }) => ({
      ...r,
      changes: r.changes.map((c) => c || 0),
    });
    expect(taken(adjustSlices([5, -2, 4], -7))).toEqual({ changes: [-5, 0, -2], applied: -7 });
    expect(taken(adjustSlices([5, -2, 4], -20))).toEqual({ changes: [-5, 0, -4], applied: -9 });
  });

  it('tries slices from a random start, then the others in turn', () => {
    expect(sliceOrder(4, 0)).toEqual([0, 1, 2, 3]);
    expect(sliceOrder(4, 0.5)).toEqual([2, 3, 0, 1]);
    expect(sliceOrder(4, 0.99)).toEqual([3, 0, 1, 2]);
    // A random source returning 1 (outside [0, 1)) still starts at a slice that exists.
    expect(sliceOrder(4, 1)).toEqual([3, 0, 1, 2]);
    expect(sliceOrder(1, 0.7)).toEqual([0]);
  });
});

describe('the free-quota batch', () => {
  it('is the open quarter for the 普惠 route; the unit-paid route has none (only the year window)', () => {
    expect(openQuotaBatch(jinan, 'puhui', '2025-05-10')).toMatchObject({ ok: true, batch: { id: '2025q2' } });
    expect(openQuotaBatch(jinan, 'unit_paid', '2025-05-10')).toMatchObject({
      ok: false,
      next: { id: 'window' },
    });
  });

  it('covers the routes its quota names, and none without a route', () => {
    expect(quotaFor(jinan, 'puhui')).toMatchObject({ scope: 'per_unit_per_batch' });
    expect(quotaFor(jinan, 'unit_paid')).toBeUndefined();
    expect(quotaFor(jinan, undefined)).toBeUndefined();
    const anyRoute: Program = { ...jinan, quotas: [{ ...jinan.quotas[0]!, routes: undefined }] };
    expect(quotaFor(anyRoute, undefined)).toBe(anyRoute.quotas[0]);
  });
});
