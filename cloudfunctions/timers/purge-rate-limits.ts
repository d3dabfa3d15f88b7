import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany } from '../_lib/db';

/**
 * Expired rate-limit windows are only clutter (a new window is a new document), so each run
 * deletes up to `batch` of them: a backlog drains over a few runs instead of one long delete.
 * Index: rateLimits (expiresAt).
 */
export async function purgeRateLimits(ctx: HandlerContext, batch = 500): Promise<number> {
  const _ = ctx.db.command;
  const expired = await findMany<{ _id: string }>(
    coll(ctx.db, 'rateLimits')
      .where({ expiresAt: _.lt(ctx.now) })
      .field({ _id: true })
      .limit(batch),
  );
  if (expired.length === 0) return 0;
  // Re-checked on delete: a window the limiter renewed meanwhile is not an expired one.
  const res = (await coll(ctx.db, 'rateLimits')
    .where({ _id: _.in(expired.map((d) => d._id)), expiresAt: _.lt(ctx.now) })
    .remove()) as unknown as { stats: { removed: number } };
  return res.stats.removed;
}
