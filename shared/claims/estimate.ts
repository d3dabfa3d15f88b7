/**
 * The estimate a worker sees before submitting, from the shared calculator. The HISTORY comes
 * from the worker's stored claims of the same enrolment (never from the client): claims already
 * decided count with their decided amounts, and for a tiered annual rule (Wujin: 全年累计个人
 * 自理) their stays count towards this year's sum, so a second claim pays only the difference.
 */
import { calculate } from '../benefits/calculate';
import type { CalcLine, CalcWarning, ClaimFactsInput, HospitalStay, PaidRecord } from '../benefits/facts';
import { formatYuan } from '../money';
import { CLAIM_DECIDED, CLAIM_OPEN, type ClaimStatus } from '../lifecycle/claim';
import type { Benefit, Program, StayAdjustment, TieredAnnualRule } from '../program/schema';
import { normaliseDocumentNo, type ClaimFactsDraft, type ClaimStay } from './facts';
import type { Coverage } from './validate';

/** A claim as stored, as far as the estimate needs it. */
export interface StoredClaim {
  id: string;
  status: ClaimStatus;
  benefitId: string;
  facts: ClaimFactsDraft;
  /** Set by the review: what was decided to pay (and for which subject). */
  decision?: { amountFen: number };
}

export interface EarlierClaim {
  claimId: string;
  status: ClaimStatus;
  amountFen: number;
}

export interface ClaimEstimate {
  amountFen: number;
  entitlementFen: number;
  alreadyPaidFen: number;
  lines: CalcLine[];
  warnings: CalcWarning[];
  benefitId: string;
  periodStart: string;
  subject: string;
  /** Decided claims of the same benefit and period whose payment is subtracted. */
  earlierClaims: EarlierClaim[];
  /** Claims of the same benefit and period still in review: the final amount may change. */
  pendingClaims: number;
  /** Every stay (or the whole claim) falls under an excluded cause: the reason. */
  excluded?: string;
}

/** Keyed hash of a work-injury decision number, so the incident id says nothing (the server supplies it). */
export type IncidentKeyOf = (decisionNo: string) => string;

function toStay(s: ClaimStay, id: string): HospitalStay {
  return {
    id,
    admittedOn: s.admittedOn,
    dischargedOn: s.dischargedOn,
    settlement: s.settlement ?? 'none',
    cause: s.cause ?? 'illness',
    selfPaidFen: s.selfPaidFen ?? 0,
    liabilityShareTotalFen: s.totalCostFen,
    exclusionCodes: [],
  };
}

const staysOf = (claim: Pick<StoredClaim, 'id' | 'facts'>): HospitalStay[] =>
  'stays' in claim.facts ? claim.facts.stays.map((s, i) => toStay(s, `${claim.id}#${i + 1}`)) : [];

function subjectOf(facts: ClaimFactsDraft, incidentKeyOf: IncidentKeyOf): string {
  if (facts.kind === 'fixed_grant') return `category:${facts.category ?? ''}`;
  if (facts.kind === 'grade_table')
    return `incident:${incidentKeyOf(normaliseDocumentNo(facts.decisionNo ?? ''))}`;
  return 'period';
}

/** The calculator's facts for this claim, with the stays of earlier decided claims prepended. */
export function toCalcFacts(
  benefit: Benefit,
  claim: Pick<StoredClaim, 'id' | 'facts'>,
  coverage: Coverage,
  earlier: readonly Pick<StoredClaim, 'id' | 'facts'>[],
  incidentKeyOf: IncidentKeyOf,
): ClaimFactsInput {
  const period = { start: coverage.start, end: coverage.end };
  const f = claim.facts;
  const conditionsMet = 'conditions' in benefit.rule ? benefit.rule.conditions.map((c) => c.id) : [];
  switch (f.kind) {
    case 'tiered_annual':
      return { kind: 'tiered_annual', period, stays: [...earlier.flatMap(staysOf), ...staysOf(claim)] };
    case 'ratio':
      return {
        kind: 'ratio',
        period,
        items: [...earlier.flatMap(staysOf), ...staysOf(claim)].map((s) => ({
          id: s.id,
          admittedOn: s.admittedOn,
          dischargedOn: s.dischargedOn,
          basisFen: s.selfPaidFen,
        })),
      };
    case 'fixed_grant':
      return {
        kind: 'fixed_grant',
        period,
        category: f.category ?? '',
        diagnosedOn: f.diagnosedOn,
        conditionsMet,
      };
    case 'grade_table':
      return {
        kind: 'grade_table',
        period,
        incidentId: incidentKeyOf(normaliseDocumentNo(f.decisionNo ?? '')),
        grade: f.outcome === 'death' ? undefined : f.grade,
        death: f.outcome === 'death',
        conditionsMet,
      };
  }
}

/** The calculator's history from the worker's stored claims: decided amounts of the same benefit. */
export function historyFrom(
  siblings: readonly StoredClaim[],
  benefitId: string,
  coverage: Coverage,
  incidentKeyOf: IncidentKeyOf,
): PaidRecord[] {
  return siblings
    .filter((c) => c.benefitId === benefitId && CLAIM_DECIDED.includes(c.status) && c.decision)
    .map((c) => ({
      benefitId,
      periodStart: coverage.start,
      subject: subjectOf(c.facts, incidentKeyOf),
      amountFen: c.decision!.amountFen,
      claimId: c.id,
    }));
}

function firstAdjustment(rule: TieredAnnualRule, s: ClaimStay): StayAdjustment | undefined {
  return rule.stayAdjustments.find(
    (a) =>
      (a.when.settlement === undefined || a.when.settlement === (s.settlement ?? 'none')) &&
      (a.when.causes === undefined || a.when.causes.includes(s.cause ?? 'illness')),
  );
}

/** The reason when every stay of the claim is excluded by its cause (e.g. Wujin: 因工伤住院). */
export function excludedReason(benefit: Benefit, facts: ClaimFactsDraft): string | undefined {
  if (benefit.rule.kind !== 'tiered_annual' || facts.kind !== 'tiered_annual' || facts.stays.length === 0)
    return undefined;
  const rule = benefit.rule;
  const adjs = facts.stays.map((s) => firstAdjustment(rule, s));
  if (!adjs.every((a) => a?.excludedReason)) return undefined;
  const a = adjs[0]!;
  return `${a.label}，${a.excludedReason}（${benefit.name}）`;
}

function assumedConditionsLine(benefit: Benefit): CalcLine | undefined {
  const conditions = 'conditions' in benefit.rule ? benefit.rule.conditions : [];
  if (conditions.length === 0) return undefined;
  return {
    code: 'ESTIMATE_ASSUMES',
    text: `预估按满足给付条件计算（${conditions.map((c) => c.label).join('；')}），以审核认定为准`,
  };
}

function earlierLine(earlier: readonly EarlierClaim[]): CalcLine | undefined {
  if (earlier.length === 0) return undefined;
  const total = earlier.reduce((t, c) => t + c.amountFen, 0);
  return {
    code: 'EARLIER_CLAIMS',
    text: `本保障期已审核通过的同类申请 ${earlier.length} 件，合计 ${formatYuan(total)}，已计入下方累计并扣除`,
    amountFen: total,
  };
}

/** The estimate of one claim, given its siblings (the worker's other claims of the same enrolment). */
export function estimateClaim(
  program: Program,
  benefit: Benefit,
  claim: Pick<StoredClaim, 'id' | 'facts'>,
  coverage: Coverage,
  siblings: readonly StoredClaim[],
  incidentKeyOf: IncidentKeyOf,
): ClaimEstimate {
  const others = siblings.filter((c) => c.id !== claim.id && c.benefitId === benefit.id);
  const decided = others.filter((c) => CLAIM_DECIDED.includes(c.status) && c.decision);
  const history = historyFrom(decided, benefit.id, coverage, incidentKeyOf);
  const facts = toCalcFacts(benefit, claim, coverage, decided, incidentKeyOf);
  const result = calculate(program, benefit, facts, history);
  const earlierClaims = decided.map((c) => ({
    claimId: c.id,
    status: c.status,
    amountFen: c.decision!.amountFen,
  }));
  const pendingClaims = others.filter((c) => CLAIM_OPEN.includes(c.status)).length;
  const warnings = [...result.warnings];
  if (pendingClaims > 0)
    warnings.push({
      code: 'CLAIM.OTHERS_PENDING',
      text: `本保障期另有 ${pendingClaims} 件同类申请正在审核，最终金额以审核时的累计计算为准`,
    });
  const lines = [assumedConditionsLine(benefit), earlierLine(earlierClaims), ...result.lines].filter(
    (l): l is CalcLine => l !== undefined,
  );
  return {
    amountFen: result.amountFen,
    entitlementFen: result.entitlementFen,
    alreadyPaidFen: result.alreadyPaidFen,
    lines,
    warnings,
    benefitId: benefit.id,
    periodStart: result.periodStart,
    subject: result.subject,
    earlierClaims,
    pendingClaims,
    excluded: excludedReason(benefit, claim.facts),
  };
}

/**
 * A second claim for what is paid once: the same critical-illness category in the same period
 * (already decided → ALREADY_PAID_ONCE; still in review → ALREADY_CLAIMED), or the same work-injury
 * decision while another claim for it is in review. Re-appraisals of a decided injury are allowed
 * (the calculator pays only the difference).
 */
export function onceOnlyConflict(
  benefit: Benefit,
  claim: Pick<StoredClaim, 'id' | 'facts'>,
  siblings: readonly StoredClaim[],
): { code: 'CLAIM.ALREADY_PAID_ONCE' | 'CLAIM.ALREADY_CLAIMED'; message: string } | undefined {
  const f = claim.facts;
  const others = siblings.filter((c) => c.id !== claim.id && c.benefitId === benefit.id);
  if (f.kind === 'fixed_grant' && f.category && benefit.rule.kind === 'fixed_grant') {
    const cat = benefit.rule.categories.find((c) => c.id === f.category);
    const same = others.filter((c) => c.facts.kind === 'fixed_grant' && c.facts.category === f.category);
    const what = cat ? `${cat.grantLabel}（${cat.label}）` : benefit.name;
    if (same.some((c) => CLAIM_DECIDED.includes(c.status)))
      return {
        code: 'CLAIM.ALREADY_PAID_ONCE',
        message: `本保障期已领取过${what}，同一保障期内每类只给付一次`,
      };
    if (same.some((c) => CLAIM_OPEN.includes(c.status)))
      return { code: 'CLAIM.ALREADY_CLAIMED', message: `本保障期已有${what}的申请正在办理，请等待审核结果` };
  }
  if (f.kind === 'grade_table' && f.decisionNo) {
    const no = normaliseDocumentNo(f.decisionNo);
    const open = others.some(
      (c) =>
        c.facts.kind === 'grade_table' &&
        c.facts.decisionNo !== undefined &&
        normaliseDocumentNo(c.facts.decisionNo) === no &&
        CLAIM_OPEN.includes(c.status),
    );
    if (open)
      return { code: 'CLAIM.ALREADY_CLAIMED', message: '同一认定工伤决定书已有申请正在办理，请等待审核结果' };
  }
  return undefined;
}
