import { defineMachine } from './machine';

/**
 * An enrolment (参保记录) for one worker, program and coverage period.
 * - pending_payment → active: the worker's share is verified paid (or nothing was owed);
 * - pending_payment → cancelled: the worker withdrew before paying;
 * - cancelled → pending_payment | active: enrolling again for the same period reuses the record.
 * Whether active cover is 待生效 / 保障中 / 已到期 is a matter of dates, not of this status
 * (see coverageState in shared/program/coverage-state.ts).
 */
export const enrollmentLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'enrollment',
  {
    pending_payment: ['active', 'cancelled'],
    active: [],
    cancelled: ['pending_payment', 'active'],
  },
  { pending_payment: '待缴费', active: '已参保', cancelled: '已取消' },
);
export type EnrollmentStatus = (typeof enrollmentLifecycle.states)[number];

/**
 * A WeChat Pay order for an enrolment's share.
 * - PENDING → PAID (verified with queryOrder) | CLOSED (expired or replaced, closed at WeChat Pay);
 * - CLOSED → PAID: a payment found after closing (the reconciliation pass) is still applied;
 * - PAID → REFUNDED: a second payment for an enrolment already paid goes back to the worker.
 */
export const orderLifecycle = defineMachine(
  // Stryker disable next-line StringLiteral: the machine's name is never read (defineMachine only voids it)
  'order',
  {
    PENDING: ['PAID', 'CLOSED'],
    CLOSED: ['PAID'],
    PAID: ['REFUNDED'],
    REFUNDED: [],
  },
  { PENDING: '待支付', PAID: '已支付', CLOSED: '已关闭', REFUNDED: '已退款' },
);
export type OrderStatus = (typeof orderLifecycle.states)[number];
