import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { addDays, chinaStartOfDay, chinaToday } from '@shared/calendar';
import { reviewPolicyFor } from '@shared/review';
import type { ClaimDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage } from '../_lib/db';
import { requireRolesOverOrg, ROLES, stampScopes } from '../_lib/review-access';
import { queueItem } from '../_lib/review-claims';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

const OPEN = ['submitted', 'unit_precheck', 'centre_review', 'appraisal', 'needs_material'];

function flagFilter(ctx: HandlerContext, flag: In<'queue'>['flag']): object {
  const _ = ctx.db.command;
  if (!flag) return {};
  if (flag === 'duplicate') return { 'duplicates.0': _.exists(true) };
  if (flag === 'long_wait')
    return {
      submittedAt: _.lt(
        chinaStartOfDay(addDays(chinaToday(ctx.now), -reviewPolicyFor({ series: '' }).longWaitDays)),
      ),
    };
  return { flags: flag };
}

/**
 * A queue of the caller's subtree (`scope` holds the claim's unit and every org above it).
 * Index: claims (scope, queue, status, submittedAt), or (scope, status, submittedAt) without a queue.
 * Round trips: 1 caller ∥ org ∥ unstamped claims (when any: +2, their units then the stamps),
 * 2 count ∥ page — 2 sequential in the steady state, 4 at most.
 */
export async function queue(input: In<'queue'>, ctx: HandlerContext) {
  const _ = ctx.db.command;
  const [{ user, org }] = await Promise.all([
    requireRolesOverOrg(ctx, ROLES.view, input.orgId),
    stampScopes(ctx),
  ]);
  const where: Record<string, unknown> = {
    scope: org._id,
    ...(input.queue ? { queue: input.queue } : {}),
    status: input.status ?? _.in(OPEN),
    ...(input.benefitId ? { benefitId: input.benefitId } : {}),
    ...(input.unitId ? { unitId: input.unitId } : {}),
    ...(input.batchKey ? { 'reviewBatch.key': input.batchKey } : {}),
    ...(input.mine ? { 'assignee.userId': user._id } : {}),
    ...flagFilter(ctx, input.flag),
  };
  const { docs, ...page } = await findPage<ClaimDoc>(
    coll(ctx.db, 'claims').where(where),
    { field: 'submittedAt', direction: input.sort === 'newest' ? 'desc' : 'asc' },
    input,
  );
  return { ...page, items: docs.map((c) => queueItem(c, user._id, ctx.now)) };
}
