import type { HandlerContext } from '../_lib/context';
import { cloudPay } from '../_lib/cloud';
import { findMany, updateWhere } from '../_lib/db';
import type { OrderDoc } from '../_lib/enrollment-model';
import { applyPayment, queryOrder, subMchId } from '../_lib/payments';

/** WeChat refuses closeOrder in the first five minutes of an order. */
const CLOSE_GRACE_MS = 5 * 60 * 1000;

/**
 * Unpaid orders past their expiry are closed at WeChat Pay and here. An order that turns out to
 * be paid (the notification was lost) is applied instead, so expiry never loses a payment.
 */
export async function expireOrders(
  ctx: HandlerContext,
  batch = 100,
): Promise<{ closed: number; paid: number }> {
  const _ = ctx.db.command;
  const due = await findMany<OrderDoc>(
    ctx.db
      .collection('orders')
      .where({ status: 'PENDING', expiresAt: _.lt(ctx.now) })
      .orderBy('expiresAt', 'asc')
      .limit(batch),
  );
  let closed = 0;
  let paid = 0;
  for (const order of due) {
    try {
      const facts = await queryOrder(order._id);
      if (facts.tradeState === 'SUCCESS') {
        if ((await applyPayment(ctx, facts)) === 'applied') paid++;
        continue;
      }
      if (
        ctx.now.getTime() - new Date(order.createdAt).getTime() >= CLOSE_GRACE_MS &&
        facts.tradeState === 'NOTPAY'
      ) {
        await cloudPay.closeOrder({
          subMchId: subMchId(),
          outTradeNo: order._id,
          nonceStr: order._id.replace(/-/g, ''),
        });
      }
      // Conditional on PENDING: a payment applied meanwhile wins over the expiry. An order WeChat
      // Pay never created (unifiedOrder failed) has no trade state and is closed here alone.
      const updated = await updateWhere(
        ctx.db.collection('orders').where({ _id: order._id, status: 'PENDING' }),
        {
          status: 'CLOSED',
          closedAt: ctx.now,
        },
      );
      closed += updated;
      await updateWhere(
        ctx.db
          .collection('enrollments')
          .where({ _id: order.enrollmentId, currentOrderId: order._id, status: 'pending_payment' }),
        { note: '支付已超时，请重新发起支付', updatedAt: ctx.now },
      );
    } catch (err) {
      // One order WeChat Pay cannot answer for now must not hold up the others; the next run retries it.
      console.error(
        `expireOrders: ${order._id} left for the next run:`,
        err instanceof Error ? err.message : err,
      );
    }
  }
  return { closed, paid };
}
