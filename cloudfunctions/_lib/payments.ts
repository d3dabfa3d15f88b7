import { AppError } from '@shared/errors';
import { enrollmentLifecycle, orderLifecycle } from '@shared/lifecycle';
import { isPaid, verifyEnrollment, verifyPayment } from '@shared/payments/verify';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { cloudPay } from './cloud';
import { transaction, txGet, updateWhere, type Tx } from './db';
import { certificateNoFor, ORDER_TTL_MS, type OrderDoc } from './enrollment-model';
import type { PayAnomalyDoc, RefundDoc } from './records';

/** What WeChat Pay says about an order, as queryOrder reports it. */
export interface PaidFacts {
  outTradeNo: string;
  transactionId: string;
  totalFee: number;
  /**
   * WeChat Pay's trade_state (SUCCESS, NOTPAY, CLOSED, REFUND, REVOKED, USERPAYING, PAYERROR),
   * or ORDERNOTEXIST when WeChat Pay has no such order (unifiedOrder never went through).
   */
  tradeState: string;
}

export const subMchId = () => process.env.WXPAY_SUB_MCH_ID ?? '';

/** WeChat refuses closeOrder in the first five minutes of an order (cancel says so up front). */
export const CLOSE_GRACE_MS = 5 * 60 * 1000;

const nonceFor = (outTradeNo: string) => outTradeNo.replace(/[-_]/g, '').slice(0, 32);

/** yyyyMMddHHmmss in China time (UTC+8, no DST), the format of time_expire and time_end. */
export function chinaTimestamp(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The order's expiry at WeChat Pay: the same instant as ours, so neither outlives the other. */
export const timeExpireOf = (order: Pick<OrderDoc, 'expiresAt'>) => chinaTimestamp(order.expiresAt);
export const orderExpiry = (now: Date) => new Date(now.getTime() + ORDER_TTL_MS);

type PayReply = Record<string, any>;

/**
 * WeChat Pay's err_code of a result_code FAIL answer. wx-server-sdk overwrites the camelCased
 * `errCode` with its own 0 (`{...result, errCode: 0}`), so only err_code_des survives; the one
 * code we must tell apart from a transient failure, ORDERNOTEXIST, is read from it. Anything
 * not recognised counts as transient (retry), never as a verdict.
 */
function wechatErrCode(res: PayReply): string {
  if (typeof res.errCode === 'string' && res.errCode) return res.errCode;
  const desc = String(res.errCodeDes ?? '');
  if (/不存在|not\s*exist/i.test(desc)) return 'ORDERNOTEXIST';
  return 'UNKNOWN';
}

/**
 * One cloudPay call. A transport failure (the SDK throws) and a return_code other than SUCCESS
 * mean WeChat Pay gave no answer about the order: both become PAY.RETRY_LATER, never a verdict.
 */
async function callPay(api: string, params: object): Promise<PayReply> {
  let res: PayReply;
  try {
    res = await cloudPay[api]!(params);
  } catch (err) {
    console.error(`cloudPay.${api} failed:`, (err as { errMsg?: string })?.errMsg ?? String(err));
    throw new AppError('PAY.RETRY_LATER');
  }
  if (res?.returnCode !== 'SUCCESS') {
    console.error(`cloudPay.${api} returned ${res?.returnCode}: ${res?.returnMsg ?? ''}`);
    throw new AppError('PAY.RETRY_LATER');
  }
  return res;
}

/**
 * Ask WeChat Pay; never trust a notification's or a client's word for money. Only a definite
 * answer is returned: the order's trade state, or ORDERNOTEXIST. Anything else (SYSTEMERROR, a
 * transport failure) throws PAY.RETRY_LATER, so callers retry instead of acting on a non-answer.
 */
export async function queryOrder(outTradeNo: string): Promise<PaidFacts> {
  const res = await callPay('queryOrder', {
    subMchId: subMchId(),
    outTradeNo,
    nonceStr: nonceFor(outTradeNo),
  });
  if (res.resultCode !== 'SUCCESS') {
    if (wechatErrCode(res) === 'ORDERNOTEXIST')
      return { outTradeNo, transactionId: '', totalFee: 0, tradeState: 'ORDERNOTEXIST' };
    console.error(`queryOrder ${outTradeNo}: ${res.errCodeDes ?? 'FAIL'}`);
    throw new AppError('PAY.RETRY_LATER');
  }
  if (
    typeof res.tradeState !== 'string' ||
    !res.tradeState ||
    (res.outTradeNo && res.outTradeNo !== outTradeNo)
  ) {
    console.error(`queryOrder ${outTradeNo}: unusable answer (${res.tradeState}, ${res.outTradeNo})`);
    throw new AppError('PAY.RETRY_LATER');
  }
  return {
    outTradeNo,
    transactionId: String(res.transactionId ?? ''),
    totalFee: Number(res.totalFee ?? 0),
    tradeState: res.tradeState,
  };
}

export type ApplyResult = 'applied' | 'already_applied' | 'not_paid' | 'anomaly';

/** Deterministic: a replayed notification, a retried transaction or a second caller writes the same one. */
export const anomalyIdFor = (kind: string, outTradeNo: string, transactionId = '') =>
  `anom_${kind}_${outTradeNo}_${transactionId}`.slice(0, 128);

/** Records an anomaly inside a transaction, once: an existing one (maybe already resolved) is kept. */
async function txAnomaly(tx: Tx, doc: Omit<PayAnomalyDoc, '_id' | 'resolved'>) {
  const id = anomalyIdFor(doc.kind, doc.outTradeNo ?? '', doc.transactionId);
  if (await txGet(tx, 'payAnomalies', id)) return;
  await tx
    .collection('payAnomalies')
    .doc(id)
    .set({ data: { ...doc, resolved: false } });
}

/** One refund per order: the id and out_refund_no are derived from it, so it is asked for once. */
export const refundIdFor = (outTradeNo: string) => `rf_${outTradeNo}`;
const outRefundNoFor = (outTradeNo: string) => `R${outTradeNo}`;

/**
 * Apply a verified payment once: order PENDING (or CLOSED, found by a later check) → PAID and the
 * enrolment → active, in one transaction keyed by the order, so a replayed or duplicated
 * notification, the client's sync and the timer can all call this and only one credits.
 * Anything that does not add up is recorded in the same transaction (a crash cannot lose it, a
 * replay cannot duplicate it). A payment for an enrolment another order already paid is kept
 * PAID with a refund record in the same transaction, then the refund is asked for; if that call
 * fails the timer retries it. The body has no side effects outside the transaction because
 * CloudBase may run it twice.
 */
export async function applyPayment(ctx: HandlerContext, facts: PaidFacts): Promise<ApplyResult> {
  if (!isPaid(facts)) return 'not_paid';
  const seen = {
    outTradeNo: facts.outTradeNo,
    transactionId: facts.transactionId,
    totalFee: facts.totalFee,
    at: ctx.now,
  };
  const outcome = await transaction(ctx.db, async (tx) => {
    // The decisions are pure (shared/payments/verify.ts); this writes what they say.
    const stored = await txGet(tx, 'orders', facts.outTradeNo);
    const verdict = verifyPayment(stored, facts);
    if (verdict.action === 'ignore')
      return { result: verdict.reason === 'ALREADY_APPLIED' ? 'already_applied' : 'not_paid' } as const;
    if (verdict.action === 'anomaly') {
      await txAnomaly(tx, {
        kind: verdict.kind,
        ...seen,
        ...(stored && { enrollmentId: stored.enrollmentId }),
        ...('detail' in verdict && { detail: verdict.detail }),
      });
      return { result: 'anomaly' as const };
    }
    const order = verdict.order;
    const next = verifyEnrollment(await txGet(tx, 'enrollments', order.enrollmentId));
    if (next.action === 'anomaly') {
      await txAnomaly(tx, { kind: next.kind, ...seen, enrollmentId: order.enrollmentId });
      return { result: 'anomaly' as const };
    }
    const enrollment = next.enrollment;
    orderLifecycle.assert(order.status, 'PAID');
    await tx
      .collection('orders')
      .doc(order._id)
      .update({ data: { status: 'PAID', transactionId: facts.transactionId, paidAt: ctx.now } });
    if (next.action === 'refund') {
      // Another attempt of the same enrolment was paid first: this money must go back.
      await txAnomaly(tx, {
        kind: 'DOUBLE_PAYMENT',
        ...seen,
        enrollmentId: enrollment._id,
        detail: { refundId: refundIdFor(order._id), paidOrderId: enrollment.currentOrderId },
      });
      const refund: Omit<RefundDoc, '_id'> = {
        outTradeNo: order._id,
        outRefundNo: outRefundNoFor(order._id),
        transactionId: facts.transactionId,
        enrollmentId: enrollment._id,
        userId: enrollment.userId,
        amountFen: facts.totalFee,
        reason: 'DOUBLE_PAYMENT',
        status: 'pending',
        attempts: 0,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
      await tx.collection('refunds').doc(refundIdFor(order._id)).set({ data: refund });
      return { result: 'anomaly' as const, refund: { _id: refundIdFor(order._id), ...refund } };
    }
    // pending_payment, or cancelled (the worker withdrew but the money still arrived; the
    // lifecycle lets a cancelled enrolment become active, so the payment buys the cover).
    enrollmentLifecycle.assert(enrollment.status, 'active');
    await tx
      .collection('enrollments')
      .doc(enrollment._id)
      .update({
        data: {
          status: 'active',
          currentOrderId: order._id,
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
  if ('refund' in outcome && outcome.refund) {
    // After the commit: the refund record is durable, so a failure here only delays it.
    await requestRefund(ctx, outcome.refund).catch((err) =>
      console.error(
        `refund ${outcome.refund._id} left for the timer:`,
        err instanceof Error ? err.message : err,
      ),
    );
  }
  return outcome.result;
}

/** After this many refused refund calls the refund is marked failed for the centre to handle. */
const MAX_REFUND_ATTEMPTS = 10;

/**
 * Ask WeChat Pay to refund a recorded refund (idempotent per out_refund_no, so a retry after a
 * lost answer cannot refund twice). Accepted → `requested`; the timer confirms it with
 * queryOrder (trade state REFUND) before calling it refunded.
 */
export async function requestRefund(ctx: HandlerContext, refund: RefundDoc): Promise<RefundDoc['status']> {
  const attempts = (refund.attempts ?? 0) + 1;
  const where = coll(ctx.db, 'refunds').where({ _id: refund._id, status: 'pending' });
  let res: PayReply;
  try {
    res = await callPay('refund', {
      subMchId: subMchId(),
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      totalFee: refund.amountFen,
      refundFee: refund.amountFen,
      refundDesc: '重复缴费退款',
      nonceStr: nonceFor(refund.outRefundNo),
    });
  } catch (err) {
    await updateWhere(where, {
      attempts,
      lastError: String((err as Error).message).slice(0, 200),
      updatedAt: ctx.now,
    });
    throw err;
  }
  if (res.resultCode !== 'SUCCESS') {
    const status = attempts >= MAX_REFUND_ATTEMPTS ? 'failed' : 'pending';
    await updateWhere(where, {
      status,
      attempts,
      lastError: String(res.errCodeDes ?? 'refund refused').slice(0, 200),
      updatedAt: ctx.now,
    });
    return status;
  }
  await updateWhere(where, {
    status: 'requested',
    attempts,
    refundId: String(res.refundId ?? ''),
    lastError: null,
    updatedAt: ctx.now,
  });
  return 'requested';
}

/**
 * A requested refund is done when WeChat Pay reports the order as REFUND: the refund and the
 * order (PAID → REFUNDED) are marked, the order conditionally so a repeat changes nothing.
 */
export async function confirmRefund(ctx: HandlerContext, refund: RefundDoc): Promise<boolean> {
  const facts = await queryOrder(refund.outTradeNo);
  if (facts.tradeState !== 'REFUND') {
    await updateWhere(coll(ctx.db, 'refunds').where({ _id: refund._id, status: 'requested' }), {
      updatedAt: ctx.now,
    });
    return false;
  }
  await updateWhere(
    coll(ctx.db, 'orders').where({
      _id: refund.outTradeNo,
      status: ctx.db.command.in(orderLifecycle.sourcesOf('REFUNDED')),
    }),
    { status: 'REFUNDED', refundedAt: ctx.now },
  );
  await updateWhere(coll(ctx.db, 'refunds').where({ _id: refund._id, status: 'requested' }), {
    status: 'refunded',
    updatedAt: ctx.now,
  });
  return true;
}

export type CloseResult = 'closed' | 'paid';

/**
 * Close an attempt at WeChat Pay, then here. WeChat's answer is read before anything changes: a
 * refused close is followed by queryOrder, and a paid order (ORDERPAID) is applied instead of
 * closed — the caller must not open another attempt then. Already closed there, or never created
 * (unifiedOrder never went through), it is closed here too; anything else throws
 * PAY.RETRY_LATER and nothing changes.
 */
export async function closeAttempt(ctx: HandlerContext, order: OrderDoc): Promise<CloseResult> {
  if (order.status === 'PAID' || order.status === 'REFUNDED') return 'paid';
  // No local check of WeChat's five-minute rule: its refusal is read like any other (below).
  const res = await callPay('closeOrder', {
    subMchId: subMchId(),
    outTradeNo: order._id,
    nonceStr: nonceFor(order._id),
  });
  if (res.resultCode !== 'SUCCESS') {
    // Refused: paid (ORDERPAID), already closed, never created, or a transient failure. The SDK
    // hides err_code (see wechatErrCode), so the order's state is asked for instead.
    const facts = await queryOrder(order._id);
    if (facts.tradeState === 'SUCCESS') {
      await applyPayment(ctx, facts);
      return 'paid';
    }
    if (facts.tradeState === 'REFUND') return 'paid';
    if (facts.tradeState !== 'CLOSED' && facts.tradeState !== 'ORDERNOTEXIST') {
      console.error(
        `closeOrder ${order._id} refused (${res.errCodeDes ?? 'FAIL'}), order ${facts.tradeState}`,
      );
      throw new AppError('PAY.RETRY_LATER');
    }
  }
  if (order.status !== 'CLOSED') {
    orderLifecycle.assert(order.status, 'CLOSED');
    await updateWhere(
      coll(ctx.db, 'orders').where({
        _id: order._id,
        status: ctx.db.command.in(orderLifecycle.sourcesOf('CLOSED')),
      }),
      { status: 'CLOSED', closedAt: ctx.now, checkedAt: ctx.now },
    );
  } else {
    await updateWhere(coll(ctx.db, 'orders').where({ _id: order._id, status: 'CLOSED' }), {
      checkedAt: ctx.now,
    });
  }
  return 'closed';
}
