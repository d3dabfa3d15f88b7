import type { ClaimDoc } from '../_lib/claim-model';
import { writeClaimRecords } from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, updateWhere } from '../_lib/db';

/** Records younger than this are left to the change that made them (it writes them itself). */
const SETTLE_MS = 60_000;

/**
 * Claims still carrying the records of a change (claims.ts commitClaim) a minute after it: the
 * records are written, each once (one already there stays as it is), then taken off the claim by
 * a write conditional on the version, so a change made meanwhile keeps its own for the next run.
 * A claim whose records cannot be written keeps them. Bounded per run; the claims of one run are
 * done together (1 read, then 2 round trips). Index: claims (recordsSince).
 */
export async function flushClaimRecords(ctx: HandlerContext, batch = 100) {
  const _ = ctx.db.command;
  const due = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims')
      .where({ recordsSince: _.lt(new Date(ctx.now.getTime() - SETTLE_MS)) })
      .orderBy('recordsSince', 'asc')
      .limit(batch),
  );
  const done = await Promise.all(
    due.map(async (c) => {
      try {
        if (c.records) await writeClaimRecords(ctx, c.records);
        return await updateWhere(coll(ctx.db, 'claims').where({ _id: c._id, version: c.version }), {
          records: _.remove(),
          recordsSince: _.remove(),
        });
      } catch (err) {
        console.warn(`claim ${c._id}: records not written yet (${(err as Error)?.message ?? err})`);
        return 0;
      }
    }),
  );
  return { due: due.length, flushed: done.reduce((t, n) => t + n, 0) };
}
