/**
 * What decides approval and recovery in the review, as data and rules: the per-program policy
 * (thresholds, the meeting's rule, the objection window), the rejection reasons that recover
 * money already paid, and the meeting's vote at its bounds. Wujin 2024 is the seed used.
 */
import {
  DEFAULT_REVIEW_POLICY,
  findRejectReason,
  highAmountFor,
  recusalReason,
  REJECT_REASONS,
  rejectReasonsFor,
  reviewPolicyFor,
  tally,
} from '../../shared/review';
import { wujin } from './builders';

const program = wujin();

describe('the review policy', () => {
  it('defaults: 20,000 yuan is high, 3 voters decide by simple majority, 7 days of objection', () => {
    expect(DEFAULT_REVIEW_POLICY).toMatchObject({
      highAmountFen: {},
      defaultHighAmountFen: 2_000_000,
      meeting: { quorum: 3, passAboveBp: 5000 },
      objectionWindowDays: 7,
      settlementImport: 'worker_confirms',
      longWaitDays: 30,
      nearDueWorkingDays: 3,
    });
    expect(DEFAULT_REVIEW_POLICY.settlementBenefitId).toBeUndefined();
  });

  it('Wujin: 10,000 yuan of hospitalisation subsidy is high, above 5,000 for critical illness and injury', () => {
    const p = reviewPolicyFor(program);
    expect(p.highAmountFen).toEqual({
      hospitalisation: 1_000_000,
      critical_illness: 500_001,
      work_injury: 500_001,
    });
    expect(highAmountFor(p, 'hospitalisation')).toBe(1_000_000);
    expect(highAmountFor(p, 'critical_illness')).toBe(500_001);
    expect(highAmountFor(p, 'something_else')).toBe(2_000_000);
    expect(p).toMatchObject({
      settlementImport: 'worker_confirms',
      settlementBenefitId: 'hospitalisation',
      meeting: DEFAULT_REVIEW_POLICY.meeting,
      objectionWindowDays: 7,
    });
    expect(p.notes.length).toBeGreaterThan(0);
  });

  it('a series without its own policy gets the defaults', () => {
    expect(reviewPolicyFor({ series: 'nowhere' })).toEqual(DEFAULT_REVIEW_POLICY);
  });
});

describe('rejection reasons', () => {
  it('the catalogue: only invalid material and an upheld objection recover what was paid', () => {
    expect(REJECT_REASONS.map((r) => r.code)).toEqual([
      'OUTSIDE_COVERAGE',
      'NOT_ELIGIBLE',
      'BELOW_THRESHOLD',
      'ALREADY_PAID',
      'DUPLICATE_CLAIM',
      'MATERIAL_INVALID',
      'NOT_LISTED_ILLNESS',
      'NOT_FIRST_DIAGNOSIS',
      'HOSPITAL_NOT_QUALIFIED',
      'MEETING_REJECTED',
      'OBJECTION_UPHELD',
      'OTHER',
    ]);
    expect(REJECT_REASONS.filter((r) => r.recoverPaid).map((r) => r.code)).toEqual([
      'MATERIAL_INVALID',
      'OBJECTION_UPHELD',
    ]);
  });

  it("add the program's exclusions that apply to the benefit, recovering as the program says", () => {
    const hospital = rejectReasonsFor(program, 'hospitalisation');
    const critical = rejectReasonsFor(program, 'critical_illness');
    expect(hospital.slice(0, REJECT_REASONS.length)).toEqual(REJECT_REASONS);
    expect(hospital.map((r) => r.code)).toContain('EXCLUSION:FRAUD');
    expect(hospital.map((r) => r.code)).not.toContain('EXCLUSION:PRE_EXISTING');
    expect(critical.map((r) => r.code)).toContain('EXCLUSION:PRE_EXISTING');
    expect(critical.map((r) => r.code)).not.toContain('EXCLUSION:FRAUD');
    expect(findRejectReason(program, 'critical_illness', 'EXCLUSION:MISDIAGNOSIS')).toMatchObject({
      recoverPaid: true,
    });
    const kept = { ...program, exclusions: [{ ...program.exclusions[0]!, recoverPaid: false }] };
    expect(findRejectReason(kept, 'hospitalisation', 'EXCLUSION:FRAUD')?.recoverPaid).toBe(false);
  });

  it('are looked up by code; an unknown code is none', () => {
    expect(findRejectReason(program, 'hospitalisation', 'OBJECTION_UPHELD')).toMatchObject({
      recoverPaid: true,
    });
    expect(findRejectReason(program, 'hospitalisation', 'NOPE')).toBeUndefined();
  });
});

describe('the appraisal meeting', () => {
  const rule = DEFAULT_REVIEW_POLICY.meeting;

  it('decides with exactly the quorum; one vote fewer leaves the claim for the next meeting', () => {
    expect(tally(['approve', 'approve', 'approve'], 5, rule).outcome).toBe('approved');
    expect(tally(['approve', 'approve'], 5, rule).outcome).toBe('undecided');
    expect(tally([], 5, rule).outcome).toBe('undecided');
  });

  it('counts abstentions as votes cast: 2 of 3 with one abstaining pass, 1 of 3 does not', () => {
    expect(tally(['approve', 'approve', 'abstain'], 3, rule)).toMatchObject({
      approve: 2,
      reject: 0,
      abstain: 1,
      eligible: 3,
      outcome: 'approved',
    });
    expect(tally(['approve', 'abstain', 'abstain'], 3, rule)).toMatchObject({
      approve: 1,
      reject: 0,
      abstain: 2,
      outcome: 'rejected',
    });
    expect(tally(['reject', 'reject', 'approve', 'abstain'], 4, rule)).toMatchObject({
      approve: 1,
      reject: 2,
      abstain: 1,
      outcome: 'rejected',
    });
  });

  it('passes only above the share: 2 of 3 votes exceed 6666 bp but not 6667; 3 of 4 exceed 6667', () => {
    const twoOfThree = ['approve', 'approve', 'reject'] as const;
    expect(tally(twoOfThree, 3, { ...rule, passAboveBp: 6666 }).outcome).toBe('approved');
    expect(tally(twoOfThree, 3, { ...rule, passAboveBp: 6667 }).outcome).toBe('rejected');
    expect(
      tally(['approve', 'approve', 'approve', 'reject'], 4, { ...rule, passAboveBp: 6667 }).outcome,
    ).toBe('approved');
  });

  it('recuses the worker first, then who filed, then a relative, then the same unit', () => {
    const parties = { workerId: 'w', unitId: 'u1', filedById: 'w', authorisedIds: ['w'] };
    expect(recusalReason({ userId: 'w', unitId: 'u1', unitOfficerOf: [] }, parties)).toBe('worker');
    const filed = { ...parties, workerId: 'x', filedById: 'f', authorisedIds: ['f'] };
    expect(recusalReason({ userId: 'f', unitId: 'u1', unitOfficerOf: [] }, filed)).toBe('filed');
    const rel = { ...parties, workerId: 'x', filedById: 'y', authorisedIds: ['r'] };
    expect(recusalReason({ userId: 'r', unitId: 'u1', unitOfficerOf: [] }, rel)).toBe('authorised');
    // A member with no unit of their own is not "the same unit" as anyone.
    expect(recusalReason({ userId: 'm', unitOfficerOf: ['u2'] }, rel)).toBeUndefined();
  });
});
