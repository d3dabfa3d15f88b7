import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, updateWhere } from '../_lib/db';
import type { OrderDoc } from '../_lib/enrollment-model';
import { applyPayment, closeAttempt, confirmRefund, queryOrder, requestRefund } from '../_lib/payments';
import type { RefundDoc } from '../_lib/records';

const HOUR_MS = 3600_000;
/** How long a CLOSED order is still asked about, and how often. */
export const RECONCILE_FOR_MS = 24 * HOUR_MS;
export const RECHECK_EVERY_MS = HOUR_MS;

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Unpaid orders past their expiry are closed at WeChat Pay, then here (closeAttempt reads
 * WeChat's answer first). An order that turns out to be paid (the notification was lost) is
 * applied instead, so expiry never loses a payment. Index: orders (status, expiresAt).
 */
export async function expireOrders(
  ctx: HandlerContext,
  batch = 100,
): Promise<{ closed: number; paid: number }> {
  const _ = ctx.db.command;
  const due = await findMany<OrderDoc>(
    coll(ctx.db, 'orders')
      .where({ status: 'PENDING', expiresAt: _.lt(ctx.now) })
      .orderBy('expiresAt', 'asc')
      .limit(batch),
  );
  let closed = 0;
  let paid = 0;
  for (const order of due) {
    try {
      if ((await closeAttempt(ctx, order)) === 'paid') {
        paid++;
        continue;
      }
      closed++;
      await updateWhere(
        coll(ctx.db, 'enrollments').where({
          _id: order.enrollmentId,
          currentOrderId: order._id,
          status: 'pending_payment',
        }),
        { note: '支付已超时，请重新发起支付', updatedAt: ctx.now },
      );
    } catch (err) {
      // One order WeChat Pay cannot answer for now must not hold up the others; the next run retries it.
      console.error(`expireOrders: ${order._id} left for the next run:`, why(err));
    }
  }
  return { closed, paid };
}

/**
 * A CLOSED order is asked about again, hourly, for a day after closing: a payment WeChat Pay
 * took anyway (a close that did not hold, an order closed here alone) is applied — CLOSED → PAID,
 * or refunded when another order already paid the enrolment — so no paid order is left without
 * cover. An order WeChat Pay still reports NOTPAY is closed there now.
 * Index: orders (status, closedAt).
 */
export async function reconcileClosed(
  ctx: HandlerContext,
  batch = 100,
): Promise<{ checked: number; paid: number }> {
  const _ = ctx.db.command;
  const closed = await findMany<OrderDoc>(
    coll(ctx.db, 'orders')
      .where({
        status: 'CLOSED',
        closedAt: _.gt(new Date(ctx.now.getTime() - RECONCILE_FOR_MS)),
        checkedAt: _.lt(new Date(ctx.now.getTime() - RECHECK_EVERY_MS)),
      })
      .orderBy('closedAt', 'asc')
      .limit(batch),
  );
  let checked = 0;
  let paid = 0;
  for (const order of closed) {
    try {
      const facts = await queryOrder(order._id);
      checked++;
      if (facts.tradeState === 'SUCCESS') {
        if ((await applyPayment(ctx, facts)) !== 'not_paid') paid++;
        continue;
      }
      if (facts.tradeState === 'NOTPAY') {
        if ((await closeAttempt(ctx, order)) === 'paid') paid++;
        continue;
      }
      await updateWhere(coll(ctx.db, 'orders').where({ _id: order._id, status: 'CLOSED' }), {
        checkedAt: ctx.now,
      });
    } catch (err) {
      console.error(`reconcileClosed: ${order._id} left for the next run:`, why(err));
    }
  }
  return { checked, paid };
}

/**
 * Refunds of double payments: a pending one (its call failed or was refused) is asked for again
 * — the same out_refund_no, so never twice — and a requested one is confirmed with queryOrder.
 * Index: refunds (status, updatedAt).
 */
export async function processRefunds(
  ctx: HandlerContext,
  batch = 20,
): Promise<{ requested: number; refunded: number }> {
  const _ = ctx.db.command;
  const open = await findMany<RefundDoc>(
    coll(ctx.db, 'refunds')
      .where({ status: _.in(['pending', 'requested']) })
      .orderBy('updatedAt', 'asc')
      .limit(batch),
  );
  let requested = 0;
  let refunded = 0;
  for (const refund of open) {
    try {
      if (refund.status === 'pending') {
        if ((await requestRefund(ctx, refund)) !== 'requested') continue;
        requested++;
        if (await confirmRefund(ctx, { ...refund, status: 'requested' })) refunded++;
      } else if (await confirmRefund(ctx, refund)) {
        refunded++;
      }
    } catch (err) {
      console.error(`processRefunds: ${refund._id} left for the next run:`, why(err));
    }
  }
  return { requested, refunded };
}
