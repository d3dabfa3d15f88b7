/**
 * Where a submitted claim goes and when its money is due: the review queue (a unit pre-check
 * where the benefit has one), the review batch (monthly, quarterly meeting, on receipt) and the
 * payout deadline after approval in working days of the statutory calendar.
 */
import { describeEstimate, type IsoDate } from '../calendar';
import type { ClaimQueue } from '../lifecycle/claim';
import { payoutDeadline, reviewBatchFor, type ReviewBatch } from '../program/review';
import type { Benefit } from '../program/schema';

/**
 * Whether the grassroots union pre-checks (初审) the benefit's claims before the centre. The
 * program schema has no structured field for it yet, so the benefit's own review wording decides
 * (Jinan: 本单位工会初审后报市职工互助互济会); a structured `review.unitPrecheck` should replace this.
 */
export function hasUnitPrecheck(benefit: Benefit): boolean {
  return /初审/.test(benefit.review.label);
}

export function firstQueue(benefit: Benefit): ClaimQueue {
  return hasUnitPrecheck(benefit) ? 'unit_precheck' : 'centre_review';
}

export function reviewBatch(benefit: Benefit, receivedOn: IsoDate): ReviewBatch {
  return reviewBatchFor(benefit, receivedOn);
}

export interface ExpectedPayment {
  /** The last day the transfer is due. */
  date: IsoDate;
  estimated: boolean;
  /** Chinese note when a year's holiday arrangement is not yet published (the date is estimated). */
  note?: string;
  label: string;
}

/** Approval + the program's payout deadline in working days (null when the program sets none). */
export function expectedPayment(benefit: Benefit, approvedOn: IsoDate): ExpectedPayment | null {
  const r = payoutDeadline(benefit, approvedOn);
  if (!r) return null;
  return { date: r.date, estimated: r.estimated, note: describeEstimate(r), label: benefit.payout.label };
}
