import { adjustSlices, sliceCount, sliceOrder, spread } from '@shared/officer/quota';
import { AppError } from '@shared/errors';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, insert, isDuplicateKey, updateWhere } from './db';
import {
  allocationIdFor,
  sliceIdFor,
  type ApplicationMemberDoc,
  type QuotaAllocationDoc,
  type QuotaCounterDoc,
} from './officer-model';

/**
 * Free-quota counters. An allocation's places sit in `slices` counter documents (derived ids),
 * so concurrent reservations spread over several documents; a reservation is ONE conditional
 * atomic update on one slice (`remaining > 0` → `remaining - 1`), so no interleaving can take a
 * place that is not there. Totals are read by summing the slices.
 */

export async function allocationCounters(
  ctx: HandlerContext,
  allocationId: string,
): Promise<QuotaCounterDoc[]> {
  return findMany<QuotaCounterDoc>(coll(ctx.db, 'quotaCounters').where({ allocationId }).limit(100));
}

export function allocationTotals(allocation: QuotaAllocationDoc, counters: readonly QuotaCounterDoc[]) {
  const remaining = counters.reduce((t, c) => t + c.remaining, 0);
  return {
    programId: allocation.programId,
    batchId: allocation.batchId,
    unitId: allocation.unitId,
    places: allocation.places,
    remaining,
    reserved: allocation.places - remaining,
  };
}

/**
 * Create an allocation with its slices, or change its places: an increase adds to the slices'
 * remaining, a decrease takes only unreserved places (each a conditional update), so reserved
 * places are never taken back. Returns the allocation as stored.
 */
export async function setAllocation(
  ctx: HandlerContext,
  key: { programId: string; batchId: string; unitId: string },
  places: number,
  actorId: string,
): Promise<QuotaAllocationDoc> {
  const id = allocationIdFor(key.programId, key.batchId, key.unitId);
  const existing = await getById(ctx.db, 'quotaAllocations', id);
  if (!existing) {
    const slices = sliceCount(places);
    const shares = spread(places, slices);
    // Counters first: an allocation document only ever exists with its slices in place.
    await Promise.all(
      shares.map((n, i) =>
        coll(ctx.db, 'quotaCounters')
          .doc(sliceIdFor(id, i))
          .set({ data: { allocationId: id, slice: i, places: n, remaining: n } }),
      ),
    );
    const doc = { ...key, places, slices, updatedBy: actorId, createdAt: ctx.now, updatedAt: ctx.now };
    try {
      await insert(ctx.db, 'quotaAllocations', { _id: id, ...doc });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return setAllocation(ctx, key, places, actorId);
    }
    return { _id: id, ...doc };
  }
  const counters = (await allocationCounters(ctx, id)).sort((a, b) => a.slice - b.slice);
  const { changes, applied } = adjustSlices(
    counters.map((c) => c.remaining),
    places - existing.places,
  );
  if (applied !== places - existing.places)
    throw new AppError('QUOTA.BELOW_RESERVED', undefined, 'payload.places');
  const _ = ctx.db.command;
  const results = await Promise.all(
    counters.map((c, i) =>
      changes[i] === 0
        ? Promise.resolve(1)
        : updateWhere(
            coll(ctx.db, 'quotaCounters').where({ _id: c._id, remaining: _.gte(Math.max(0, -changes[i]!)) }),
            { remaining: _.inc(changes[i]!), places: _.inc(changes[i]!) },
          ),
    ),
  );
  // A slice that lost places to a reservation meanwhile keeps them; what was applied is recorded.
  const appliedDelta = results.reduce((t, ok, i) => t + (ok ? changes[i]! : 0), 0);
  const total = existing.places + appliedDelta;
  await updateWhere(coll(ctx.db, 'quotaAllocations').where({ _id: id }), {
    places: _.inc(appliedDelta),
    updatedBy: actorId,
    updatedAt: ctx.now,
  });
  if (appliedDelta !== places - existing.places)
    throw new AppError('QUOTA.BELOW_RESERVED', undefined, 'payload.places');
  return { ...existing, places: total, updatedAt: ctx.now };
}

/** One conditional atomic decrement of one slice: 1 when a place was taken. */
async function takeFrom(ctx: HandlerContext, sliceId: string): Promise<boolean> {
  const _ = ctx.db.command;
  return (
    (await updateWhere(coll(ctx.db, 'quotaCounters').where({ _id: sliceId, remaining: _.gt(0) }), {
      remaining: _.inc(-1),
    })) === 1
  );
}

/**
 * Take one place from an allocation: a random slice first, then — only if it is empty — the
 * slices that still show places, fullest first (one read), each by the same conditional update.
 * Round trips: 1 when the random slice has a place; otherwise 1 + 1 read + one per slice tried.
 */
export async function takePlace(
  ctx: HandlerContext,
  allocation: Pick<QuotaAllocationDoc, '_id' | 'slices'>,
): Promise<string | null> {
  const order = sliceOrder(allocation.slices, Math.random());
  const first = sliceIdFor(allocation._id, order[0]!);
  if (await takeFrom(ctx, first)) return first;
  if (allocation.slices === 1) return null;
  const others = (await allocationCounters(ctx, allocation._id))
    .filter((c) => c._id !== first && c.remaining > 0)
    .sort((a, b) => b.remaining - a.remaining);
  for (const c of others) if (await takeFrom(ctx, c._id)) return c._id;
  return null;
}

/** Give a place back to the slice it came from (1 round trip). */
export async function givePlace(ctx: HandlerContext, sliceId: string): Promise<void> {
  await updateWhere(coll(ctx.db, 'quotaCounters').where({ _id: sliceId }), {
    remaining: ctx.db.command.inc(1),
  });
}

/**
 * Release a member's place once: the member record moves held → `to` by a conditional update,
 * and only the call that moved it gives the place back, so a retry or a racing second release
 * never returns a place twice. Round trips: 1, plus 1 when a place was held.
 */
export async function releaseMember(
  ctx: HandlerContext,
  member: Pick<ApplicationMemberDoc, '_id' | 'sliceId'>,
  to: 'withdrawn' | 'released',
): Promise<boolean> {
  const held = member.sliceId ? { sliceId: member.sliceId } : {};
  const moved = await updateWhere(
    coll(ctx.db, 'applicationMembers').where({ _id: member._id, status: 'held', ...held }),
    {
      status: to,
      sliceId: ctx.db.command.remove(),
      updatedAt: ctx.now,
    },
  );
  if (moved !== 1) return false;
  if (member.sliceId) await givePlace(ctx, member.sliceId);
  return true;
}
