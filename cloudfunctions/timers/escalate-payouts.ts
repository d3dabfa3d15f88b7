import { chinaToday } from '@shared/calendar';
import type { ClaimDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, insert, updateWhere } from '../_lib/db';
import type { UserDoc } from '../_lib/model';
import type { OutboxDoc } from '../_lib/records';

/**
 * Approved claims whose payout deadline (approval + the program's working days) has passed
 * without the money going out: each is flagged `late` (the queues filter on it) and the centre
 * admins over its unit are told once (outbox kind `payout_late`). Bounded per run; the
 * conditional update on `escalatedAt` makes a second run (or a concurrent one) tell nobody twice.
 * Index: claims (status, payoutDue); users (grants.orgId).
 */
export async function escalateLatePayouts(ctx: HandlerContext, batch = 50): Promise<number> {
  const _ = ctx.db.command;
  const late = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims')
      .where({
        status: _.in(['approved', 'in_payout']),
        payoutDue: _.lt(chinaToday(ctx.now)),
        escalatedAt: _.exists(false),
      })
      .limit(batch),
  );
  let escalated = 0;
  for (const c of late) {
    const won = await updateWhere(
      coll(ctx.db, 'claims').where({ _id: c._id, escalatedAt: _.exists(false) }),
      {
        escalatedAt: ctx.now,
        flags: _.addToSet('late'),
      },
    );
    if (!won) continue;
    escalated++;
    const admins = await findMany<UserDoc>(
      coll(ctx.db, 'users')
        .where({ 'grants.orgId': _.in(c.scope ?? [c.unitId]) })
        .limit(50),
    );
    for (const admin of admins.filter((u) =>
      (u.grants ?? []).some((g) => g.role === 'centre_admin' && (c.scope ?? []).includes(g.orgId)),
    )) {
      const entry: OutboxDoc = {
        _id: `payout_late_${c._id}_${admin._id}`,
        kind: 'payout_late',
        userId: admin._id,
        claimId: c._id,
        data: { benefitName: c.benefitName, due: c.payoutDue ?? '', status: '已超过发放期限' },
        status: 'pending',
        createdAt: ctx.now,
      };
      await insert(ctx.db, 'outbox', entry).catch(() => undefined);
    }
  }
  return escalated;
}
