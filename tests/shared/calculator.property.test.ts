/**
 * Properties of the calculator over random inputs: monotone in the self-paid sum, never
 * negative, never above a cap, and claims made one by one over a year add up to the
 * amount of one claim with every stay.
 */
import fc from 'fast-check';
import {
  calculate,
  calculateAmount,
  type HospitalStay,
  type PaidRecord,
  type RatioItem,
} from '../../shared/benefits';
import { programLike, wujin } from './builders';

const RUNS = { numRuns: 300 };

const stayArb: fc.Arbitrary<HospitalStay> = fc.record({
  id: fc.uuid(),
  settlement: fc.constantFrom('insurance' as const, 'none' as const),
  cause: fc.constantFrom(
    'illness' as const,
    'accident' as const,
    'traffic_accident' as const,
    'work_injury' as const,
  ),
  selfPaidFen: fc.integer({ min: 0, max: 30_000_000 }),
  liabilityShareTotalFen: fc.integer({ min: 0, max: 30_000_000 }),
});
const staysArb = fc.uniqueArray(stayArb, { selector: (s) => s.id, maxLength: 6 });

const hospital = (stays: HospitalStay[], history: PaidRecord[] = []) =>
  calculate(wujin(), 'hospitalisation', { kind: 'tiered_annual', stays }, history);

/** Pays each claim, records it, and returns the amounts (the claim service's loop). */
function payInSteps<T>(
  steps: T[][],
  run: (facts: T[], history: PaidRecord[]) => ReturnType<typeof hospital>,
): number[] {
  const history: PaidRecord[] = [];
  return steps.map((facts) => {
    const r = run(facts, history);
    history.push({
      benefitId: r.benefitId,
      periodStart: r.periodStart,
      subject: r.subject,
      amountFen: r.amountFen,
    });
    return r.amountFen;
  });
}

describe('tiered rule properties', () => {
  it('is monotone in the self-paid sum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pay = (fen: number) =>
            hospital([{ id: 's', settlement: 'insurance', selfPaidFen: fen }]).amountFen;
          expect(pay(lo)).toBeLessThanOrEqual(pay(hi));
        },
      ),
      RUNS,
    );
  });

  it('adding a stay never lowers the entitlement, and the amount is never negative', () => {
    fc.assert(
      fc.property(staysArb, stayArb, fc.integer({ min: 0, max: 10_000_000 }), (stays, extra, alreadyPaid) => {
        fc.pre(!stays.some((s) => s.id === extra.id));
        const before = hospital(stays);
        const after = hospital([...stays, extra]);
        expect(after.entitlementFen).toBeGreaterThanOrEqual(before.entitlementFen);
        const withHistory = hospital(stays, [
          {
            benefitId: 'hospitalisation',
            periodStart: '2024-01-01',
            subject: 'period',
            amountFen: alreadyPaid,
          },
        ]);
        expect(withHistory.amountFen).toBeGreaterThanOrEqual(0);
        expect(withHistory.amountFen).toBe(Math.max(0, before.entitlementFen - alreadyPaid));
      }),
      RUNS,
    );
  });

  it('computes the same amount with and without the explanation', () => {
    fc.assert(
      fc.property(staysArb, fc.integer({ min: 0, max: 10_000_000 }), (stays, alreadyPaid) => {
        const history = [
          {
            benefitId: 'hospitalisation',
            periodStart: '2024-01-01',
            subject: 'period',
            amountFen: alreadyPaid,
          },
        ];
        const full = hospital(stays, history);
        const amount = calculateAmount(wujin(), 'hospitalisation', { kind: 'tiered_annual', stays }, history);
        expect(amount).toEqual({ ...full, lines: undefined });
      }),
      RUNS,
    );
  });

  it('increments over a year add up to the one-shot amount', () => {
    fc.assert(
      fc.property(staysArb, (stays) => {
        // Claim after each stay with all the year's stays so far.
        const steps = stays.map((_, i) => stays.slice(0, i + 1));
        const increments = payInSteps(steps, (s, h) => hospital(s, h));
        const oneShot = hospital(stays).amountFen;
        expect(increments.reduce((t, x) => t + x, 0)).toBe(oneShot);
        increments.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
      }),
      RUNS,
    );
  });
});

describe('ratio rule properties', () => {
  const CAP = 1_000_000;
  const capped = programLike(
    'guangdong-2018',
    (p) => ((p.benefits[0].rule as { capPerCoverageFen: number | null }).capPerCoverageFen = CAP),
  );
  const period = { start: '2019-01-01', end: '2019-12-31' };
  const itemsArb = fc.uniqueArray(
    fc.record({ id: fc.uuid(), basisFen: fc.integer({ min: 0, max: 2_000_000 }) }),
    { selector: (i) => i.id, maxLength: 8 },
  );
  const ratio = (items: RatioItem[], history: PaidRecord[] = []) =>
    calculate(capped, 'hospital_second', { kind: 'ratio', items, period }, history);

  it('is never negative and never above the cap', () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const r = ratio(items);
        expect(r.amountFen).toBeGreaterThanOrEqual(0);
        expect(r.amountFen).toBeLessThanOrEqual(CAP);
      }),
      RUNS,
    );
  });

  it('increments over a coverage period add up to the one-shot amount and stay under the cap', () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const steps = items.map((_, i) => items.slice(0, i + 1));
        const increments = payInSteps(steps, (s, h) => ratio(s, h));
        const total = increments.reduce((t, x) => t + x, 0);
        expect(total).toBe(ratio(items).amountFen);
        expect(total).toBeLessThanOrEqual(CAP);
      }),
      RUNS,
    );
  });
});

describe('grant and grade properties', () => {
  it('never pays a critical-illness category twice in one coverage, whatever the order of claims', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('listed' as const, 'in_situ' as const), { maxLength: 6 }),
        (categories) => {
          const steps = categories.map((c) => [c]);
          const paidAmounts = payInSteps(steps, ([category], history) =>
            calculate(
              wujin(),
              'critical_illness',
              { kind: 'fixed_grant', category, conditionsMet: ['first_diagnosis', 'qualified_hospital'] },
              history,
            ),
          );
          const expected =
            (categories.includes('listed') ? 500000 : 0) + (categories.includes('in_situ') ? 100000 : 0);
          expect(paidAmounts.reduce((t, x) => t + x, 0)).toBe(expected);
        },
      ),
      RUNS,
    );
  });

  it('pays one work-injury incident at most its highest grade amount, never negative', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 5 }), (grades) => {
        const steps = grades.map((g) => [g]);
        const paidAmounts = payInSteps(steps, ([grade], history) =>
          calculate(wujin(), 'work_injury', { kind: 'grade_table', incidentId: 'one', grade }, history),
        );
        paidAmounts.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
        const table = (g: number) =>
          g <= 2 ? 500000 : g <= 4 ? 300000 : g <= 6 ? 200000 : g <= 8 ? 50000 : 30000;
        expect(paidAmounts.reduce((t, x) => t + x, 0)).toBe(Math.max(...grades.map(table)));
      }),
      RUNS,
    );
  });
});
