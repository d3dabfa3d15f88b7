/**
 * The tiered rule (e.g. Wujin's hospitalisation subsidy): each stay is adjusted by how it
 * was settled and why it happened, the adjusted amounts of the period are summed, and the
 * sum is mapped to a tier (lower bound inclusive). Earlier payments are subtracted by the
 * caller, so a later claim that moves the worker up a tier pays the difference.
 */
import { AppError } from '../errors';
import { applyRatio, type Fen } from '../money';
import type { Exclusion, StayAdjustment, TieredAnnualRule } from '../program/schema';
import type { CalcLine, CalcWarning, HospitalStay, Period } from './facts';
import { fmt, ordinalStay, pct, plainYuan } from './explain';

interface CompiledTiers {
  mins: Fen[];
  amounts: Fen[];
  labels: string[];
  belowLabel: string;
}

const compiled = new WeakMap<TieredAnnualRule, CompiledTiers>();

function compile(rule: TieredAnnualRule): CompiledTiers {
  let c = compiled.get(rule);
  if (!c) {
    const mins = rule.tiers.map((t) => t.minFen);
    c = {
      mins,
      amounts: rule.tiers.map((t) => t.amountFen),
      labels: mins.map((min, i) => (i + 1 < mins.length ? `${plainYuan(min)}元（含）至${plainYuan(mins[i + 1])}元` : `${plainYuan(min)}元（含）以上`)),
      belowLabel: `不足${plainYuan(mins[0])}元`,
    };
    compiled.set(rule, c);
  }
  return c;
}

/** Index of the tier containing `sum` (lower bound inclusive), or -1 below the first tier. */
export function tierIndex(rule: TieredAnnualRule, sum: Fen): number {
  const mins = compile(rule).mins;
  for (let i = mins.length - 1; i >= 0; i--) if (sum >= mins[i]) return i;
  return -1;
}

/** The tier amount for an adjusted annual sum: the data-driven lookup the calculator uses. */
export function tierAmount(rule: TieredAnnualRule, sum: Fen): Fen {
  const c = compile(rule);
  const mins = c.mins;
  for (let i = mins.length - 1; i >= 0; i--) if (sum >= mins[i]) return c.amounts[i];
  return 0;
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

function matchAdjustment(rule: TieredAnnualRule, stay: HospitalStay): StayAdjustment {
  const cause = stay.cause ?? 'illness';
  for (const a of rule.stayAdjustments) {
    if (a.when.settlement !== undefined && a.when.settlement !== stay.settlement) continue;
    if (a.when.causes !== undefined && !a.when.causes.includes(cause)) continue;
    return a;
  }
  // The schema guarantees a fallback for both settlements; reaching here means bad data.
  throw new AppError('PROGRAM.INVALID', '住院核算规则未覆盖该住院情形', 'rule.stayAdjustments');
}

export interface TierEvaluation {
  entitlementFen: Fen;
  lines: CalcLine[];
  warnings: CalcWarning[];
}

export function evaluateTiered(
  rule: TieredAnnualRule,
  stays: readonly HospitalStay[],
  period: Period,
  excludeStay: (stay: HospitalStay, index: number) => Exclusion | undefined,
): TierEvaluation {
  const lines: CalcLine[] = [];
  const warnings: CalcWarning[] = [];
  const seen = new Set<string>();
  let sum = 0;
  for (let i = 0; i < stays.length; i++) {
    const stay = stays[i];
    if (!Number.isSafeInteger(stay.selfPaidFen) || stay.selfPaidFen < 0) {
      throw new AppError('CLAIM.INVALID_AMOUNT', '个人自理金额必须是非负整数分', `stays.${i}.selfPaidFen`);
    }
    const prefix = ordinalStay(i, stay.dischargedOn);
    if (seen.has(stay.id)) {
      warnings.push({ code: 'CALC.DUPLICATE_STAY', text: `${prefix}与前面的住院记录重复（${stay.id}），未重复计入` });
      continue;
    }
    seen.add(stay.id);
    if (stay.dischargedOn && (stay.dischargedOn < period.start || stay.dischargedOn > period.end)) {
      lines.push({ code: 'STAY_OUT_OF_PERIOD', text: `${prefix}：出院日期不在保障期（${period.start} 至 ${period.end}）内，不计入`, amountFen: 0 });
      continue;
    }
    const excluded = excludeStay(stay, i);
    if (excluded) {
      lines.push({ code: 'STAY_EXCLUDED', text: `${prefix}：属除外责任“${excluded.label}”，不计入`, amountFen: 0 });
      continue;
    }
    const adj = matchAdjustment(rule, stay);
    if (adj.excludedReason) {
      lines.push({ code: 'STAY_ADJUSTED', text: `${prefix}：${adj.label}，${adj.excludedReason}，计入 ${fmt(0)}`, amountFen: 0 });
      continue;
    }
    let basis: Fen;
    if (adj.basis === 'self_paid') basis = stay.selfPaidFen;
    else {
      if (stay.liabilityShareTotalFen === undefined) {
        throw new AppError('CLAIM.MISSING_FACT', `${prefix}须填写本人责任范围内个人需承担的住院医疗总费用`, `stays.${i}.liabilityShareTotalFen`);
      }
      basis = stay.liabilityShareTotalFen;
    }
    const counted = adj.ratioBp === 10000 ? basis : applyRatio(basis, adj.ratioBp);
    sum += counted;
    lines.push({
      code: 'STAY_ADJUSTED',
      text:
        adj.ratioBp === 10000
          ? `${prefix}：${adj.label}，按${BASIS_LABEL[adj.basis]}实际金额 ${fmt(basis)} 计入`
          : `${prefix}：${adj.label}，按${BASIS_LABEL[adj.basis]} ${fmt(basis)} 的 ${pct(adj.ratioBp)} 计入 ${fmt(counted)}`,
      amountFen: counted,
    });
  }
  const amount = tierAmount(rule, sum);
  lines.push({
    code: 'TIER',
    text:
      amount > 0
        ? `保障期内累计${rule.basisLabel} ${fmt(sum)}，属于“${tierLabel(rule, sum)}”档，补助 ${fmt(amount)}`
        : `保障期内累计${rule.basisLabel} ${fmt(sum)}，${tierLabel(rule, sum)}，不予补助`,
    amountFen: amount,
  });
  return { entitlementFen: amount, lines, warnings };
}
