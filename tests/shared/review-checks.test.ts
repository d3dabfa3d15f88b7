/** The automatic checks before a human looks: each is a coded warning, none a silent rejection. */
import { findBenefit } from '../../shared/benefits';
import type { ClaimFactsDraft } from '../../shared/claims';
import {
  DEFAULT_REVIEW_POLICY,
  flagsOf,
  reviewChecks,
  reviewPolicyFor,
  staysOverlap,
  type CheckInput,
} from '../../shared/review';
import { wujin } from './builders';

const program = wujin();
const hospital = findBenefit(program, 'hospitalisation');
const critical = findBenefit(program, 'critical_illness');
const coverage = { start: '2024-01-01', end: '2024-12-31' };
const stayOf = (over: object = {}) => ({
  admittedOn: '2024-03-01',
  dischargedOn: '2024-03-10',
  settlement: 'insurance' as const,
  cause: 'illness' as const,
  selfPaidFen: 800_000,
  ...over,
});
const hospitalFacts = (...stays: object[]): ClaimFactsDraft => ({
  kind: 'tiered_annual',
  stays: stays.map((s) => stayOf(s)),
});

function input(over: Partial<CheckInput> = {}): CheckInput {
  return {
    benefit: hospital,
    claim: { id: 'c1', benefitId: 'hospitalisation', facts: hospitalFacts({}), coverage },
    estimate: { amountFen: 100_000, warnings: [] },
    others: [],
    duplicates: [],
    missing: [],
    policy: reviewPolicyFor(program),
    ...over,
  };
}
const codes = (i: CheckInput) => reviewChecks(i).map((c) => c.code);

test('a clean claim has no findings', () => {
  expect(reviewChecks(input())).toEqual([]);
});

test('outside coverage: a stay dated outside the period', () => {
  const out = reviewChecks(
    input({
      claim: {
        id: 'c1',
        benefitId: 'hospitalisation',
        facts: hospitalFacts({ dischargedOn: '2025-01-03' }),
        coverage,
      },
    }),
  );
  expect(out).toEqual([
    expect.objectContaining({
      code: 'REVIEW.OUTSIDE_COVERAGE',
      stayIndex: 0,
      text: expect.stringContaining('2025-01-03'),
    }),
  ]);
});

test('excluded cause: a work-injury stay in a hospitalisation claim', () => {
  const out = reviewChecks(
    input({
      claim: {
        id: 'c1',
        benefitId: 'hospitalisation',
        facts: hospitalFacts(
          {},
          { cause: 'work_injury', admittedOn: '2024-05-01', dischargedOn: '2024-05-03' },
        ),
        coverage,
      },
    }),
  );
  expect(out.map((c) => [c.code, c.stayIndex])).toEqual([['REVIEW.EXCLUDED_CAUSE', 1]]);
});

test('benefit already paid once this coverage (critical illness, same category)', () => {
  const facts: ClaimFactsDraft = { kind: 'fixed_grant', category: 'listed', diagnosedOn: '2024-04-01' };
  const i = input({
    benefit: critical,
    claim: { id: 'c1', benefitId: 'critical_illness', facts, coverage },
    others: [{ id: 'c0', status: 'paid', benefitId: 'critical_illness', facts }],
  });
  expect(reviewChecks(i)).toEqual([
    expect.objectContaining({ code: 'REVIEW.ALREADY_PAID', otherClaimIds: ['c0'] }),
  ]);
  // A rejected earlier claim is no payment.
  expect(
    codes({ ...i, others: [{ id: 'c0', status: 'rejected', benefitId: 'critical_illness', facts }] }),
  ).toEqual([]);
});

test("stays overlapping another claim's stays (a same-day transfer is no overlap)", () => {
  const other = {
    id: 'c9',
    status: 'approved' as const,
    benefitId: 'hospitalisation',
    facts: hospitalFacts({ admittedOn: '2024-03-05', dischargedOn: '2024-03-08' }),
  };
  expect(reviewChecks(input({ others: [other] }))).toEqual([
    expect.objectContaining({ code: 'REVIEW.STAY_OVERLAP', otherClaimIds: ['c9'] }),
  ]);
  expect(codes(input({ others: [{ ...other, status: 'withdrawn' }] }))).toEqual([]);
  expect(
    staysOverlap({ from: '2024-03-01', to: '2024-03-10' }, { from: '2024-03-10', to: '2024-03-12' }),
  ).toBe(false);
  expect(
    codes(
      input({
        claim: {
          id: 'c1',
          benefitId: 'hospitalisation',
          facts: hospitalFacts({}, { admittedOn: '2024-03-09', dischargedOn: '2024-03-12' }),
          coverage,
        },
      }),
    ),
  ).toEqual(['REVIEW.STAY_OVERLAP']);
});

test('the same invoice number or image in another claim', () => {
  const out = reviewChecks(
    input({
      duplicates: [
        { kind: 'invoice', stayIndex: 0, ownClaim: false, otherClaimIds: ['x'] },
        { kind: 'image', ownClaim: true, otherClaimIds: ['y'] },
      ],
    }),
  );
  expect(out.map((c) => c.code)).toEqual(['REVIEW.DUPLICATE_INVOICE', 'REVIEW.DUPLICATE_IMAGE']);
  expect(out[0]!.text).toContain('其他职工的申请');
  expect(flagsOf(out)).toEqual(['duplicate']);
});

test('missing material, and an amount far above the typical claim (threshold as data)', () => {
  expect(codes(input({ missing: [{ label: '出入院记录' }] }))).toEqual(['REVIEW.MATERIAL_MISSING']);
  const high = reviewPolicyFor(program).highAmountFen.hospitalisation!;
  expect(codes(input({ estimate: { amountFen: high, warnings: [] } }))).toEqual(['REVIEW.AMOUNT_HIGH']);
  expect(codes(input({ estimate: { amountFen: high - 1, warnings: [] } }))).toEqual([]);
  // Another policy, another threshold.
  expect(
    codes(
      input({
        estimate: { amountFen: high, warnings: [] },
        policy: { ...DEFAULT_REVIEW_POLICY, highAmountFen: {} },
      }),
    ),
  ).toEqual([]);
});

test("the calculator's blocking warnings are passed on, coded", () => {
  const out = reviewChecks(
    input({
      estimate: {
        amountFen: 0,
        warnings: [{ code: 'BENEFIT.AMOUNT_UNKNOWN', text: '金额未公布', blocking: true }],
      },
    }),
  );
  expect(out).toEqual([{ code: 'REVIEW.CALCULATOR_BLOCKING', text: '金额未公布' }]);
});
