import type { z } from 'zod';
import type { enrollmentApi } from '../../shared/api/enrollment';
import { AppError } from '../../shared/errors';
import { requireRegistered } from '../_lib/access';
import { cloud, cloudPay } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { getById, insert, updateWhere } from '../_lib/db';
import { ORDER_TTL_MS, orderIdFor, type EnrollmentDoc, type OrderDoc } from '../_lib/enrollment-model';
import { applyPayment, queryOrder, subMchId } from '../_lib/payments';
import { toEnrollmentView } from './view';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

/** The caller's own enrolment; someone else's is reported as missing, not as forbidden. */
export async function ownEnrollment(ctx: HandlerContext, enrollmentId: string) {
  const user = await requireRegistered(ctx);
  const enrollment = await getById<EnrollmentDoc>(ctx.db, 'enrollments', enrollmentId);
  if (!enrollment || enrollment.userId !== user._id)
    throw new AppError('ENROLL.NOT_FOUND', '参保记录不存在', 'payload.enrollmentId');
  return { user, enrollment };
}

const reply = (order: OrderDoc) => ({
  orderId: order._id,
  amountFen: order.amountFen,
  payment: order.payment,
  sandboxPayUrl: order.sandboxPayUrl,
});

/**
 * Start or resume paying the worker's share. The amount comes from the enrolment (computed from
 * the program when it was created), never from the client. An unexpired pending order is reused;
 * otherwise the next attempt's order id is claimed on the enrolment with a conditional update, so
 * two taps cannot open two orders.
 */
export async function pay(input: In<'pay'>, ctx: HandlerContext) {
  const { enrollment } = await ownEnrollment(ctx, input.enrollmentId);
  if (enrollment.status === 'active') throw new AppError('ENROLL.ALREADY_PAID', '已缴费参保，无需重复支付');
  if (enrollment.status !== 'pending_payment')
    throw new AppError('ENROLL.CANCELLED', '该参保记录已取消，请重新参保');
  if (enrollment.workerFen <= 0) throw new AppError('ENROLL.NOTHING_TO_PAY', '本项目个人无需缴费');

  if (enrollment.currentOrderId) {
    const current = await getById<OrderDoc>(ctx.db, 'orders', enrollment.currentOrderId);
    if (
      current?.status === 'PENDING' &&
      new Date(current.expiresAt).getTime() > ctx.now.getTime() &&
      current.payment
    )
      return reply(current);
    if (current?.status === 'PAID') throw new AppError('ENROLL.ALREADY_PAID', '已缴费参保，无需重复支付');
  }

  const attempt = enrollment.orderAttempts + 1;
  const orderId = orderIdFor(enrollment._id, attempt);
  const claimed = await updateWhere(
    ctx.db
      .collection('enrollments')
      .where({ _id: enrollment._id, orderAttempts: enrollment.orderAttempts, status: 'pending_payment' }),
    { orderAttempts: attempt, currentOrderId: orderId, note: null, updatedAt: ctx.now },
  );
  if (!claimed) throw new AppError('ENROLL.PAYMENT_BUSY', '支付正在发起，请稍候再试');

  const order: Omit<OrderDoc, '_id'> = {
    outTradeNo: orderId,
    enrollmentId: enrollment._id,
    userId: enrollment.userId,
    amountFen: enrollment.workerFen,
    status: 'PENDING',
    expiresAt: new Date(ctx.now.getTime() + ORDER_TTL_MS),
    createdAt: ctx.now,
  };
  await insert(ctx.db, 'orders', { _id: orderId, ...order });
  const wx = cloud.getWXContext() as { ENV?: string };
  const res = await cloudPay.unifiedOrder({
    body: `职工互助保障-${enrollment.programName}`.slice(0, 60),
    outTradeNo: orderId,
    spbillCreateIp: '127.0.0.1',
    subMchId: subMchId(),
    totalFee: order.amountFen,
    envId: wx.ENV,
    functionName: 'payNotify',
    nonceStr: orderId.replace(/-/g, ''),
    tradeType: 'JSAPI',
  });
  if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS') {
    await updateWhere(ctx.db.collection('orders').where({ _id: orderId, status: 'PENDING' }), {
      status: 'CLOSED',
      closedAt: ctx.now,
    });
    console.error(`unifiedOrder refused ${orderId}: ${res.errCodeDes ?? res.returnMsg ?? res.errCode}`);
    throw new AppError('PAY.UNAVAILABLE', '支付暂不可用，请稍后重试');
  }
  const saved = {
    payment: res.payment as Record<string, unknown>,
    sandboxPayUrl: res.sandboxPayUrl as string | undefined,
  };
  await updateWhere(ctx.db.collection('orders').where({ _id: orderId }), saved);
  return reply({ _id: orderId, ...order, ...saved });
}

/**
 * The client returns from WeChat Pay (or the sandbox page): its word is UI only, so ask WeChat
 * Pay about the current order and apply a confirmed payment the same way the notification does.
 */
export async function syncPayment(input: In<'syncPayment'>, ctx: HandlerContext) {
  const { enrollment } = await ownEnrollment(ctx, input.enrollmentId);
  if (enrollment.status === 'pending_payment' && enrollment.currentOrderId) {
    const facts = await queryOrder(enrollment.currentOrderId);
    await applyPayment(ctx, facts);
  }
  return toEnrollmentView((await getById<EnrollmentDoc>(ctx.db, 'enrollments', enrollment._id))!);
}
