import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { AppError } from '@shared/errors';
import { requireAnyRoleOver, requireRoleOver } from '../_lib/access';
import { auditEntry } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, insert } from '../_lib/db';
import type { QuotaAllocationDoc } from '../_lib/officer-model';
import { loadProgram } from '../_lib/programs';
import { allocationCounters, allocationTotals, setAllocation } from '../_lib/quota';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

/** Centre admin: a unit's free places in one batch of a program (created, raised or lowered). */
export async function setQuota(input: In<'setQuota'>, ctx: HandlerContext) {
  const [{ user, org }, { program }] = await Promise.all([
    requireRoleOver(ctx, 'centre_admin', input.unitId),
    loadProgram(ctx.db, input.programId),
  ]);
  if (org.level !== 'grassroots') throw new AppError('ORG.NOT_A_UNIT', undefined, 'payload.unitId');
  if (!program.enrolment.batches.some((b) => b.id === input.batchId))
    throw new AppError('COMMON.INVALID_INPUT', `项目没有该批次：${input.batchId}`, 'payload.batchId');
  const allocation = await setAllocation(ctx, input, input.places, user._id);
  const { _id, ...entry } = auditEntry(ctx, {
    actorId: user._id,
    action: 'officer.setQuota',
    subject: { kind: 'quota', id: allocation._id },
    orgId: org._id,
    detail: { programId: input.programId, batchId: input.batchId, places: allocation.places },
  });
  const [counters] = await Promise.all([
    allocationCounters(ctx, allocation._id),
    insert(ctx.db, 'auditLog', { _id, ...entry }),
  ]);
  return allocationTotals(allocation, counters);
}

/** The unit's places and what is left, per batch (the unit's officers and the reviewers above). */
export async function quotaStatus(input: In<'quotaStatus'>, ctx: HandlerContext) {
  await requireAnyRoleOver(
    ctx,
    ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
    input.unitId,
  );
  const allocations = await findMany<QuotaAllocationDoc>(
    coll(ctx.db, 'quotaAllocations')
      .where({
        programId: input.programId,
        unitId: input.unitId,
        ...(input.batchId ? { batchId: input.batchId } : {}),
      })
      .limit(20),
  );
  const counters = await Promise.all(allocations.map((a) => allocationCounters(ctx, a._id)));
  return { items: allocations.map((a, i) => allocationTotals(a, counters[i]!)) };
}
