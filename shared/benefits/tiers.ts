/**
 * The tiered rule (e.g. Wujin's hospitalisation subsidy): each stay is adjusted by how it
 * was settled and why it happened, the adjusted amounts of the period are summed, and the
 * sum is mapped to a tier (lower bound inclusive). Earlier payments are subtracted by the
 * caller, so a later claim that moves the worker up a tier pays the difference.
 *
 * A rule is compiled once (tier arrays, labels, and a settlement × cause table of
 * adjustments) so evaluating it allocates nothing unless an explanation is asked for.
 */
import { AppError } from '../errors';
import { applyRatio, type Fen } from '../money';
import type {
  BoundaryStay,
  Exclusion,
  Settlement,
  StayAdjustment,
  StayCause,
  TieredAnnualRule,
} from '../program/schema';
import {
  attributeStay,
  crossesBoundary,
  crossingWarning,
  shareByDays,
  splitLine,
  type Attribution,
} from './boundary';
import type { CalcLine, CalcWarning, HospitalStay, Period } from './facts';
import { fmt, ordinalStay, pct, plainYuan } from './explain';

const SETTLEMENTS: readonly Settlement[] = ['insurance', 'none'];
const CAUSES: readonly StayCause[] = ['illness', 'accident', 'traffic_accident', 'work_injury'];

interface CompiledAdjustment {
  adj: StayAdjustment;
  /** Fixed parts of the explanation line, built once. */
  head: string;
  mid: string;
}

interface CompiledTiers {
  mins: Fen[];
  amounts: Fen[];
  labels: string[];
  belowLabel: string;
  /** Adjustment for settlement index × 4 + cause index (first matching in the data's order). */
  adjustments: (CompiledAdjustment | undefined)[];
  sumHead: string;
  tierMids: string[];
}

const compiled = new WeakMap<TieredAnnualRule, CompiledTiers>();
// The same rule is evaluated over and over; checking it first skips the WeakMap lookup.
let lastRule: TieredAnnualRule | undefined;
let lastCompiled: CompiledTiers | undefined;

function firstMatching(
  rule: TieredAnnualRule,
  settlement: Settlement,
  cause: StayCause,
): StayAdjustment | undefined {
  return rule.stayAdjustments.find(
    (a) =>
      (a.when.settlement === undefined || a.when.settlement === settlement) &&
      (a.when.causes === undefined || a.when.causes.includes(cause)),
  );
}

function compile(rule: TieredAnnualRule): CompiledTiers {
  if (rule === lastRule) return lastCompiled as CompiledTiers;
  let c = compiled.get(rule);
  if (!c) {
    const mins = rule.tiers.map((t) => t.minFen);
    const adjustments: (CompiledAdjustment | undefined)[] = [];
    for (const s of SETTLEMENTS) {
      for (const k of CAUSES) {
        const adj = firstMatching(rule, s, k);
        adjustments.push(
          adj && {
            adj,
            head:
              adj.ratioBp === 10000
                ? `：${adj.label}，按${BASIS_LABEL[adj.basis]}实际金额 `
                : `：${adj.label}，按${BASIS_LABEL[adj.basis]} `,
            mid: ` 的 ${pct(adj.ratioBp)} 计入 `,
          },
        );
      }
    }
    const labels = mins.map((min, i) =>
      i + 1 < mins.length
        ? `${plainYuan(min)}元（含）至${plainYuan(mins[i + 1])}元`
        : `${plainYuan(min)}元（含）以上`,
    );
    c = {
      mins,
      amounts: rule.tiers.map((t) => t.amountFen),
      labels,
      belowLabel: `不足${plainYuan(mins[0])}元`,
      adjustments,
      sumHead: `保障期内累计${rule.basisLabel} `,
      tierMids: labels.map((l) => `，属于“${l}”档，补助 `),
    };
    compiled.set(rule, c);
  }
  lastRule = rule;
  lastCompiled = c;
  return c;
}

/** Index of the tier containing `sum` (lower bound inclusive), or -1 below the first tier. */
export function tierIndex(rule: TieredAnnualRule, sum: Fen): number {
  const mins = compile(rule).mins;
  // Stryker disable next-line ArithmeticOperator: starting past the end only compares with undefined (false) first
  for (let i = mins.length - 1; i >= 0; i--) if (sum >= mins[i]) return i;
  return -1;
}

/** The tier amount for an adjusted annual sum: the data-driven lookup the calculator uses. */
export function tierAmount(rule: TieredAnnualRule, sum: Fen): Fen {
  const c = rule === lastRule ? (lastCompiled as CompiledTiers) : compile(rule);
  const mins = c.mins;
  const amounts = c.amounts;
  // Stryker disable next-line ArithmeticOperator: starting past the end only compares with undefined (false) first
  for (let i = mins.length - 1; i >= 0; i--) if (sum >= mins[i]) return amounts[i];
  return 0;
}

/**
 * The tier lookup compiled once from the rule's data, for callers evaluating many sums
 * (bulk re-evaluation, the benchmark): a closure over the rule's own bounds and amounts.
 */
export function compileTierLookup(rule: TieredAnnualRule): (sum: Fen) => Fen {
  const { mins, amounts } = compile(rule);
  // Stryker disable next-line ArithmeticOperator: starting past the end only compares with undefined (false) first
  const top = mins.length - 1;
  return (sum: Fen): Fen => {
    for (let i = top; i >= 0; i--) if (sum >= mins[i]) return amounts[i];
    return 0;
  };
}

export function tierLabel(rule: TieredAnnualRule, sum: Fen): string {
  const i = tierIndex(rule, sum);
  const c = compile(rule);
  return i < 0 ? c.belowLabel : c.labels[i];
}

const BASIS_LABEL: Record<StayAdjustment['basis'], string> = {
  self_paid: '住院医疗自理费用',
  liability_share_total: '本人责任范围内个人需承担的住院医疗总费用',
};

function adjustmentFor(c: CompiledTiers, stay: HospitalStay, index: number): CompiledAdjustment {
  const s = stay.settlement === 'insurance' ? 0 : stay.settlement === 'none' ? 1 : -1;
  const cause = stay.cause ?? 'illness';
  const k =
    cause === 'illness'
      ? 0
      : cause === 'accident'
        ? 1
        : cause === 'traffic_accident'
          ? 2
          : cause === 'work_injury'
            ? 3
            : -1;
  if (s < 0)
    throw new AppError(
      'CLAIM.INVALID_FACT',
      `结算方式无效：${String(stay.settlement)}`,
      `stays.${index}.settlement`,
    );
  if (k < 0)
    throw new AppError('CLAIM.INVALID_FACT', `住院原因无效：${String(stay.cause)}`, `stays.${index}.cause`);
  const adj = c.adjustments[s * 4 + k];
  // The schema guarantees a fallback for both settlements; reaching here means bad data.
  if (!adj) throw new AppError('PROGRAM.INVALID', '住院核算规则未覆盖该住院情形', 'rule.stayAdjustments');
  return adj;
}

function alreadySeen(stays: readonly HospitalStay[], index: number): boolean {
  const id = stays[index].id;
  for (let j = 0; j < index; j++) if (stays[j].id === id) return true;
  return false;
}

/** Decides whether a stay is excluded by a cause recorded on it (the calculator supplies it). */
export type StayExcluder = (stay: HospitalStay, index: number) => Exclusion | undefined;

/** What every stay of one evaluation shares. */
interface StayPass {
  period: Period;
  excludeStay: StayExcluder;
  lines: CalcLine[] | null;
  warnings: CalcWarning[];
  boundary: BoundaryStay | undefined;
  /** By discharge date (or no rule): the common case keeps the inline check. */
  byDischargeOnly: boolean;
}

const outOfPeriod = (what: string, by: 'admittedOn' | 'dischargedOn', period: Period): CalcLine => ({
  code: 'STAY_OUT_OF_PERIOD',
  text: `${what}：${by === 'admittedOn' ? '入院' : '出院'}日期不在保障期（${period.start} 至 ${period.end}）内，不计入`,
  amountFen: 0,
});

/**
 * Which part of the stay belongs to the period by the program's boundary rule: null when
 * none (the line is written), `undefined` attribution when all of it (the fast path).
 */
function periodPart(pass: StayPass, stay: HospitalStay, i: number): Attribution | null | undefined {
  const { period } = pass;
  if (pass.byDischargeOnly && stay.admittedOn === undefined) {
    const d = stay.dischargedOn;
    if (d === undefined || (d >= period.start && d <= period.end)) return undefined;
    pass.lines?.push(outOfPeriod(ordinalStay(i, d), 'dischargedOn', period));
    return null;
  }
  const what = () => ordinalStay(i, stay.dischargedOn);
  const part = attributeStay(pass.boundary, stay, period, what, `stays.${i}`);
  if (crossesBoundary(stay, period))
    pass.warnings.push(crossingWarning(pass.boundary, stay, period, what(), part));
  if (part.kind !== 'none') return part;
  pass.lines?.push(outOfPeriod(what(), part.by, period));
  return null;
}

/** The amount of the stay the adjustment applies to. */
function stayBasis(adj: StayAdjustment, stay: HospitalStay, i: number): Fen {
  if (adj.basis === 'self_paid') return stay.selfPaidFen;
  if (stay.liabilityShareTotalFen === undefined) {
    throw new AppError(
      'CLAIM.MISSING_FACT',
      `${ordinalStay(i, stay.dischargedOn)}须填写本人责任范围内个人需承担的住院医疗总费用`,
      `stays.${i}.liabilityShareTotalFen`,
    );
  }
  return stay.liabilityShareTotalFen;
}

/** What one stay adds to the period's sum (0 when it counts nothing), with its lines. */
function countStay(c: CompiledTiers, pass: StayPass, stays: readonly HospitalStay[], i: number): Fen {
  const stay = stays[i];
  const lines = pass.lines;
  if (!Number.isSafeInteger(stay.selfPaidFen) || stay.selfPaidFen < 0) {
    throw new AppError('CLAIM.INVALID_AMOUNT', '个人自理金额必须是非负整数分', `stays.${i}.selfPaidFen`);
  }
  if (i > 0 && alreadySeen(stays, i)) {
    pass.warnings.push({
      code: 'CALC.DUPLICATE_STAY',
      text: `${ordinalStay(i, stay.dischargedOn)}与前面的住院记录重复（${stay.id}），未重复计入`,
    });
    return 0;
  }
  const part = periodPart(pass, stay, i);
  if (part === null) return 0;
  if (stay.exclusionCodes !== undefined && stay.exclusionCodes.length > 0) {
    const excluded = pass.excludeStay(stay, i);
    if (excluded) {
      lines?.push({
        code: 'STAY_EXCLUDED',
        text: `${ordinalStay(i, stay.dischargedOn)}：属除外责任“${excluded.label}”，不计入`,
        amountFen: 0,
      });
      return 0;
    }
  }
  const compiledAdj = adjustmentFor(c, stay, i);
  const adj = compiledAdj.adj;
  if (adj.excludedReason) {
    lines?.push({
      code: 'STAY_ADJUSTED',
      text: `${ordinalStay(i, stay.dischargedOn)}：${adj.label}，${adj.excludedReason}，计入 ${fmt(0)}`,
      amountFen: 0,
    });
    return 0;
  }
  let basis = stayBasis(adj, stay, i);
  if (part !== undefined && part.kind === 'part') {
    // Split first, then adjust: the period's share of the cost is what the adjustment applies to.
    const share = shareByDays(basis, part);
    lines?.push(splitLine(ordinalStay(i, stay.dischargedOn), part, basis, share));
    basis = share;
  }
  const counted = adj.ratioBp === 10000 ? basis : applyRatio(basis, adj.ratioBp);
  if (lines) {
    const prefix = ordinalStay(i, stay.dischargedOn);
    lines.push({
      code: 'STAY_ADJUSTED',
      text:
        adj.ratioBp === 10000
          ? `${prefix}${compiledAdj.head}${fmt(basis)} 计入`
          : `${prefix}${compiledAdj.head}${fmt(basis)}${compiledAdj.mid}${fmt(counted)}`,
      amountFen: counted,
    });
  }
  return counted;
}

/**
 * One code path for both uses: with `lines` the Chinese explanation is appended, with null
 * only the amount is computed (bulk re-evaluation, previews); the arithmetic is the same.
 * Returns the entitlement for the period (before earlier payments).
 */
export function evaluateTiered(
  rule: TieredAnnualRule,
  stays: readonly HospitalStay[],
  period: Period,
  excludeStay: StayExcluder,
  lines: CalcLine[] | null,
  warnings: CalcWarning[],
  boundary?: BoundaryStay,
): Fen {
  const c = compile(rule);
  const pass: StayPass = {
    period,
    excludeStay,
    lines,
    warnings,
    boundary,
    byDischargeOnly: boundary === undefined || boundary.rule === 'discharge_date',
  };
  let sum = 0;
  for (let i = 0; i < stays.length; i++) sum += countStay(c, pass, stays, i);
  const mins = c.mins;
  let tier = -1;
  // Stryker disable next-line ArithmeticOperator: starting past the end only compares with undefined (false) first
  for (let i = mins.length - 1; i >= 0; i--) {
    if (sum >= mins[i]) {
      tier = i;
      break;
    }
  }
  const amount = tier < 0 ? 0 : c.amounts[tier];
  if (lines) {
    lines.push({
      code: 'TIER',
      text:
        amount > 0
          ? `${c.sumHead}${fmt(sum)}${c.tierMids[tier]}${fmt(amount)}`
          : `${c.sumHead}${fmt(sum)}，${tier < 0 ? c.belowLabel : c.labels[tier]}，不予补助`,
      amountFen: amount,
    });
  }
  return amount;
}
