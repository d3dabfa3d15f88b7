import type { HandlerContext } from './context';
import { cloudPay } from './cloud';
import { insert, transaction, txGet } from './db';
import { certificateNoFor, type EnrollmentDoc, type OrderDoc } from './enrollment-model';

/** What WeChat Pay says about an order, as queryOrder reports it. */
export interface PaidFacts {
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
  tradeState: string;
}

export const subMchId = () => process.env.WXPAY_SUB_MCH_ID ?? '';

/** Ask WeChat Pay; never trust a notification's or a client's word for money. */
export async function queryOrder(outTradeNo: string): Promise<PaidFacts> {
  const res = await cloudPay.queryOrder({
    subMchId: subMchId(),
    outTradeNo,
    nonceStr: outTradeNo.replace(/-/g, ''),
  });
  return {
    outTradeNo: String(res.outTradeNo ?? outTradeNo),
    transactionId: String(res.transactionId ?? ''),
    totalFee: Number(res.totalFee ?? 0),
    tradeState: String(res.tradeState ?? 'UNKNOWN'),
  };
}

export type ApplyResult = 'applied' | 'already_applied' | 'not_paid' | 'anomaly';

async function recordAnomaly(ctx: HandlerContext, kind: string, detail: Record<string, unknown>) {
  await insert(ctx.db, 'payAnomalies', { kind, ...detail, at: ctx.now, resolved: false });
}

/**
 * Apply a verified payment once: order PENDING (or CLOSED by our expiry timer) → PAID and the
 * enrolment → active, in one transaction keyed by the order, so a replayed or duplicated
 * notification, the client's sync and the timer can all call this and only one credits.
 * The body has no side effects outside the transaction because CloudBase may run it twice.
 */
export async function applyPayment(ctx: HandlerContext, facts: PaidFacts): Promise<ApplyResult> {
  if (facts.tradeState !== 'SUCCESS') return 'not_paid';
  const outcome = await transaction(ctx.db, async (tx) => {
    const order = await txGet<OrderDoc>(tx, 'orders', facts.outTradeNo);
    if (!order) return { result: 'anomaly' as const, kind: 'UNKNOWN_ORDER' };
    if (order.amountFen !== facts.totalFee) return { result: 'anomaly' as const, kind: 'AMOUNT_MISMATCH' };
    if (order.status === 'PAID') {
      return order.transactionId === facts.transactionId
        ? { result: 'already_applied' as const }
        : { result: 'anomaly' as const, kind: 'SECOND_TRANSACTION' };
    }
    const enrollment = await txGet<EnrollmentDoc>(tx, 'enrollments', order.enrollmentId);
    if (!enrollment) return { result: 'anomaly' as const, kind: 'UNKNOWN_ENROLLMENT' };
    await tx
      .collection('orders')
      .doc(order._id)
      .update({
        data: { status: 'PAID', transactionId: facts.transactionId, paidAt: ctx.now },
      });
    if (enrollment.status === 'active') {
      // Another attempt of the same enrolment was paid first: this money must go back.
      return { result: 'anomaly' as const, kind: 'DOUBLE_PAYMENT' };
    }
    await tx
      .collection('enrollments')
      .doc(enrollment._id)
      .update({
        data: {
          status: 'active',
          paidAt: ctx.now,
          activatedAt: ctx.now,
          certificateNo: certificateNoFor(enrollment),
          note: null,
          updatedAt: ctx.now,
        },
      });
    await tx
      .collection('outbox')
      .doc(`paid_${facts.transactionId}`)
      .set({
        data: {
          kind: 'enrollment_paid',
          enrollmentId: enrollment._id,
          userId: enrollment.userId,
          status: 'pending',
          createdAt: ctx.now,
        },
      });
    return { result: 'applied' as const };
  });
  if (outcome.result === 'anomaly') {
    await recordAnomaly(ctx, outcome.kind ?? 'UNKNOWN', {
      outTradeNo: facts.outTradeNo,
      transactionId: facts.transactionId,
      totalFee: facts.totalFee,
    });
  }
  return outcome.result;
}
