/**
 * Whether a payment WeChat Pay reports may credit an enrolment: the pure decisions of the
 * payment notification and of applyPayment (cloudfunctions/_lib/payments.ts), which keeps the
 * reads and writes. Never trust a notification's word for money: it is compared with what
 * queryOrder confirmed, and what was confirmed is compared with the stored order — its trade
 * number, its amount to the fen, its state and the transaction already recorded on it.
 */
import type { EnrollmentStatus, OrderStatus } from '../lifecycle/enrollment';
import type { Fen } from '../money';

/** A payment as WeChat Pay reports it (queryOrder's answer, or what a notification claims). */
export interface ReportedPayment {
  outTradeNo: string;
  transactionId: string;
  totalFee: Fen;
  /** WeChat Pay's trade_state (SUCCESS, NOTPAY, CLOSED, REFUND…) or ORDERNOTEXIST. */
  tradeState: string;
}

/** The payment notification's own fields. */
export interface NotifiedPayment {
  returnCode: string;
  resultCode?: string;
  outTradeNo: string;
  transactionId: string;
  totalFee: Fen;
}

/** What the stored order says. */
export interface StoredOrder {
  _id: string;
  amountFen: Fen;
  status: OrderStatus;
  transactionId?: string;
  /**
   * 'pending' from marking the order PAID until its enrolment is credited (or its refund
   * recorded): a payment cut short between the two is finished, not taken for a replay.
   */
  credit?: 'pending';
}

export type AnomalyKind =
  | 'NOTIFICATION_NOT_CONFIRMED'
  | 'UNKNOWN_ORDER'
  | 'AMOUNT_MISMATCH'
  | 'SECOND_TRANSACTION'
  | 'UNKNOWN_ENROLLMENT'
  | 'DOUBLE_PAYMENT';

/** Paid, confirmed: the one trade state that moves money into an enrolment. */
export const isPaid = (payment: Pick<ReportedPayment, 'tradeState'>): boolean =>
  payment.tradeState === 'SUCCESS';

/** A notification reports a payment only when both its return and result codes say SUCCESS. */
export const notificationReportsPayment = (note: Pick<NotifiedPayment, 'returnCode' | 'resultCode'>) =>
  note.returnCode === 'SUCCESS' && note.resultCode === 'SUCCESS';

export type NotificationVerdict =
  /** Confirmed paid, for the amount and transaction claimed: go on to applyPayment. */
  | { action: 'apply' }
  /** A replay of a payment already refunded (a double payment): nothing to do. */
  | { action: 'ignore'; reason: 'ALREADY_REFUNDED' }
  | { action: 'anomaly'; kind: 'NOTIFICATION_NOT_CONFIRMED' };

/**
 * A notification against what queryOrder confirmed for its trade number: it credits only when
 * WeChat Pay reports that order paid with the same amount and transaction id.
 */
export function verifyNotification(
  note: Pick<NotifiedPayment, 'transactionId' | 'totalFee'>,
  confirmed: ReportedPayment,
): NotificationVerdict {
  const sameFacts = confirmed.totalFee === note.totalFee && confirmed.transactionId === note.transactionId;
  if (confirmed.tradeState === 'REFUND' && sameFacts) return { action: 'ignore', reason: 'ALREADY_REFUNDED' };
  if (!isPaid(confirmed) || !sameFacts) return { action: 'anomaly', kind: 'NOTIFICATION_NOT_CONFIRMED' };
  return { action: 'apply' };
}

export type PaymentVerdict<O extends StoredOrder = StoredOrder> =
  /** The order is open (PENDING, or CLOSED and found paid later): mark it paid. */
  | { action: 'apply'; order: O }
  /** Marked paid by this transaction, its enrolment not yet credited: finish crediting it. */
  | { action: 'resume'; order: O }
  | { action: 'ignore'; reason: 'NOT_PAID' | 'ALREADY_APPLIED' }
  | { action: 'anomaly'; kind: 'UNKNOWN_ORDER' }
  | { action: 'anomaly'; kind: 'AMOUNT_MISMATCH'; detail: { orderAmountFen: Fen } }
  | { action: 'anomaly'; kind: 'SECOND_TRANSACTION'; detail: { recordedTransactionId: string | undefined } };

/**
 * A confirmed payment against the stored order of its trade number (undefined: none stored).
 * Checked in this order: paid at all, the order exists, the amount is the order's to the fen,
 * and an order already paid (or refunded) takes no second transaction — the same one again is
 * a replay.
 */
export function verifyPayment<O extends StoredOrder>(
  order: O | null | undefined,
  paid: ReportedPayment,
): PaymentVerdict<O> {
  if (!isPaid(paid)) return { action: 'ignore', reason: 'NOT_PAID' };
  if (!order || order._id !== paid.outTradeNo) return { action: 'anomaly', kind: 'UNKNOWN_ORDER' };
  if (order.amountFen !== paid.totalFee)
    return { action: 'anomaly', kind: 'AMOUNT_MISMATCH', detail: { orderAmountFen: order.amountFen } };
  if (order.status === 'PAID' || order.status === 'REFUNDED') {
    if (order.transactionId === paid.transactionId)
      return order.status === 'PAID' && order.credit === 'pending'
        ? { action: 'resume', order }
        : { action: 'ignore', reason: 'ALREADY_APPLIED' };
    return {
      action: 'anomaly',
      kind: 'SECOND_TRANSACTION',
      detail: { recordedTransactionId: order.transactionId },
    };
  }
  return { action: 'apply', order };
}

export type EnrollmentVerdict<E> =
  /** pending_payment, or cancelled (the money still arrived: it buys the cover). */
  | { action: 'activate'; enrollment: E }
  /** Another order of the enrolment was paid first: this payment goes back in full. */
  | { action: 'refund'; kind: 'DOUBLE_PAYMENT'; enrollment: E }
  /** Already active through this very order (a payment cut short after crediting). */
  | { action: 'credited'; enrollment: E }
  | { action: 'anomaly'; kind: 'UNKNOWN_ENROLLMENT' };

/**
 * What the payment of order `orderId` does to the order's enrolment (undefined: none stored). An
 * active one was paid by another order, unless its current order is this one.
 */
export function verifyEnrollment<E extends { status: EnrollmentStatus; currentOrderId?: string }>(
  enrollment: E | null | undefined,
  orderId: string,
): EnrollmentVerdict<E> {
  if (!enrollment) return { action: 'anomaly', kind: 'UNKNOWN_ENROLLMENT' };
  if (enrollment.status === 'active')
    return enrollment.currentOrderId === orderId
      ? { action: 'credited', enrollment }
      : { action: 'refund', kind: 'DOUBLE_PAYMENT', enrollment };
  return { action: 'activate', enrollment };
}
