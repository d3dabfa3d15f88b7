import { defineMachine } from './machine';

/**
 * A claim (补助申请) for one enrolment, one benefit and one coverage period.
 * - draft → submitted: the worker (or someone they authorised) files it; facts and materials are
 *   complete, the estimate is stored with it. draft → withdrawn: the draft is abandoned.
 * - submitted: waiting in a queue (`queue` on the claim says whose: the unit's pre-check where
 *   the benefit has one, else the centre's). The worker may still withdraw it.
 * - submitted → unit_precheck | centre_review: an officer opens it (the review function);
 *   unit_precheck → centre_review when the unit passes it on.
 * - unit_precheck | centre_review → needs_material: the officer asks for what is missing (the
 *   list is on the claim); needs_material → submitted: the worker adds it and resubmits (back to
 *   the queue that asked). The worker may withdraw instead.
 * - unit_precheck | centre_review → rejected; centre_review → approved (with the decided amount);
 * - approved → in_payout (a payout batch) → paid; in_payout → approved when a transfer fails.
 * The review function (cloudfunctions/review) adds:
 * - unit_precheck | centre_review → submitted: the officer releases it back to the queue, or the
 *   unit passes it on (`queue` becomes centre_review);
 * - centre_review → appraisal: a critical-illness claim goes on its quarter's appraisal meeting
 *   agenda (鉴定会); appraisal → approved | rejected by the meeting's vote, → needs_material, or
 *   → centre_review when taken off the agenda;
 * - approved → rejected: an objection to the 公示 upheld before the money left;
 * - paid → recovery (已发放的补助，予以追回: an upheld objection or an exclusion found later) →
 *   recovered when the money is back.
 */
export const claimLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'claim',
  {
    draft: ['submitted', 'withdrawn'],
    submitted: ['unit_precheck', 'centre_review', 'withdrawn'],
    unit_precheck: ['centre_review', 'needs_material', 'rejected', 'submitted'],
    centre_review: ['approved', 'rejected', 'needs_material', 'submitted', 'appraisal'],
    appraisal: ['approved', 'rejected', 'needs_material', 'centre_review'],
    needs_material: ['submitted', 'withdrawn'],
    approved: ['in_payout', 'rejected'],
    in_payout: ['paid', 'approved'],
    paid: ['recovery'],
    recovery: ['recovered'],
    recovered: [],
    rejected: [],
    withdrawn: [],
  },
  {
    draft: '草稿',
    submitted: '已提交',
    unit_precheck: '单位初审中',
    centre_review: '审核中',
    appraisal: '待鉴定会会商',
    needs_material: '待补充材料',
    approved: '审核通过',
    in_payout: '发放中',
    paid: '已发放',
    recovery: '追回中',
    recovered: '已追回',
    rejected: '未通过',
    withdrawn: '已撤回',
  },
);
export type ClaimStatus = (typeof claimLifecycle.states)[number];

/** Whose queue a submitted claim waits in. */
export type ClaimQueue = 'unit_precheck' | 'centre_review';

/** States in which the claim's facts and files may be changed by the claimant. */
export const CLAIM_EDITABLE: readonly ClaimStatus[] = ['draft'];
/** States in which the claimant may add material (a draft, or when an officer asked for it). */
export const CLAIM_ACCEPTS_MATERIAL: readonly ClaimStatus[] = ['draft', 'needs_material'];
/** A decision counts towards later claims of the period (its amount is in the calculator's history). */
export const CLAIM_DECIDED: readonly ClaimStatus[] = ['approved', 'in_payout', 'paid'];
/** Filed and not finished: a second claim for the same once-only grant waits for it. */
export const CLAIM_OPEN: readonly ClaimStatus[] = [
  'submitted',
  'unit_precheck',
  'centre_review',
  'appraisal',
  'needs_material',
];
/** Under an officer's hands (someone holds it): the queue's "in review" states. */
export const CLAIM_IN_REVIEW: readonly ClaimStatus[] = ['unit_precheck', 'centre_review', 'appraisal'];

/**
 * An authorisation to file claims on a worker's behalf, for one enrolment.
 * - pending → active: the family member accepted the one-time code (unit officer grants start active);
 * - pending | active → revoked: the worker revoked it (it stops working at once);
 * - pending → expired: the code was not accepted in time.
 */
export const authorisationLifecycle = defineMachine(
  'authorisation',
  {
    pending: ['active', 'revoked', 'expired'],
    active: ['revoked'],
    revoked: [],
    expired: [],
  },
  { pending: '待对方确认', active: '已生效', revoked: '已撤销', expired: '已过期' },
);
export type AuthorisationStatus = (typeof authorisationLifecycle.states)[number];
