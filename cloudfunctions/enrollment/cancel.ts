import type { z } from 'zod';
import type { enrollmentApi } from '@shared/api/enrollment';
import { AppError } from '@shared/errors';
import { enrollmentLifecycle } from '@shared/lifecycle';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { getById, updateWhere } from '../_lib/db';
import { ownEnrollment, toEnrollmentView } from '../_lib/enrollments';
import { CLOSE_GRACE_MS, closeAttempt } from '../_lib/payments';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

/**
 * The worker withdraws an enrolment before paying. Its current order is closed at WeChat Pay
 * first, so it cannot be paid after the withdrawal; if WeChat Pay says it was paid, the payment
 * is applied and the answer is ENROLL.ALREADY_PAID. The move to cancelled is conditional on the
 * attempt counter, so a pay tap that opened another order meanwhile wins (PAYMENT_BUSY).
 * Database round trips: user ∥ enrolment, current order, closing it, the move (4).
 */
export async function cancel(input: In<'cancel'>, ctx: HandlerContext) {
  const { enrollment } = await ownEnrollment(ctx, input.enrollmentId);
  if (enrollment.status === 'cancelled') return toEnrollmentView(enrollment);
  if (enrollment.status === 'active') throw new AppError('ENROLL.ALREADY_PAID');
  enrollmentLifecycle.assert(enrollment.status, 'cancelled');

  if (enrollment.currentOrderId) {
    const order = await getById(ctx.db, 'orders', enrollment.currentOrderId);
    if (order?.status === 'PAID' || order?.status === 'REFUNDED') throw new AppError('ENROLL.ALREADY_PAID');
    if (order?.status === 'PENDING') {
      // WeChat Pay refuses to close an order in its first five minutes: say so rather than "retry".
      if (ctx.now.getTime() - new Date(order.createdAt).getTime() < CLOSE_GRACE_MS)
        throw new AppError('PAY.CLOSE_TOO_SOON');
      if ((await closeAttempt(ctx, order)) === 'paid') throw new AppError('ENROLL.ALREADY_PAID');
    }
  }

  const _ = ctx.db.command;
  const moved = await updateWhere(
    coll(ctx.db, 'enrollments').where({
      _id: enrollment._id,
      status: _.in(enrollmentLifecycle.sourcesOf('cancelled')),
      orderAttempts: enrollment.orderAttempts,
    }),
    { status: 'cancelled', note: null, updatedAt: ctx.now },
  );
  if (!moved) {
    const now = await getById(ctx.db, 'enrollments', enrollment._id);
    if (now?.status === 'active') throw new AppError('ENROLL.ALREADY_PAID');
    if (now?.status === 'cancelled') return toEnrollmentView(now);
    throw new AppError('ENROLL.PAYMENT_BUSY');
  }
  return toEnrollmentView({ ...enrollment, status: 'cancelled', note: undefined, updatedAt: ctx.now });
}
