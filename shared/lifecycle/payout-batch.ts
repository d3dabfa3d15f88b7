import { defineMachine } from './machine';

/**
 * A payout batch (发放批次): approved claims whose money goes out in one bank transfer list.
 * - open: items added (each claim approved → in_payout); the centre may still cancel it
 *   (open → cancelled: every claim returns to approved);
 * - open → exported: the transfer list (.xlsx) was generated for the bank; the items are frozen
 *   (the file may be downloaded again, each download audited);
 * - exported → settled: the bank's result is recorded once — each item paid or failed (a failed
 *   item's claim returns to approved with the reason, for the next batch). Settling twice is
 *   refused.
 */
export const payoutBatchLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'payoutBatch',
  {
    open: ['exported', 'cancelled'],
    exported: ['settled'],
    settled: [],
    cancelled: [],
  },
  { open: '待导出', exported: '已导出转账清单', settled: '已完成', cancelled: '已取消' },
);
export type PayoutBatchStatus = (typeof payoutBatchLifecycle.states)[number];

/**
 * One line of a batch (one claim).
 * - pending → paid | failed (the bank's result) | held (an objection to the 公示 stopped it:
 *   the claim returns to approved, flagged, until an officer resolves the objection).
 */
export const payoutItemLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'payoutItem',
  {
    pending: ['paid', 'failed', 'held'],
    paid: [],
    failed: [],
    held: [],
  },
  { pending: '待转账', paid: '已转账', failed: '转账失败', held: '暂停发放' },
);
export type PayoutItemStatus = (typeof payoutItemLifecycle.states)[number];

/**
 * A quarterly critical-illness appraisal meeting (重大疾病鉴定会).
 * - open: the agenda is formed, members recorded, votes taken; open → closed: the outcomes are
 *   applied to the claims (approved / rejected; undecided ones stay for the next meeting).
 */
export const appraisalMeetingLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'appraisalMeeting',
  { open: ['closed'], closed: [] },
  { open: '会商中', closed: '已结束' },
);
export type AppraisalMeetingStatus = (typeof appraisalMeetingLifecycle.states)[number];

/**
 * An objection (异议) against one line of a 公示 notice.
 * - open → dismissed (the payout goes ahead / the flag is cleared) | upheld (an unpaid claim is
 *   rejected; a paid one goes to recovery).
 */
export const objectionLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'objection',
  { open: ['dismissed', 'upheld'], dismissed: [], upheld: [] },
  { open: '待处理', dismissed: '异议不成立', upheld: '异议成立' },
);
export type ObjectionStatus = (typeof objectionLifecycle.states)[number];
