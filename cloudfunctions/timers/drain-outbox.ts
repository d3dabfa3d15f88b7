import type { HandlerContext } from '../_lib/context';
import { openapi } from '../_lib/cloud';
import { findMany, getById, updateWhere } from '../_lib/db';
import type { EnrollmentDoc } from '../_lib/enrollment-model';
import type { UserDoc } from '../_lib/model';

/**
 * Side effects of committed changes (the "已参保" message), each outbox entry sent once: it is
 * claimed with a conditional update before sending, so two timer runs never both send it.
 * Without a configured template the message is marked skipped rather than pretended sent.
 */
export async function drainOutbox(
  ctx: HandlerContext,
  batch = 50,
): Promise<{ sent: number; skipped: number; failed: number }> {
  const template = process.env.SUBSCRIBE_TEMPLATE_ENROLLED ?? '';
  const entries = await findMany<{
    _id: string;
    kind: string;
    enrollmentId: string;
    userId: string;
    attempts?: number;
  }>(ctx.db.collection('outbox').where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(batch));
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  for (const entry of entries) {
    const claimed = await updateWhere(
      ctx.db.collection('outbox').where({ _id: entry._id, status: 'pending' }),
      {
        status: 'sending',
        claimedAt: ctx.now,
      },
    );
    if (!claimed) continue;
    const user = await getById<UserDoc>(ctx.db, 'users', entry.userId);
    const enrollment = await getById<EnrollmentDoc>(ctx.db, 'enrollments', entry.enrollmentId);
    if (!template || !user || !enrollment) {
      await updateWhere(ctx.db.collection('outbox').where({ _id: entry._id }), {
        status: 'skipped',
        doneAt: ctx.now,
      });
      skipped++;
      continue;
    }
    try {
      await openapi.subscribeMessage.send({
        touser: user.openid,
        templateId: template,
        page: `pages/policy/index?id=${enrollment._id}`,
        data: {
          thing1: { value: enrollment.programName.slice(0, 20) },
          character_string2: { value: enrollment.certificateNo ?? '' },
          date3: { value: `${enrollment.coverage.start}` },
        },
      });
      await updateWhere(ctx.db.collection('outbox').where({ _id: entry._id }), {
        status: 'sent',
        doneAt: ctx.now,
      });
      sent++;
    } catch (err) {
      // The worker may not have subscribed; keep a bounded number of retries.
      const attempts = (entry.attempts ?? 0) + 1;
      await updateWhere(ctx.db.collection('outbox').where({ _id: entry._id }), {
        status: attempts >= 3 ? 'failed' : 'pending',
        attempts,
        lastError: String((err as { errMsg?: string }).errMsg ?? err).slice(0, 200),
      });
      failed++;
    }
  }
  return { sent, skipped, failed };
}
