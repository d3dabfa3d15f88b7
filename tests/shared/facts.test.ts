import { calculate, claimFactsSchema, paidRecordSchema } from '../../shared/benefits';
import { wujin } from './builders';

describe('claim facts at the API boundary', () => {
  it('fills defaults and feeds the calculator', () => {
    const facts = claimFactsSchema.parse({
      kind: 'tiered_annual',
      stays: [{ id: 'x', settlement: 'none', selfPaidFen: 1_000_000 }],
    });
    expect(facts).toMatchObject({ exclusionCodes: [], stays: [{ cause: 'illness', exclusionCodes: [] }] });
    expect(calculate(wujin(), 'hospitalisation', facts).amountFen).toBe(50000);
  });

  it('names the offending field', () => {
    const r = claimFactsSchema.safeParse({
      kind: 'tiered_annual',
      stays: [{ id: 'x', settlement: 'cash', selfPaidFen: 1.5 }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['stays.0.settlement', 'stays.0.selfPaidFen']),
    );
    expect(
      paidRecordSchema.safeParse({
        benefitId: 'b',
        periodStart: '2024-13-01',
        subject: 'period',
        amountFen: 1,
      }).success,
    ).toBe(false);
  });
});
