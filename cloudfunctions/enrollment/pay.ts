import type { z } from 'zod';
import type { enrollmentApi } from '@shared/api/enrollment';
import { AppError } from '@shared/errors';
import { ownEnrollment, toEnrollmentView } from '../_lib/enrollments';
import { cloud, cloudPay } from '../_lib/cloud';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { getById, insert, updateWhere } from '../_lib/db';
import { orderIdFor, type EnrollmentDoc, type OrderDoc } from '../_lib/enrollment-model';
import {
  applyPayment,
  closeAttempt,
  orderExpiry,
  queryOrder,
  subMchId,
  timeExpireOf,
} from '../_lib/payments';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

/** An order this close to its expiry is not handed out again: the worker could not finish paying. */
const MIN_TIME_LEFT_MS = 60 * 1000;
/** A claimed attempt whose order is not written yet is another tap still starting it. */
const STARTING_MS = 30 * 1000;

const reply = (order: Pick<OrderDoc, '_id' | 'amountFen' | 'payment' | 'sandboxPayUrl' | 'expiresAt'>) => ({
  orderId: order._id,
  amountFen: order.amountFen,
  expiresAt: new Date(order.expiresAt).toISOString(),
  payment: order.payment,
  sandboxPayUrl: order.sandboxPayUrl,
});

/**
 * unifiedOrder for one of our orders. Every parameter is derived from the order (time_expire
 * from its expiry, the nonce from its id), so asking again for the same order is an identical
 * request, which WeChat Pay answers with the same prepay_id instead of a second order.
 */
async function placeAtWeChat(ctx: HandlerContext, enrollment: EnrollmentDoc, order: OrderDoc) {
  const wx = cloud.getWXContext() as { ENV?: string };
  const res = await cloudPay.unifiedOrder({
    body: `职工互助保障-${enrollment.programName}`.slice(0, 60),
    outTradeNo: order._id,
    spbillCreateIp: '127.0.0.1',
    subMchId: subMchId(),
    totalFee: order.amountFen,
    envId: wx.ENV,
    functionName: 'payNotify',
    nonceStr: order._id.replace(/[-_]/g, ''),
    tradeType: 'JSAPI',
    timeExpire: timeExpireOf(order),
  });
  if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS') {
    // Refused, so WeChat Pay holds no payable order under this number: closing here alone is
    // safe, and the reconciliation pass still asks about it for a day.
    await updateWhere(coll(ctx.db, 'orders').where({ _id: order._id, status: 'PENDING' }), {
      status: 'CLOSED',
      closedAt: ctx.now,
      checkedAt: ctx.now,
    });
    console.error(`unifiedOrder refused ${order._id}: ${res.errCodeDes ?? res.returnMsg ?? res.errCode}`);
    throw new AppError('PAY.UNAVAILABLE');
  }
  const saved = {
    payment: res.payment as Record<string, unknown>,
    sandboxPayUrl: res.sandboxPayUrl as string | undefined,
  };
  await updateWhere(coll(ctx.db, 'orders').where({ _id: order._id }), saved);
  return reply({ ...order, ...saved });
}

/**
 * Start or resume paying the worker's share. The amount comes from the enrolment (computed from
 * the program when it was created), never from the client.
 * - The current order, still PENDING with time left, is handed out again (resumed at WeChat Pay
 *   with the identical request if its prepay was never saved).
 * - Otherwise the previous attempt is closed at WeChat Pay first and its answer read: if it was
 *   paid after all, that payment is applied and no new order is opened (no double payment).
 * - The next attempt's order id is claimed on the enrolment with a conditional update on the
 *   attempt counter, so two taps cannot open two orders.
 * Database round trips: user ∥ enrolment, current order (2) to hand out a live order; a new
 * attempt adds the claim, the order insert and saving the prepay (4 without a current order, 5
 * with one), plus one when a previous PENDING attempt is closed here (6). The three writes stay
 * one after the other: the claim is what stops a second tap, and the order must exist before
 * WeChat Pay hears of it.
 */
export async function pay(input: In<'pay'>, ctx: HandlerContext) {
  const { enrollment } = await ownEnrollment(ctx, input.enrollmentId);
  if (enrollment.status === 'active') throw new AppError('ENROLL.ALREADY_PAID');
  if (enrollment.status !== 'pending_payment') throw new AppError('ENROLL.CANCELLED');
  if (enrollment.workerFen <= 0) throw new AppError('ENROLL.NOTHING_TO_PAY');
  // Signed up on the unit's paper sheet: the unit collects the share and transfers it (the ledger).
  if (enrollment.channel === 'paper') throw new AppError('ENROLL.COLLECTED_BY_UNIT');

  if (enrollment.currentOrderId) {
    const current = await getById(ctx.db, 'orders', enrollment.currentOrderId);
    if (!current) {
      // Claimed by a tap that has not written the order yet; after a while, a tap that died.
      if (ctx.now.getTime() - new Date(enrollment.updatedAt).getTime() < STARTING_MS)
        throw new AppError('ENROLL.PAYMENT_BUSY');
    } else if (current.status === 'PAID' || current.status === 'REFUNDED') {
      throw new AppError('ENROLL.ALREADY_PAID');
    } else if (
      current.status === 'PENDING' &&
      new Date(current.expiresAt).getTime() - ctx.now.getTime() > MIN_TIME_LEFT_MS
    ) {
      return current.payment ? reply(current) : placeAtWeChat(ctx, enrollment, current);
    } else if (current.status === 'PENDING') {
      // Expired (or nearly): closed at WeChat Pay before another is opened. A CLOSED one already
      // was, by whoever closed it (the timer, cancel, or WeChat's refusal of unifiedOrder).
      if ((await closeAttempt(ctx, current)) === 'paid') throw new AppError('ENROLL.ALREADY_PAID');
    }
  }

  const attempt = enrollment.orderAttempts + 1;
  const orderId = orderIdFor(enrollment._id, attempt);
  const claimed = await updateWhere(
    coll(ctx.db, 'enrollments').where({
      _id: enrollment._id,
      orderAttempts: enrollment.orderAttempts,
      status: 'pending_payment',
    }),
    { orderAttempts: attempt, currentOrderId: orderId, note: null, updatedAt: ctx.now },
  );
  if (!claimed) throw new AppError('ENROLL.PAYMENT_BUSY');

  const order: OrderDoc = {
    _id: orderId,
    outTradeNo: orderId,
    enrollmentId: enrollment._id,
    userId: enrollment.userId,
    amountFen: enrollment.workerFen,
    status: 'PENDING',
    expiresAt: orderExpiry(ctx.now),
    createdAt: ctx.now,
  };
  await insert(ctx.db, 'orders', order);
  return placeAtWeChat(ctx, enrollment, order);
}

/**
 * The client returns from WeChat Pay (or the sandbox page): its word is UI only, so ask WeChat
 * Pay about the current order and apply a confirmed payment the same way the notification does.
 * A query WeChat Pay could not answer is PAY.RETRY_LATER to the client, not "unpaid".
 * Database round trips: user ∥ enrolment (1) when nothing is pending; with a pending order
 * applyPayment (4) and the re-read (1).
 */
export async function syncPayment(input: In<'syncPayment'>, ctx: HandlerContext) {
  const { enrollment } = await ownEnrollment(ctx, input.enrollmentId);
  if (enrollment.status !== 'pending_payment' || !enrollment.currentOrderId)
    return toEnrollmentView(enrollment);
  const facts = await queryOrder(enrollment.currentOrderId);
  if ((await applyPayment(ctx, facts)) === 'not_paid') return toEnrollmentView(enrollment);
  return toEnrollmentView((await getById(ctx.db, 'enrollments', enrollment._id))!);
}
