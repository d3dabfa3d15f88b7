/** How long a claim has waited, and where a payout stands against its deadline. */
import { addWorkingDays, daysBetween, type IsoDate } from '../calendar';

/** Whole calendar days between submission and today (China dates). */
export const waitedDays = (submittedOn: IsoDate, today: IsoDate): number =>
  Math.max(0, daysBetween(submittedOn, today));

export type DueStatus = 'ok' | 'near' | 'due_today' | 'late';

/** ok, near (within `nearWorkingDays` working days of the deadline), due today, or late (past it). */
export function dueStatus(due: IsoDate, today: IsoDate, nearWorkingDays: number): DueStatus {
  if (today > due) return 'late';
  if (today === due) return 'due_today';
  return addWorkingDays(today, nearWorkingDays).date >= due ? 'near' : 'ok';
}

export const DUE_LABELS: Record<DueStatus, string> = {
  ok: '期限内',
  near: '临近发放期限',
  due_today: '今日到期',
  late: '已超过发放期限',
};
