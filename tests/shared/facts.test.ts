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

describe('claim facts are strict', () => {
  it('refuses an unknown key, at the top and inside a stay, naming it', () => {
    const top = claimFactsSchema.safeParse({ kind: 'tiered_annual', stays: [], bonus: 1 });
    expect(top.success).toBe(false);
    expect(top.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['bonus'] });
    const inStay = claimFactsSchema.safeParse({
      kind: 'tiered_annual',
      stays: [{ id: 'x', settlement: 'none', selfPaidFen: 1, liabilityShareTotal: 5 }],
    });
    expect(inStay.success).toBe(false);
    expect(inStay.error?.issues[0]).toMatchObject({ path: ['stays', 0], keys: ['liabilityShareTotal'] });
    expect(
      paidRecordSchema.safeParse({
        benefitId: 'b',
        periodStart: '2024-01-01',
        subject: 'period',
        amountFen: 1,
        note: 'x',
      }).success,
    ).toBe(false);
  });
});
