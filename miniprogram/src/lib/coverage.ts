import { COVERAGE_STATE_LABELS, coverageState, coverageStateText } from '@shared/enrolment/coverage';
import type { CoverageState } from '@shared/enrolment/coverage';
import type { Enrollment, EnrollmentStatus } from '@shared/api/enrollment';
import { chinaToday } from './format';

export { COVERAGE_STATE_LABELS, coverageState, coverageStateText };
export type { CoverageState };

/** NutUI Tag tone of a cover state: green in force, orange not yet, grey over. */
export const COVERAGE_STATE_TONES: Record<CoverageState, 'success' | 'warning' | 'default'> = {
  upcoming: 'warning',
  in_force: 'success',
  expired: 'default',
};

/**
 * What an enrolment amounts to today: a paid one is 待生效 / 保障中 / 已到期 by its coverage
 * dates (China date), never "covered" just because it is paid; unpaid ones keep their status.
 */
export function enrolmentLabel(
  e: { status: EnrollmentStatus; coverage: { start: string; end: string } },
  today: string = chinaToday(),
): { label: string; tone: 'success' | 'warning' | 'default'; state?: CoverageState } {
  if (e.status === 'pending_payment') return { label: '待缴费', tone: 'warning' };
  if (e.status === 'cancelled') return { label: '已取消', tone: 'default' };
  const state = coverageState(e.coverage, today);
  return { label: COVERAGE_STATE_LABELS[state], tone: COVERAGE_STATE_TONES[state], state };
}

export type WorkerCoverStatus =
  | { kind: 'none' }
  | { kind: 'pending'; enrollment: Enrollment }
  | { kind: 'upcoming'; enrollment: Enrollment; text: string }
  | { kind: 'in_force'; enrollment: Enrollment; text: string };

/**
 * The worker's status for the home page, from enrollment.mine: cover in force first, then cover
 * bought for a later period (待生效), then an enrolment still to be paid (待缴费).
 */
export function workerCoverStatus(items: Enrollment[], today: string = chinaToday()): WorkerCoverStatus {
  const active = items.filter((e) => e.status === 'active');
  const inForce = active.find((e) => coverageState(e.coverage, today) === 'in_force');
  if (inForce)
    return { kind: 'in_force', enrollment: inForce, text: coverageStateText(inForce.coverage, today) };
  const upcoming = active.find((e) => coverageState(e.coverage, today) === 'upcoming');
  if (upcoming)
    return { kind: 'upcoming', enrollment: upcoming, text: coverageStateText(upcoming.coverage, today) };
  const pending = items.find((e) => e.status === 'pending_payment');
  if (pending) return { kind: 'pending', enrollment: pending };
  return { kind: 'none' };
}
