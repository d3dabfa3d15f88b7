/**
 * Automatic checks before a human looks at a claim: each finding is a coded warning the reviewer
 * sees beside the calculator's proposal — never a silent rejection. Pure: the handler passes the
 * claim, the worker's other stored claims, the duplicates found at submission and what is missing.
 */
import { isWithin, type IsoDate } from '../calendar';
import type { ClaimFactsDraft } from '../claims/facts';
import { normaliseDocumentNo } from '../claims/facts';
import type { ClaimStatus } from '../lifecycle/claim';
import { formatYuan } from '../money';
import type { Benefit } from '../program/schema';
import { highAmountFor, type ReviewPolicy } from './policy';

export type CheckCode =
  | 'REVIEW.OUTSIDE_COVERAGE'
  | 'REVIEW.EXCLUDED_CAUSE'
  | 'REVIEW.ALREADY_PAID'
  | 'REVIEW.STAY_OVERLAP'
  | 'REVIEW.DUPLICATE_INVOICE'
  | 'REVIEW.DUPLICATE_IMAGE'
  | 'REVIEW.MATERIAL_MISSING'
  | 'REVIEW.AMOUNT_HIGH'
  | 'REVIEW.CALCULATOR_BLOCKING';

export interface ReviewCheck {
  code: CheckCode;
  text: string;
  stayIndex?: number;
  /** Other claims the finding concerns (the reviewer may open them). */
  otherClaimIds?: string[];
}

export interface CheckedClaim {
  id: string;
  benefitId: string;
  facts: ClaimFactsDraft;
  coverage: { start: IsoDate; end: IsoDate };
}

export interface OtherClaim {
  id: string;
  status: ClaimStatus;
  benefitId: string;
  facts: ClaimFactsDraft;
}

export interface CheckInput {
  benefit: Benefit;
  claim: CheckedClaim;
  estimate: {
    amountFen: number;
    warnings: { code: string; text: string; blocking?: boolean }[];
    excluded?: string;
  };
  /** The worker's other claims (any benefit, any status). */
  others: readonly OtherClaim[];
  duplicates: readonly {
    kind: 'image' | 'invoice';
    stayIndex?: number;
    ownClaim: boolean;
    otherClaimIds: string[];
  }[];
  missing: readonly { label: string }[];
  policy: ReviewPolicy;
}

/** Claims that no longer stand (their stays do not overlap anything). */
const NOT_STANDING: readonly ClaimStatus[] = ['draft', 'withdrawn', 'rejected', 'recovered'];
const PAID_OR_DECIDED: readonly ClaimStatus[] = ['approved', 'in_payout', 'paid', 'recovery'];

interface Span {
  from: IsoDate;
  to: IsoDate;
}

function staysOf(facts: ClaimFactsDraft): (Span & { index: number })[] {
  if (!('stays' in facts)) return [];
  return facts.stays.flatMap((s, index) =>
    s.admittedOn && s.dischargedOn ? [{ from: s.admittedOn, to: s.dischargedOn, index }] : [],
  );
}

/** Overlap of two stays; a transfer (discharged and admitted elsewhere the same day) is not one. */
export const staysOverlap = (a: Span, b: Span): boolean => a.from < b.to && b.from < a.to;

function eventDates(facts: ClaimFactsDraft): { date: IsoDate; label: string; stayIndex?: number }[] {
  switch (facts.kind) {
    case 'tiered_annual':
    case 'ratio':
      return facts.stays.flatMap((s, i) => [
        ...(s.admittedOn ? [{ date: s.admittedOn, label: `第${i + 1}次住院的入院日期`, stayIndex: i }] : []),
        ...(s.dischargedOn
          ? [{ date: s.dischargedOn, label: `第${i + 1}次住院的出院日期`, stayIndex: i }]
          : []),
      ]);
    case 'fixed_grant':
      return facts.diagnosedOn ? [{ date: facts.diagnosedOn, label: '首次确诊日期' }] : [];
    case 'grade_table':
      return facts.injuredOn ? [{ date: facts.injuredOn, label: '工伤事故发生日期' }] : [];
  }
}

function coverageChecks(c: CheckedClaim): ReviewCheck[] {
  return eventDates(c.facts)
    .filter((d) => !isWithin(d.date, c.coverage.start, c.coverage.end))
    .map((d) => ({
      code: 'REVIEW.OUTSIDE_COVERAGE' as const,
      text: `${d.label} ${d.date} 不在保障期（${c.coverage.start} 至 ${c.coverage.end}）内`,
      stayIndex: d.stayIndex,
    }));
}

function exclusionChecks(benefit: Benefit, c: CheckedClaim, excluded?: string): ReviewCheck[] {
  const rule = benefit.rule;
  if (rule.kind !== 'tiered_annual' || !('stays' in c.facts)) return [];
  const found = c.facts.stays.flatMap((s, i) => {
    const adj = rule.stayAdjustments.find(
      (a) =>
        (a.when.settlement === undefined || a.when.settlement === (s.settlement ?? 'none')) &&
        (a.when.causes === undefined || a.when.causes.includes(s.cause ?? 'illness')),
    );
    return adj?.excludedReason
      ? [
          {
            code: 'REVIEW.EXCLUDED_CAUSE' as const,
            text: `第${i + 1}次住院：${adj.label}，${adj.excludedReason}`,
            stayIndex: i,
          },
        ]
      : [];
  });
  if (found.length === 0 && excluded) return [{ code: 'REVIEW.EXCLUDED_CAUSE', text: excluded }];
  return found;
}

function alreadyPaidChecks(c: CheckedClaim, others: readonly OtherClaim[]): ReviewCheck[] {
  const same = others.filter(
    (o) => o.id !== c.id && o.benefitId === c.benefitId && PAID_OR_DECIDED.includes(o.status),
  );
  const f = c.facts;
  if (f.kind === 'fixed_grant') {
    const hit = same.filter((o) => o.facts.kind === 'fixed_grant' && o.facts.category === f.category);
    return hit.length
      ? [
          {
            code: 'REVIEW.ALREADY_PAID',
            text: '本保障期同一病种类别已审核通过或已给付，每类只给付一次',
            otherClaimIds: hit.map((o) => o.id),
          },
        ]
      : [];
  }
  if (f.kind === 'grade_table' && f.decisionNo) {
    const no = normaliseDocumentNo(f.decisionNo);
    const hit = same.filter(
      (o) =>
        o.facts.kind === 'grade_table' &&
        o.facts.decisionNo &&
        normaliseDocumentNo(o.facts.decisionNo) === no,
    );
    return hit.length
      ? [
          {
            code: 'REVIEW.ALREADY_PAID',
            text: '同一认定工伤决定书已给付过，本次按重新鉴定的等级只补差额',
            otherClaimIds: hit.map((o) => o.id),
          },
        ]
      : [];
  }
  return [];
}

function overlapChecks(c: CheckedClaim, others: readonly OtherClaim[]): ReviewCheck[] {
  const mine = staysOf(c.facts);
  const out: ReviewCheck[] = [];
  mine.forEach((a, i) =>
    mine.slice(i + 1).forEach((b) => {
      if (staysOverlap(a, b))
        out.push({
          code: 'REVIEW.STAY_OVERLAP',
          text: `第${a.index + 1}次与第${b.index + 1}次住院的日期重叠`,
          stayIndex: b.index,
        });
    }),
  );
  for (const a of mine) {
    const hits = others.filter(
      (o) =>
        o.id !== c.id && !NOT_STANDING.includes(o.status) && staysOf(o.facts).some((b) => staysOverlap(a, b)),
    );
    if (hits.length)
      out.push({
        code: 'REVIEW.STAY_OVERLAP',
        text: `第${a.index + 1}次住院（${a.from} 至 ${a.to}）与该职工另一件申请的住院日期重叠`,
        stayIndex: a.index,
        otherClaimIds: hits.map((o) => o.id),
      });
  }
  return out;
}

function duplicateChecks(input: CheckInput): ReviewCheck[] {
  return input.duplicates.map((d) => {
    const where = d.ownClaim ? '该职工的另一件申请' : '其他职工的申请';
    return d.kind === 'invoice'
      ? {
          code: 'REVIEW.DUPLICATE_INVOICE' as const,
          text: `第${(d.stayIndex ?? 0) + 1}次住院的结算票据号码与${where}相同`,
          stayIndex: d.stayIndex,
          otherClaimIds: d.otherClaimIds,
        }
      : {
          code: 'REVIEW.DUPLICATE_IMAGE' as const,
          text: `有图片与${where}中的图片完全相同`,
          otherClaimIds: d.otherClaimIds,
        };
  });
}

/** Every automatic check, in the order a reviewer reads them. */
export function reviewChecks(input: CheckInput): ReviewCheck[] {
  const { benefit, claim, estimate, policy } = input;
  const high = highAmountFor(policy, benefit.id);
  return [
    ...coverageChecks(claim),
    ...exclusionChecks(benefit, claim, estimate.excluded),
    ...alreadyPaidChecks(claim, input.others),
    ...overlapChecks(claim, input.others),
    ...duplicateChecks(input),
    ...(input.missing.length
      ? [
          {
            code: 'REVIEW.MATERIAL_MISSING' as const,
            text: `缺少材料：${input.missing.map((m) => m.label).join('；')}`,
          },
        ]
      : []),
    ...(estimate.amountFen >= high
      ? [
          {
            code: 'REVIEW.AMOUNT_HIGH' as const,
            text: `测算金额 ${formatYuan(estimate.amountFen)} 远高于本项目的一般给付（提示阈值 ${formatYuan(high)}），请重点复核`,
          },
        ]
      : []),
    ...estimate.warnings
      .filter((w) => w.blocking)
      .map((w) => ({ code: 'REVIEW.CALCULATOR_BLOCKING' as const, text: w.text })),
  ];
}

/** The queue's flags derived from stored facts of a claim (filterable: `flags` on the claim). */
export function flagsOf(checks: readonly ReviewCheck[]): string[] {
  const out = new Set<string>();
  for (const c of checks) {
    if (
      c.code === 'REVIEW.DUPLICATE_INVOICE' ||
      c.code === 'REVIEW.DUPLICATE_IMAGE' ||
      c.code === 'REVIEW.STAY_OVERLAP'
    )
      out.add('duplicate');
    if (c.code === 'REVIEW.AMOUNT_HIGH') out.add('high_amount');
  }
  return [...out];
}
