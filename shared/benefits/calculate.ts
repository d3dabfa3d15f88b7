/**
 * The benefit calculator: `(program, benefit, facts, history) → { amountFen, lines, warnings }`.
 * Deterministic and pure. Common steps live here (coverage period, excluded causes,
 * earlier payments, assumption warnings); each rule kind computes the entitlement.
 */
import { AppError } from '../errors';
import type { Fen } from '../money';
import type { Benefit, Exclusion, Program } from '../program/schema';
import type { CalcLine, CalcResult, CalcWarning, ClaimFactsInput, PaidRecord, Period } from './facts';
import { fmt } from './explain';
import { AMOUNT_UNKNOWN_TEXT, evaluateFixedGrant, evaluateGradeTable, evaluateRatio } from './grants';
import { evaluateTiered } from './tiers';

export function findBenefit(program: Program, benefitId: string): Benefit {
  const b = program.benefits.find((x) => x.id === benefitId);
  if (!b)
    throw new AppError(
      'CLAIM.BENEFIT_NOT_FOUND',
      `${program.shortName}没有该补助项目：${benefitId}`,
      'benefitId',
    );
  return b;
}

const fixedPeriods = new WeakMap<object, Period>();

let lastPeriodProgram: Program | undefined;
let lastPeriod: Period | undefined;

function fixedPeriodOf(program: Program, coverage: { start: string; end: string }): Period {
  if (program === lastPeriodProgram) return lastPeriod as Period;
  let p = fixedPeriods.get(program);
  if (!p) {
    p = Object.freeze({ start: coverage.start, end: coverage.end });
    fixedPeriods.set(program, p);
  }
  lastPeriodProgram = program;
  lastPeriod = p;
  return p;
}

/** The coverage period a claim is about: given in the facts, or the program's fixed period. */
export function claimPeriod(program: Program, facts: { period?: Period }): Period {
  if (facts.period) {
    if (facts.period.start > facts.period.end)
      throw new AppError('CLAIM.INVALID_PERIOD', '保障期结束日期早于开始日期', 'period');
    return facts.period;
  }
  if (program.coverage.kind === 'fixed') return fixedPeriodOf(program, program.coverage);
  throw new AppError(
    'CLAIM.PERIOD_REQUIRED',
    '该项目的保障期自合同生效之日起计算，请提供参保记录中的保障期',
    'period',
  );
}

const exclusionIndex = new WeakMap<Program, Map<string, Exclusion>>();

function exclusionsOf(program: Program): Map<string, Exclusion> {
  let m = exclusionIndex.get(program);
  if (!m) {
    m = new Map(program.exclusions.map((e) => [e.code, e]));
    exclusionIndex.set(program, m);
  }
  return m;
}

/** The first applicable excluded cause among `codes`; unknown or inapplicable codes are errors. */
function firstExclusion(
  program: Program,
  benefit: Benefit,
  codes: readonly string[] | undefined,
  field: string,
): Exclusion | undefined {
  if (!codes || codes.length === 0) return undefined;
  const all = exclusionsOf(program);
  let found: Exclusion | undefined;
  codes.forEach((code, i) => {
    const e = all.get(code);
    if (!e) throw new AppError('CLAIM.UNKNOWN_EXCLUSION', `本项目没有该除外责任：${code}`, `${field}.${i}`);
    if (!e.appliesTo.includes(benefit.id))
      throw new AppError(
        'CLAIM.EXCLUSION_NOT_APPLICABLE',
        `除外责任“${e.label}”不适用于${benefit.name}`,
        `${field}.${i}`,
      );
    if (found === undefined) found = e;
  });
  return found;
}

const assumptionWarnings = new WeakMap<Benefit, readonly CalcWarning[]>();
let lastBenefit: Benefit | undefined;
let lastAssumed: readonly CalcWarning[] = [];

/** Warnings for values of this benefit that the program data marks as assumed. */
function warningsForAssumptions(program: Program, benefit: Benefit): readonly CalcWarning[] {
  if (benefit === lastBenefit) return lastAssumed;
  let w = assumptionWarnings.get(benefit);
  if (!w) {
    const prefix = `benefits.${program.benefits.indexOf(benefit)}.`;
    w = program.assumptions
      .filter((a) => `${a.path}.`.startsWith(prefix))
      .map((a) => ({ code: 'CALC.ASSUMED_VALUE', text: `计算依据含未经通知明确的假设：${a.reason}` }));
    assumptionWarnings.set(benefit, w);
  }
  lastBenefit = benefit;
  lastAssumed = w;
  return w;
}

function subjectOf(facts: ClaimFactsInput): string {
  switch (facts.kind) {
    case 'tiered_annual':
    case 'ratio':
      return 'period';
    case 'fixed_grant':
      return `category:${facts.category}`;
    case 'grade_table':
      return `incident:${facts.incidentId}`;
  }
}

/** The full calculation with the Chinese explanation, for a claim shown to a worker or officer. */
export function calculate(
  program: Program,
  benefitOrId: Benefit | string,
  facts: ClaimFactsInput,
  history: readonly PaidRecord[] = [],
): CalcResult {
  return evaluate(program, benefitOrId, facts, history, true) as CalcResult;
}

export type CalcAmount = Omit<CalcResult, 'lines'>;

/**
 * The same calculation without building the explanation lines (bulk re-evaluation,
 * previews). Same code path as `calculate`, so the amounts are identical.
 */
export function calculateAmount(
  program: Program,
  benefitOrId: Benefit | string,
  facts: ClaimFactsInput,
  history: readonly PaidRecord[] = [],
): CalcAmount {
  return evaluate(program, benefitOrId, facts, history, false);
}

/** What is left to pay after earlier payments for the same subject (never negative). */
function afterEarlierPayments(
  entitlement: Fen,
  alreadyPaid: Fen,
  lines: CalcLine[] | null,
  warnings: CalcWarning[],
  amountUnknown: boolean,
): Fen {
  const amount = entitlement > alreadyPaid ? entitlement - alreadyPaid : 0;
  lines?.push({
    code: 'ALREADY_PAID',
    text:
      amount > 0
        ? `本保障期该项已给付 ${fmt(alreadyPaid)}，本次补发差额 ${fmt(amount)}`
        : `本保障期该项已给付 ${fmt(alreadyPaid)}，本次不再给付`,
    amountFen: amount,
  });
  // With the amount unknown there is no entitlement to compare the payment with.
  if (entitlement < alreadyPaid && !amountUnknown) {
    warnings.push({
      code: 'CALC.PAID_EXCEEDS_ENTITLEMENT',
      text: `已给付金额超过按现有资料核定的 ${fmt(entitlement)}，差额 ${fmt(alreadyPaid - entitlement)} 请复核`,
    });
  }
  return amount;
}

/** The result of a claim that one excluded cause voids as a whole. */
function excludedResult(
  benefit: Benefit,
  exclusion: Exclusion,
  alreadyPaid: Fen,
  warnings: CalcWarning[],
  period: Period,
  subject: string,
): CalcResult {
  if (alreadyPaid > 0 && exclusion.recoverPaid) {
    warnings.push({
      code: 'CALC.RECOVER_PAID',
      text: `按除外责任规定，本保障期已发放的 ${fmt(alreadyPaid)} 应予追回`,
    });
  }
  return {
    amountFen: 0,
    entitlementFen: 0,
    alreadyPaidFen: alreadyPaid,
    lines: [
      { code: 'EXCLUDED', text: `属除外责任“${exclusion.label}”，${benefit.name}不予给付`, amountFen: 0 },
    ],
    warnings,
    benefitId: benefit.id,
    periodStart: period.start,
    subject,
    excludedBy: { code: exclusion.code, label: exclusion.label },
  };
}

function evaluate(
  program: Program,
  benefitOrId: Benefit | string,
  facts: ClaimFactsInput,
  history: readonly PaidRecord[],
  explain: boolean,
): CalcAmount & { lines?: CalcLine[] } {
  const benefit = typeof benefitOrId === 'string' ? findBenefit(program, benefitOrId) : benefitOrId;
  const rule = benefit.rule;
  if (facts.kind !== rule.kind)
    throw new AppError('CLAIM.FACTS_MISMATCH', `${benefit.name}的申请资料类型不符`, 'kind');
  const period = claimPeriod(program, facts);
  const subject = subjectOf(facts);

  let alreadyPaid: Fen = 0;
  for (let i = 0; i < history.length; i++) {
    const h = history[i];
    if (h.benefitId === benefit.id && h.periodStart === period.start && h.subject === subject)
      alreadyPaid += h.amountFen;
  }

  const assumed = warningsForAssumptions(program, benefit);
  const warnings: CalcWarning[] = assumed.length ? assumed.slice() : [];

  const claimExclusion = firstExclusion(program, benefit, facts.exclusionCodes, 'exclusionCodes');
  if (claimExclusion) return excludedResult(benefit, claimExclusion, alreadyPaid, warnings, period, subject);

  let entitlement: Fen;
  let lines: CalcLine[] | null;
  let amountUnknown: { reason: string } | undefined;
  switch (facts.kind) {
    case 'tiered_annual': {
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, facts.kind === rule.kind is checked above
      if (rule.kind !== 'tiered_annual') throw new Error('unreachable');
      lines = explain ? [] : null;
      entitlement = evaluateTiered(
        rule,
        facts.stays,
        period,
        (stay, i) => firstExclusion(program, benefit, stay.exclusionCodes, `stays.${i}.exclusionCodes`),
        lines,
        warnings,
        program.coverage.boundaryStay,
      );
      break;
    }
    case 'ratio': {
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, facts.kind === rule.kind is checked above
      if (rule.kind !== 'ratio') throw new Error('unreachable');
      const r = evaluateRatio(
        rule,
        facts.items,
        period,
        undefined,
        (item, i) => firstExclusion(program, benefit, item.exclusionCodes, `items.${i}.exclusionCodes`),
        program.coverage.boundaryStay,
      );
      for (const w of r.warnings ?? []) warnings.push(w);
      entitlement = r.entitlementFen;
      lines = r.lines;
      amountUnknown = r.amountUnknown;
      break;
    }
    case 'fixed_grant': {
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, facts.kind === rule.kind is checked above
      if (rule.kind !== 'fixed_grant') throw new Error('unreachable');
      const r = evaluateFixedGrant(rule, facts, period);
      entitlement = r.entitlementFen;
      lines = r.lines;
      amountUnknown = r.amountUnknown;
      break;
    }
    case 'grade_table': {
      // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, facts.kind === rule.kind is checked above
      if (rule.kind !== 'grade_table') throw new Error('unreachable');
      const r = evaluateGradeTable(rule, facts);
      entitlement = r.entitlementFen;
      lines = r.lines;
      break;
    }
  }

  if (amountUnknown) {
    // Never a number the notice does not give: 0, and the claim cannot be approved as is.
    warnings.push({ code: 'BENEFIT.AMOUNT_UNKNOWN', text: AMOUNT_UNKNOWN_TEXT, blocking: true });
  }

  const amount =
    alreadyPaid > 0
      ? afterEarlierPayments(entitlement, alreadyPaid, lines, warnings, !!amountUnknown)
      : entitlement;
  // A plain literal, not a spread: V8's object spread was the calculator's main cost.
  const result: CalcAmount & { lines?: CalcLine[] } =
    lines === null
      ? {
          amountFen: amount,
          entitlementFen: entitlement,
          alreadyPaidFen: alreadyPaid,
          warnings,
          benefitId: benefit.id,
          periodStart: period.start,
          subject,
        }
      : {
          amountFen: amount,
          entitlementFen: entitlement,
          alreadyPaidFen: alreadyPaid,
          lines,
          warnings,
          benefitId: benefit.id,
          periodStart: period.start,
          subject,
        };
  if (amountUnknown) result.amountUnknown = amountUnknown;
  return result;
}
