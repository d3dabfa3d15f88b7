/**
 * When a claim is reviewed and by when the money must be transferred, from the benefit's
 * review cadence and payout deadline.
 */
import { addWorkingDays, type IsoDate, type WorkingDayCalendar, type WorkingDayResult } from '../calendar';
import type { Benefit } from './schema';

export interface ReviewBatch {
  cadence: Benefit['review']['cadence'];
  /** Claims with the same key are reviewed together: '2024-05' (month), '2024Q2' (quarter), or the receipt date. */
  key: string;
  /** The last day of the batch: month end, quarter end (the appraisal meeting), or the receipt date. */
  closesOn: IsoDate;
  label: string;
}

function lastDayOfMonth(year: number, month1: number): IsoDate {
  const d = new Date(Date.UTC(year, month1, 0)).getUTCDate();
  return `${year}-${String(month1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The review batch a claim received on a China date falls into. */
export function reviewBatchFor(benefit: Benefit, receivedOn: IsoDate): ReviewBatch {
  const year = Number(receivedOn.slice(0, 4));
  const month = Number(receivedOn.slice(5, 7));
  switch (benefit.review.cadence) {
    case 'monthly':
      return {
        cadence: 'monthly',
        key: receivedOn.slice(0, 7),
        closesOn: lastDayOfMonth(year, month),
        label: `${year}年${month}月复核批次`,
      };
    case 'quarterly_meeting': {
      const q = Math.ceil(month / 3);
      return {
        cadence: 'quarterly_meeting',
        key: `${year}Q${q}`,
        closesOn: lastDayOfMonth(year, q * 3),
        label: `${year}年第${q}季度鉴定会`,
      };
    }
    default:
      return {
        cadence: benefit.review.cadence,
        key: receivedOn,
        closesOn: receivedOn,
        label: benefit.review.label,
      };
  }
}

/**
 * The transfer deadline after approval (e.g. 10 working days), or null when the notice sets
 * none. An estimate is flagged when a year's holiday arrangement is not loaded.
 */
export function payoutDeadline(
  benefit: Benefit,
  approvedOn: IsoDate,
  calendar?: WorkingDayCalendar,
): WorkingDayResult | null {
  const days = benefit.payout.deadlineWorkingDays;
  if (days === null) return null;
  return calendar ? addWorkingDays(approvedOn, days, calendar) : addWorkingDays(approvedOn, days);
}
