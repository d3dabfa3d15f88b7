import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { AppError } from '@shared/errors';
import { auditInTx } from '../_lib/audit';
import type { HandlerContext } from '../_lib/context';
import { transaction, txGet } from '../_lib/db';
import { loadProgram } from '../_lib/programs';
import { requireUnitdata } from '../_lib/unitdata-access';
import { targetIdFor } from '../_lib/unitdata-figures';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

/** District or centre officers set a unit's target (a unit does not set its own); audited. */
export async function setTarget(input: In<'setTarget'>, ctx: HandlerContext) {
  const { user, org: unit } = await requireUnitdata(ctx, 'TARGETS', input.unitId);
  if (unit.level !== 'grassroots')
    throw new AppError('ORG.NOT_A_UNIT', '目标任务下达到基层单位', 'payload.unitId');
  await loadProgram(ctx.db, input.programId);
  const id = targetIdFor(input.programId, unit._id);
  await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'targets', id);
    const data = {
      programId: input.programId,
      unitId: unit._id,
      unitName: unit.name,
      ...(unit.code ? { unitCode: unit.code } : {}),
      ancestors: unit.ancestors,
      target: input.target,
      ...(input.headcount !== undefined
        ? { headcount: input.headcount }
        : current?.headcount !== undefined
          ? { headcount: current.headcount }
          : {}),
      seq: current?.seq ?? 9999,
      updatedAt: ctx.now,
      updatedBy: user._id,
    };
    await tx.collection('targets').doc(id).set({ data });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'unitdata.setTarget',
      subject: { kind: 'org', id: unit._id },
      orgId: unit._id,
      detail: { programId: input.programId, from: current?.target ?? null, to: input.target },
    });
  });
  return { saved: true as const };
}
