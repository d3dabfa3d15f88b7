import { AppError } from '@shared/errors';
import { enrollmentLifecycle, orderLifecycle } from '@shared/lifecycle';
import { isPaid, verifyEnrollment, verifyPayment } from '@shared/payments/verify';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { cloudPay } from './cloud';
import { findMany, getById, insertOnce, updateWhere } from './db';
import {
  certificateNoFor,
  enrollmentIdOfOrder,
  ORDER_TTL_MS,
  type EnrollmentDoc,
  type OrderDoc,
} from './enrollment-model';
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

/** Records an anomaly once, keyed by its kind and payment: a replay records nothing new. */
const anomaly = (ctx: HandlerContext, doc: Omit<PayAnomalyDoc, '_id' | 'resolved'>) =>
  insertOnce(ctx.db, 'payAnomalies', {
    _id: anomalyIdFor(doc.kind, doc.outTradeNo ?? '', doc.transactionId),
    ...doc,
    resolved: false,
  });

/** One refund per order: the id and out_refund_no are derived from it, so it is asked for once. */
export const refundIdFor = (outTradeNo: string) => `rf_${outTradeNo}`;
const outRefundNoFor = (outTradeNo: string) => `R${outTradeNo}`;

/**
 * Apply a verified payment once, without a transaction (each step is one conditional write on
 * one document, so a replayed or duplicated notification, the client's sync and the timer can
 * all call this and only one credits):
 * 1. the order ∥ its enrolment (the id is read off the trade number, orderIdFor);
 * 2. the order PENDING (or CLOSED, found paid later) → PAID, marked `credit: 'pending'`;
 * 3. the enrolment pending_payment / cancelled → active ∥ the worker's message;
 * 4. the mark taken off the order.
 * A call cut short after 2 leaves the mark: the same payment again (WeChat's retry, the worker's
 * return, the timer's resumeCredits) finishes the crediting instead of taking it for a replay.
 * A payment for an enrolment another order activated first keeps its order PAID and records a
 * refund (and the anomaly), then asks for it; if that call fails the timer retries it. Anything
 * else that does not add up is recorded as an anomaly, once.
 * Round trips: 4 sequential; a replay 1.
 */
export async function applyPayment(ctx: HandlerContext, facts: PaidFacts): Promise<ApplyResult> {
  if (!isPaid(facts)) return 'not_paid';
  const seen = {
    outTradeNo: facts.outTradeNo,
    transactionId: facts.transactionId,
    totalFee: facts.totalFee,
    at: ctx.now,
  };
  const derivedId = enrollmentIdOfOrder(facts.outTradeNo);
  const [stored, derived] = await Promise.all([
    getById(ctx.db, 'orders', facts.outTradeNo),
    derivedId ? getById(ctx.db, 'enrollments', derivedId) : Promise.resolve(null),
  ]);
  // The decisions are pure (shared/payments/verify.ts); this writes what they say.
  const verdict = verifyPayment(stored, facts);
  if (verdict.action === 'ignore')
    return verdict.reason === 'ALREADY_APPLIED' ? 'already_applied' : 'not_paid';
  if (verdict.action === 'anomaly') {
    await anomaly(ctx, {
      kind: verdict.kind,
      ...seen,
      ...(stored && { enrollmentId: stored.enrollmentId }),
      ...('detail' in verdict && { detail: verdict.detail }),
    });
    return 'anomaly';
  }
  const order = verdict.order;
  const enrollment =
    derived?._id === order.enrollmentId ? derived : await getById(ctx.db, 'enrollments', order.enrollmentId);
  const next = verifyEnrollment(enrollment, order._id);
  if (next.action === 'anomaly') {
    await anomaly(ctx, { kind: next.kind, ...seen, enrollmentId: order.enrollmentId });
    return 'anomaly';
  }
  if (verdict.action === 'apply') {
    orderLifecycle.assert(order.status, 'PAID');
    const _ = ctx.db.command;
    const marked = await updateWhere(
      coll(ctx.db, 'orders').where({ _id: order._id, status: _.in(['PENDING', 'CLOSED']) }),
      { status: 'PAID', transactionId: facts.transactionId, paidAt: ctx.now, credit: 'pending' },
    );
    // A concurrent caller marked it first: that one credits (or, cut short, the next call does).
    if (marked !== 1) return 'already_applied';
  }
  return credit(ctx, order, next, facts);
}

/** Steps 3 and 4 of applyPayment: credit the enrolment (or record the refund), then unmark the order. */
async function credit(
  ctx: HandlerContext,
  order: OrderDoc,
  verdict: Exclude<ReturnType<typeof verifyEnrollment<EnrollmentDoc>>, { action: 'anomaly' }>,
  facts: PaidFacts,
): Promise<ApplyResult> {
  const _ = ctx.db.command;
  let next = verdict;
  const message = () =>
    insertOnce(ctx.db, 'outbox', {
      _id: `paid_${facts.transactionId}`,
      kind: 'enrollment_paid',
      enrollmentId: next.enrollment._id,
      orderId: order._id,
      userId: next.enrollment.userId,
      status: 'pending',
      createdAt: ctx.now,
    });
  if (next.action === 'activate') {
    // pending_payment, or cancelled (the worker withdrew but the money still arrived; the
    // lifecycle lets a cancelled enrolment become active, so the payment buys the cover).
    enrollmentLifecycle.assert(next.enrollment.status, 'active');
    const [activated] = await Promise.all([
      updateWhere(
        coll(ctx.db, 'enrollments').where({
          _id: next.enrollment._id,
          status: _.in(['pending_payment', 'cancelled']),
        }),
        {
          status: 'active',
          currentOrderId: order._id,
          paidAt: ctx.now,
          activatedAt: ctx.now,
          certificateNo: certificateNoFor(next.enrollment),
          note: null,
          updatedAt: ctx.now,
        },
      ),
      // Beside the activation, not after it: if another order's payment won the enrolment, the
      // drain skips this message (its enrolment names another order).
      message(),
    ]);
    if (activated !== 1) {
      const now = verifyEnrollment(await getById(ctx.db, 'enrollments', next.enrollment._id), order._id);
      if (now.action === 'anomaly' || now.action === 'activate')
        throw new Error(`enrolment ${next.enrollment._id} changed while payment ${order._id} credited it`);
      next = now;
    }
  } else if (next.action === 'credited') {
    await message();
  }
  let refund: RefundDoc | undefined;
  if (next.action === 'refund') {
    // Another attempt of the same enrolment was paid first: this money must go back.
    refund = {
      _id: refundIdFor(order._id),
      outTradeNo: order._id,
      outRefundNo: outRefundNoFor(order._id),
      transactionId: facts.transactionId,
      enrollmentId: next.enrollment._id,
      userId: next.enrollment.userId,
      amountFen: facts.totalFee,
      reason: 'DOUBLE_PAYMENT',
      status: 'pending',
      attempts: 0,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    await Promise.all([
      anomaly(ctx, {
        kind: 'DOUBLE_PAYMENT',
        outTradeNo: order._id,
        transactionId: facts.transactionId,
        totalFee: facts.totalFee,
        at: ctx.now,
        enrollmentId: next.enrollment._id,
        detail: { refundId: refund._id, paidOrderId: next.enrollment.currentOrderId },
      }),
      insertOnce(ctx.db, 'refunds', refund),
    ]);
  }
  await updateWhere(coll(ctx.db, 'orders').where({ _id: order._id, credit: 'pending' }), {
    credit: _.remove(),
  });
  if (refund) {
    const r = refund;
    // The refund record is durable, so a failure here only delays it.
    await requestRefund(ctx, r).catch((err) =>
      console.error(`refund ${r._id} left for the timer:`, err instanceof Error ? err.message : err),
    );
    return 'anomaly';
  }
  return 'applied';
}

/**
 * Orders marked paid whose crediting was cut short (a crash or a refused write between the order
 * and its enrolment): each is finished from what the order recorded when WeChat Pay's confirmed
 * payment marked it. One still in flight is finished twice over harmlessly: every step is
 * conditional. Index: orders (credit).
 */
export async function resumeCredits(ctx: HandlerContext, batch = 50): Promise<number> {
  const cut = await findMany<OrderDoc>(coll(ctx.db, 'orders').where({ credit: 'pending' }).limit(batch));
  let done = 0;
  for (const o of cut) {
    const facts = {
      outTradeNo: o._id,
      transactionId: o.transactionId ?? '',
      totalFee: o.amountFen,
      tradeState: 'SUCCESS',
    };
    try {
      if ((await applyPayment(ctx, facts)) !== 'already_applied') done++;
    } catch (err) {
      // Still marked: the next run tries again; the other jobs of this run go on.
      console.error(`payment ${o._id} still not credited:`, err instanceof Error ? err.message : err);
    }
  }
  return done;
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
