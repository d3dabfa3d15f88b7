import type { z } from 'zod';
import type { orgApi } from '../../shared/api/org';
import { chinaToday } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import { probablyRetired } from '../../shared/identity';
import { requireOrg, requireRegistered, requireRoleOver } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { findPage, getById, transaction, txGet } from '../_lib/db';
import type { JoinRequestDoc, UserDoc } from '../_lib/model';
import { toSummary, unitByScene } from './units';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

/**
 * Scanning the unit's own QR code is the unit's invitation, so the worker joins at once; a
 * unit found by searching needs its officer's approval first. One open request per worker:
 * the request id is derived from the user id.
 */
export async function joinUnit(input: In<'joinUnit'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const unit = input.via === 'qr' ? await unitByScene(ctx, input.scene) : await requireOrg(ctx, input.unitId);
  if (unit.level !== 'grassroots') throw new AppError('ORG.NOT_A_UNIT', '只能加入基层单位', 'payload.unitId');
  if (user.unitId === unit._id && user.unitStatus === 'approved')
    return { status: 'approved' as const, unit: toSummary(unit) };

  const status = input.via === 'qr' ? ('approved' as const) : ('pending' as const);
  const request: Omit<JoinRequestDoc, '_id'> = {
    userId: user._id,
    unitId: unit._id,
    via: input.via,
    status,
    createdAt: ctx.now,
  };
  if (status === 'approved') request.decidedAt = ctx.now;
  await transaction(ctx.db, async (tx) => {
    await tx.collection('joinRequests').doc(`jr_${user._id}`).set({ data: request });
    await tx
      .collection('users')
      .doc(user._id)
      .update({ data: { unitId: unit._id, unitStatus: status, updatedAt: ctx.now } });
  });
  return { status, unit: toSummary(unit) };
}

export async function listJoinRequests(input: In<'listJoinRequests'>, ctx: HandlerContext) {
  await requireRoleOver(ctx, 'unit_officer', input.unitId);
  const where = ctx.db.collection('joinRequests').where({ unitId: input.unitId, status: input.status });
  const { docs: requests, ...page } = await findPage<JoinRequestDoc>(
    where,
    { field: 'createdAt', direction: 'asc' },
    input,
  );
  const today = chinaToday(ctx.now);
  const items = await Promise.all(
    requests.map(async (r) => {
      const u = await getById<UserDoc>(ctx.db, 'users', r.userId);
      return {
        id: r._id,
        unitId: r.unitId,
        displayName: u?.nameMasked ?? '（已注销）',
        idMasked: u?.idMasked ?? '',
        phoneMasked: u?.phoneMasked,
        probablyRetired: Boolean(
          u?.birthDate && u.sex && probablyRetired(u.birthDate, u.sex, 'unknown', today),
        ),
        via: r.via,
        status: r.status,
        createdAt: r.createdAt instanceof Date ? r.createdAt.toISOString() : String(r.createdAt),
      };
    }),
  );
  return { items, ...page };
}

export async function decideJoinRequest(input: In<'decideJoinRequest'>, ctx: HandlerContext) {
  const request = await getById<JoinRequestDoc>(ctx.db, 'joinRequests', input.requestId);
  if (!request) throw new AppError('ORG.REQUEST_NOT_FOUND', '申请不存在', 'payload.requestId');
  const { user: officer } = await requireRoleOver(ctx, 'unit_officer', request.unitId);
  if (request.status !== 'pending') throw new AppError('ORG.REQUEST_DECIDED', '该申请已处理');
  if (!input.approve && !input.reason)
    throw new AppError('COMMON.INVALID_INPUT', '驳回时请填写原因', 'payload.reason');
  const status = input.approve ? ('approved' as const) : ('rejected' as const);
  await transaction(ctx.db, async (tx) => {
    const current = await txGet<JoinRequestDoc>(tx, 'joinRequests', request._id);
    if (current?.status !== 'pending') throw new AppError('ORG.REQUEST_DECIDED', '该申请已处理');
    await tx
      .collection('joinRequests')
      .doc(request._id)
      .update({
        data: { status, reason: input.reason ?? null, decidedBy: officer._id, decidedAt: ctx.now },
      });
    const worker = await txGet<UserDoc>(tx, 'users', request.userId);
    // The worker may have joined another unit by QR meanwhile: only touch a still-pending link.
    if (worker && worker.unitId === request.unitId && worker.unitStatus === 'pending') {
      await tx
        .collection('users')
        .doc(request.userId)
        .update({
          data: input.approve
            ? { unitStatus: 'approved', updatedAt: ctx.now }
            : { unitStatus: 'none', unitId: ctx.db.command.remove(), updatedAt: ctx.now },
        });
    }
  });
  return { status };
}
