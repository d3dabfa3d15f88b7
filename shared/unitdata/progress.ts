/**
 * Targets and progress (Luohe's method, seed 002): each unit is 绿 (达标: on pace, given
 * working funds), 黄 (提醒: reminded, paired for help) or 红 (关注: coached). The seed names the
 * three colours and the fortnightly (双周调度) and monthly (月度研判) reports but no numbers, so
 * the thresholds are data per program (`TargetPlan`), with the defaults below recorded as
 * assumptions: on pace = enrolled ≥ the target prorated over the enrolment window; yellow down
 * to 80 % of that pace (the seed's own line for remedial action: 知晓率低于80%的单位…补课).
 */
import { addDays, daysBetween, type IsoDate } from '../calendar';

export type Light = 'green' | 'yellow' | 'red';

export const LIGHT_LABELS: Record<Light, string> = {
  green: '绿色（达标）',
  yellow: '黄色（提醒）',
  red: '红色（关注）',
};

export interface TargetPlan {
  programId: string;
  /** The period over which the target is to be reached (the enrolment window, usually). */
  window: { opens: IsoDate; closes: IsoDate };
  /** enrolled ÷ expected-by-today, in basis points: at or above → green. */
  greenBp: number;
  /** At or above (and below green) → yellow; below → red. */
  yellowBp: number;
  /** Days between progress reports (双周调度 = 14). */
  reportEveryDays: number;
  /** Where the numbers come from, in Chinese. */
  source: string;
}

export const LUOHE_DEFAULTS = {
  greenBp: 10000,
  yellowBp: 8000,
  reportEveryDays: 14,
  source:
    '漯河市总工会“绿、黄、红三色动态管理”与“双周调度+月度研判”（种子 002）；原文未给出分色数值，按时间进度达标为绿、达到进度 80% 为黄、其余为红（80% 取自同文“知晓率低于80%须补课”）',
} as const;

/** The share of the window elapsed by `today` (both ends inclusive), in basis points, 0…10000. */
export function elapsedBp(window: TargetPlan['window'], today: IsoDate): number {
  if (today < window.opens) return 0;
  if (today >= window.closes) return 10000;
  const total = daysBetween(window.opens, window.closes) + 1;
  const done = daysBetween(window.opens, today) + 1;
  return Math.floor((done * 10000) / total);
}

export interface UnitProgress {
  target: number;
  enrolled: number;
  /** What the pace asks for by today (rounded up). */
  expected: number;
  /** enrolled ÷ target, basis points (null without a target). */
  completionBp: number | null;
  /** enrolled ÷ expected, basis points (null before anything is expected). */
  paceBp: number | null;
  light: Light;
  /** enrolled ÷ headcount, basis points, when the unit's headcount is known. */
  coverageBp: number | null;
}

const bp = (num: number, den: number) => (den > 0 ? Math.floor((num * 10000) / den) : null);

export function unitProgress(
  plan: Pick<TargetPlan, 'window' | 'greenBp' | 'yellowBp'>,
  figures: { target: number; enrolled: number; headcount?: number },
  today: IsoDate,
): UnitProgress {
  const expected = Math.ceil((figures.target * elapsedBp(plan.window, today)) / 10000);
  const paceBp = bp(figures.enrolled, expected);
  const light: Light =
    paceBp === null || paceBp >= plan.greenBp ? 'green' : paceBp >= plan.yellowBp ? 'yellow' : 'red';
  return {
    target: figures.target,
    enrolled: figures.enrolled,
    expected,
    completionBp: bp(figures.enrolled, figures.target),
    paceBp,
    light,
    coverageBp: figures.headcount ? bp(figures.enrolled, figures.headcount) : null,
  };
}

/** Paid claims ÷ premiums, basis points (null when nothing was collected). */
export const claimsRatioBp = (paidFen: number, premiumsFen: number): number | null =>
  bp(paidFen, premiumsFen);

/** The fortnightly report's period: the `reportEveryDays` days ending on `today`. */
export function reportPeriod(plan: Pick<TargetPlan, 'window' | 'reportEveryDays'>, today: IsoDate) {
  const days = plan.reportEveryDays;
  const end = today;
  return { start: addDays(end, -(days - 1)), end, days };
}
