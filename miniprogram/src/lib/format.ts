import type { EnrollmentStatus } from '@shared/api/enrollment';
import { enrollmentLifecycle } from '@shared/lifecycle/enrollment';
import { formatYuan } from '@shared/money';

export { formatYuan };

/** "2026-01-01 至 2026-12-31" */
export const formatPeriod = (p: { start: string; end: string }): string => `${p.start} 至 ${p.end}`;

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The China calendar date of an ISO timestamp. China keeps UTC+8 all year, so a fixed offset is
 * exact; this avoids shared/calendar, whose zod and holiday tables would weigh on the main package.
 */
export function formatChinaDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Today's date in China (YYYY-MM-DD). Same result as shared/calendar's chinaToday, but that
 * module builds zod schemas and loads the holiday tables when imported, which would put both in
 * the main package; the fixed UTC+8 offset is all this needs.
 */
export function chinaToday(now: number = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** "14:07" in China time. */
export function formatChinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/** "2026-03-05 14:07" in China time. */
export function formatChinaDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t + CHINA_OFFSET_MS).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** The labels of the one enrolment state machine (shared/lifecycle), not a copy of them. */
export const ENROLLMENT_STATUS_LABELS: Readonly<Record<EnrollmentStatus, string>> =
  enrollmentLifecycle.labels;

/** NutUI Tag type for a status: green when covered, orange while money is owed. */
export const ENROLLMENT_STATUS_TONES: Record<EnrollmentStatus, 'success' | 'warning' | 'default'> = {
  pending_payment: 'warning',
  active: 'success',
  cancelled: 'default',
};

/** Who pays a fee line, for the split shown beside "我需缴费". */
export const isWorkerLine = (payer: string): boolean => payer === 'worker';
