/**
 * Which coverage period a hospital stay belongs to, by the program's stated rule
 * (`coverage.boundaryStay`): the period it ends in, the period it begins in, or shared by
 * days. A stay that crosses the period's boundary is always reported to the reviewer
 * (`CLAIM.STAY_CROSSES_COVERAGE`, not blocking) with the rule and the program's reason.
 */
import { addDays, daysBetween, type IsoDate } from '../calendar';
import { AppError } from '../errors';
import { formatYuan, type Fen } from '../money';
import type { BoundaryStay, BoundaryStayRule } from '../program/schema';
import type { CalcWarning, Period } from './facts';

export const BOUNDARY_RULE_LABELS: Record<BoundaryStayRule, string> = {
  discharge_date: '出院日期所在保障期',
  admission_date: '入院日期所在保障期',
  split_by_days: '住院天数在各保障期的比例',
};

/** A period-less rule for data that predates `boundaryStay`: today's behaviour. */
const LEGACY: BoundaryStay = { rule: 'discharge_date', reason: '未规定归属规则，按出院日期' };

export type Attribution =
  /** The whole stay counts in this period. */
  | { kind: 'all' }
  /** The stay belongs to another period; `by` names the date that decided it. */
  | { kind: 'none'; by: 'admittedOn' | 'dischargedOn' }
  /**
   * Part of the stay counts: `days` of `totalDays` (admission day counts, discharge day not),
   * `daysBefore` of them in earlier periods.
   */
  | { kind: 'part'; days: number; totalDays: number; daysBefore: number };

const ALL: Attribution = { kind: 'all' };
const inPeriod = (d: IsoDate, p: Period) => p.start <= d && d <= p.end;

export interface StayDates {
  admittedOn?: IsoDate;
  dischargedOn?: IsoDate;
}

/**
 * Attributes one stay to `period` by the rule. A date the rule needs must be given, except
 * the discharge date under `discharge_date`: a stay without it counts, as before the rule was
 * data (the officer attests it belongs to the period).
 */
export function attributeStay(
  boundary: BoundaryStay | undefined,
  stay: StayDates,
  period: Period,
  describe: () => string,
  field: string,
): Attribution {
  const rule = (boundary ?? LEGACY).rule;
  const { admittedOn, dischargedOn } = stay;
  if (admittedOn !== undefined && dischargedOn !== undefined && dischargedOn < admittedOn)
    throw new AppError('CLAIM.INVALID_FACT', `${describe()}：出院日期早于入院日期`, `${field}.dischargedOn`);
  switch (rule) {
    case 'discharge_date':
      if (dischargedOn === undefined) return ALL;
      return inPeriod(dischargedOn, period) ? ALL : { kind: 'none', by: 'dischargedOn' };
    case 'admission_date':
      if (admittedOn === undefined)
        throw new AppError(
          'CLAIM.MISSING_FACT',
          `${describe()}须填写入院日期（本项目按入院日期确定所属保障期）`,
          `${field}.admittedOn`,
        );
      return inPeriod(admittedOn, period) ? ALL : { kind: 'none', by: 'admittedOn' };
    case 'split_by_days': {
      if (admittedOn === undefined || dischargedOn === undefined)
        throw new AppError(
          'CLAIM.MISSING_FACT',
          `${describe()}须填写入院和出院日期（本项目按住院天数分摊到各保障期）`,
          `${field}.${admittedOn === undefined ? 'admittedOn' : 'dischargedOn'}`,
        );
      // A same-day stay is one day, on the admission date.
      const totalDays = Math.max(1, daysBetween(admittedOn, dischargedOn));
      const lastDay = totalDays === 1 ? admittedOn : addDays(dischargedOn, -1);
      const from = admittedOn > period.start ? admittedOn : period.start;
      const to = lastDay < period.end ? lastDay : period.end;
      const days = from > to ? 0 : daysBetween(from, to) + 1;
      if (days === totalDays) return ALL;
      if (days === 0) return { kind: 'none', by: 'admittedOn' };
      const daysBefore = admittedOn < period.start ? daysBetween(admittedOn, period.start) : 0;
      return { kind: 'part', days, totalDays, daysBefore };
    }
  }
}

const roundedShare = (amount: Fen, days: number, totalDays: number): Fen =>
  Math.floor((amount * days * 2 + totalDays) / (2 * totalDays));

/**
 * The period's share of `amount` by days, rounded half up to the fen, as the difference of
 * cumulative shares: the shares of all the periods a stay touches add up to the amount
 * exactly (rounding each on its own could pay a fen more than the stay cost).
 */
export function shareByDays(amount: Fen, part: { days: number; totalDays: number; daysBefore: number }): Fen {
  return (
    roundedShare(amount, part.daysBefore + part.days, part.totalDays) -
    roundedShare(amount, part.daysBefore, part.totalDays)
  );
}

/** The explanation line of a stay shared by days. */
export function splitLine(
  what: string,
  part: { days: number; totalDays: number },
  fullFen: Fen,
  shareFen: Fen,
): { code: string; text: string; amountFen: Fen } {
  return {
    code: 'STAY_SPLIT',
    text: `${what}：跨保障期住院共 ${part.totalDays} 天，其中本保障期 ${part.days} 天，按天数比例将 ${formatYuan(fullFen)} 中的 ${formatYuan(shareFen)} 计入本保障期`,
    amountFen: shareFen,
  };
}

/** True when the stay begins before the period and ends in it, or begins in it and ends after. */
export function crossesBoundary(stay: StayDates, period: Period): boolean {
  const { admittedOn, dischargedOn } = stay;
  // Stryker disable next-line LogicalOperator: with one date missing, every comparison below is with undefined (false)
  if (admittedOn === undefined || dischargedOn === undefined) return false;
  return (
    (admittedOn < period.start && dischargedOn >= period.start) ||
    (admittedOn <= period.end && dischargedOn > period.end)
  );
}

/** The reviewer's note for a stay crossing the boundary (not blocking). */
export function crossingWarning(
  boundary: BoundaryStay | undefined,
  stay: StayDates,
  period: Period,
  what: string,
  attribution: Attribution,
): CalcWarning {
  const b = boundary ?? LEGACY;
  const outcome =
    attribution.kind === 'all'
      ? '全部计入本保障期'
      : attribution.kind === 'none'
        ? '不计入本保障期'
        : `按 ${attribution.days}/${attribution.totalDays} 天计入本保障期`;
  return {
    code: 'CLAIM.STAY_CROSSES_COVERAGE',
    text: `${what}（${stay.admittedOn} 入院、${stay.dischargedOn} 出院）跨越保障期（${period.start} 至 ${period.end}）边界：按${BOUNDARY_RULE_LABELS[b.rule]}归属，${outcome}（${b.reason}），请复核`,
  };
}
