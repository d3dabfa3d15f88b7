import { getProgram } from '../../shared/program';
import { applyVariant, whatIf, type WhatIfClaim } from '../../shared/unitdata';
import { aStay, hospitalFacts } from './builders';

const wujin = () => getProgram('wujin-2024');
const coverage = { start: '2024-01-01', end: '2024-12-31' };
const claim = (
  workerKey: string,
  selfPaidYuan: number | number[],
  order: number,
  actualFen: number,
): WhatIfClaim => ({
  workerKey,
  benefitId: 'hospitalisation',
  facts: hospitalFacts([selfPaidYuan].flat().map((y) => aStay({ selfPaidYuan: y }))),
  coverage,
  order,
  actualFen,
});

describe('fee what-if', () => {
  test('the unchanged copy reproduces the base; premiums follow the split', () => {
    const r = whatIf(
      wujin(),
      {},
      [{ count: 1000, actualTotalFen: 1000 * 10000 }],
      [claim('a', 6000, 1, 100000)],
    );
    expect(r.base).toEqual(r.variant);
    expect(r.base.premiumsFen).toBe(10_000_000);
    expect(r.base.byPayerFen).toEqual({ worker: 2_000_000, county_union: 8_000_000 });
    expect(r.base.payoutsFen).toBe(100000);
    expect(r.base.claimsRatioBp).toBe(100);
    expect(r.actual).toEqual({ premiumsFen: 10_000_000, payoutsFen: 100000, claimsRatioBp: 100 });
  });

  test('a higher fee and a richer tier change premiums, payouts and the ratio', () => {
    const base = wujin();
    const tiers = (
      base.benefits.find((b) => b.id === 'hospitalisation')!.rule as {
        tiers: { minFen: number; amountFen: number }[];
      }
    ).tiers.map((t) => ({ ...t }));
    tiers[1]!.amountFen = 150000; // [5000, 10000) pays 1,500 instead of 1,000
    const r = whatIf(
      base,
      {
        perShareFen: 12000,
        schedules: [
          {
            id: 'standard',
            lines: [
              { payer: 'worker', label: '个人缴费', amountFen: 3000 },
              { payer: 'county_union', label: '区总工会补助', amountFen: 9000 },
            ],
          },
        ],
        tiers: [{ benefitId: 'hospitalisation', tiers }],
      },
      [{ count: 100, actualTotalFen: 1_000_000 }],
      [claim('a', 6000, 1, 100000), claim('b', 2000, 2, 50000)],
    );
    expect(r.variant.premiumsFen).toBe(1_200_000);
    expect(r.variant.byPayerFen).toEqual({ worker: 300_000, county_union: 900_000 });
    expect(r.base.payoutsFen).toBe(150000);
    expect(r.variant.payoutsFen).toBe(200000);
    expect(r.variant.claimsRatioBp).toBe(Math.floor((200000 * 10000) / 1_200_000));
  });

  test('a worker’s later claim pays only the difference under the copy too', () => {
    const r = whatIf(
      wujin(),
      {},
      [{ count: 10, actualTotalFen: 100000 }],
      [claim('a', 3000, 1, 50000), claim('a', [3000, 3000], 2, 50000)],
    );
    // The year's stays: 3,000 (pays 500), then 6,000 cumulative (1,000, of which 500 already paid).
    expect(r.base.payoutsFen).toBe(100000);
  });

  test('a copy that breaks the schema is refused with the field named', () => {
    expect(() => applyVariant(wujin(), { perShareFen: 9000 })).toThrow(/不等于费用/);
  });
});
