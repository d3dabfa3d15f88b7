import type { z } from 'zod';
import type { orgApi } from '@shared/api/org';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { idLast4, probablyRetired } from '@shared/identity';
import { grantOver, requireOrg, requireRegistered, requireRoleOver } from '../_lib/access';
import { auditEntry, auditInTx, newId } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage, getById, insert, transaction, txGet, type Tx } from '../_lib/db';
import type { JoinRequestDoc, OrgDoc, UserDoc } from '../_lib/model';
import { decrypt, personFacts } from '../_lib/pii';
import { toSummary, unitByScene } from '../_lib/units';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

/** The worker hears of every decision on their unit (sent by the timers, once per decision). */
async function notifyWorker(
  tx: Tx,
  ctx: HandlerContext,
  request: JoinRequestDoc,
  unit: OrgDoc,
  reason?: string,
) {
  const kind = request.status === 'rejected' ? 'join_rejected' : 'join_approved';
  await tx
    .collection('outbox')
    .doc(`${kind}_${request._id}`)
    .set({
      data: {
        kind,
        userId: request.userId,
        data: reason ? { unitName: unit.name, reason } : { unitName: unit.name },
        status: 'pending',
        createdAt: ctx.now,
      },
    });
}

/**
 * Scanning the unit's own QR code is the unit's invitation, so the worker joins at once (and the
 * officer sees the join in the approved list and can remove the member); a unit found by
 * searching needs its officer's approval first. A worker has one current request: a new one
 * supersedes it. Leaving an approved unit for another must be confirmed.
 * Round trips: user 1, scene 3 (or unit 1), old unit 1 when changing, transaction.
 */
export async function joinUnit(input: In<'joinUnit'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const unit = input.via === 'qr' ? await unitByScene(ctx, input.scene) : await requireOrg(ctx, input.unitId);
  if (unit.level !== 'grassroots') throw new AppError('ORG.NOT_A_UNIT', undefined, 'payload.unitId');
  if (user.unitId === unit._id && user.unitStatus === 'approved')
    return { status: 'approved' as const, unit: toSummary(unit) };
  const leaving = user.unitId && user.unitStatus === 'approved' ? user.unitId : undefined;
  if (leaving && !input.confirmChange) {
    const current = await getById(ctx.db, 'orgs', leaving);
    throw new AppError(
      'ORG.CHANGE_UNCONFIRMED',
      `您目前属于「${current?.name ?? '原单位'}」。更换为「${unit.name}」后，已有的参保保障不受影响，今后参保和申请补助将通过新单位办理。请确认后再更换。`,
      'payload.confirmChange',
    );
  }

  const status = input.via === 'qr' ? ('approved' as const) : ('pending' as const);
  const request: JoinRequestDoc = {
    _id: newId('jr'),
    userId: user._id,
    unitId: unit._id,
    via: input.via,
    status,
    createdAt: ctx.now,
    ...(status === 'approved' ? { decidedAt: ctx.now } : {}),
  };
  await transaction(ctx.db, async (tx) => {
    const fresh = await txGet(tx, 'users', user._id);
    const previous = fresh?.joinRequestId ? await txGet(tx, 'joinRequests', fresh.joinRequestId) : null;
    if (previous && (previous.status === 'pending' || previous.status === 'approved')) {
      await tx
        .collection('joinRequests')
        .doc(previous._id)
        .update({ data: { status: 'left', decidedAt: ctx.now } });
    }
    const { _id, ...data } = request;
    await tx.collection('joinRequests').doc(_id).set({ data });
    await tx
      .collection('users')
      .doc(user._id)
      .update({
        data: {
          unitId: unit._id,
          unitStatus: status,
          joinRequestId: _id,
          unitRejection: ctx.db.command.remove(),
          updatedAt: ctx.now,
        },
      });
    if (leaving) {
      await auditInTx(tx, ctx, {
        actorId: user._id,
        action: 'org.changeUnit',
        subject: { kind: 'user', id: user._id },
        orgId: unit._id,
        detail: { from: leaving, to: unit._id, via: input.via },
      });
    }
    if (status === 'approved') await notifyWorker(tx, ctx, request, unit);
  });
  return { status, unit: toSummary(unit) };
}

/**
 * The officer of the worker's own unit sees the full name and the ID's last 4 digits to recognise
 * an employee; anyone else (an officer reaching the unit from above) sees masked data. Every list
 * that shows full names is recorded in the audit log. Round trips: grant check 2 (parallel),
 * page 2 (parallel), users 1 (parallel), audit 1.
 */
export async function listJoinRequests(input: In<'listJoinRequests'>, ctx: HandlerContext) {
  const { user: officer, org: unit } = await requireRoleOver(ctx, 'unit_officer', input.unitId);
  const ownUnit = grantOver(
    { grants: (officer.grants ?? []).filter((g) => g.orgId === unit._id) },
    'unit_officer',
    unit,
  );
  const where = coll(ctx.db, 'joinRequests').where({ unitId: input.unitId, status: input.status });
  const { docs: requests, ...page } = await findPage<JoinRequestDoc>(
    where,
    { field: 'createdAt', direction: 'asc' },
    input,
  );
  const today = chinaToday(ctx.now);
  const users = await Promise.all(requests.map((r) => getById(ctx.db, 'users', r.userId)));
  const items = requests.map((r, i) => {
    const u: UserDoc | null = users[i] ?? null;
    const facts = u ? personFacts(u) : null;
    const full = Boolean(ownUnit && u?.name);
    return {
      id: r._id,
      unitId: r.unitId,
      displayName: full ? u!.name! : (u?.nameMasked ?? '（已注销）'),
      idMasked: u?.idMasked ?? '',
      idLast4: full && u?.idCipher ? idLast4(decrypt(u.idCipher)) : undefined,
      phoneMasked: u?.phoneMasked,
      probablyRetired: Boolean(facts && probablyRetired(facts.birthDate, facts.sex, 'unknown', today)),
      via: r.via,
      status: r.status,
      reason: r.reason ?? undefined,
      createdAt: new Date(r.createdAt).toISOString(),
    };
  });
  if (ownUnit && requests.length > 0) {
    const { _id, ...entry } = auditEntry(ctx, {
      actorId: officer._id,
      action: 'org.viewMembers',
      subject: { kind: 'unit', id: unit._id },
      orgId: unit._id,
      detail: { userIds: requests.map((r) => r.userId), fields: ['name', 'idLast4'] },
    });
    await insert(ctx.db, 'auditLog', { _id, ...entry });
  }
  return { items, ...page };
}

export async function decideJoinRequest(input: In<'decideJoinRequest'>, ctx: HandlerContext) {
  const request = await getById(ctx.db, 'joinRequests', input.requestId);
  if (!request) throw new AppError('ORG.REQUEST_NOT_FOUND', undefined, 'payload.requestId');
  const { user: officer, org: unit } = await requireRoleOver(ctx, 'unit_officer', request.unitId);
  if (request.status !== 'pending') throw new AppError('ORG.REQUEST_DECIDED');
  if (!input.approve && !input.reason)
    throw new AppError('COMMON.INVALID_INPUT', '驳回时请填写原因', 'payload.reason');
  const status = input.approve ? ('approved' as const) : ('rejected' as const);
  await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'joinRequests', request._id);
    if (current?.status !== 'pending') throw new AppError('ORG.REQUEST_DECIDED');
    await tx
      .collection('joinRequests')
      .doc(request._id)
      .update({ data: { status, reason: input.reason ?? null, decidedBy: officer._id, decidedAt: ctx.now } });
    const worker = await txGet(tx, 'users', request.userId);
    // The worker may have joined another unit meanwhile: only touch a still-pending link to this one.
    if (worker && worker.unitId === request.unitId && worker.unitStatus === 'pending') {
      await tx
        .collection('users')
        .doc(request.userId)
        .update({
          data: input.approve
            ? { unitStatus: 'approved', updatedAt: ctx.now }
            : {
                unitStatus: 'none',
                unitId: ctx.db.command.remove(),
                unitRejection: { unitName: unit.name, reason: input.reason!, at: ctx.now },
                updatedAt: ctx.now,
              },
        });
    }
    await auditInTx(tx, ctx, {
      actorId: officer._id,
      action: input.approve ? 'org.approveJoin' : 'org.rejectJoin',
      subject: { kind: 'user', id: request.userId },
      orgId: unit._id,
      detail: input.reason ? { reason: input.reason } : undefined,
    });
    await notifyWorker(tx, ctx, { ...request, status }, unit, input.reason);
  });
  return { status };
}

/** The officer takes a member out of the unit; the member's existing cover is not touched. */
export async function removeMember(input: In<'removeMember'>, ctx: HandlerContext) {
  const request = await getById(ctx.db, 'joinRequests', input.requestId);
  if (!request) throw new AppError('ORG.REQUEST_NOT_FOUND', undefined, 'payload.requestId');
  const { user: officer, org: unit } = await requireRoleOver(ctx, 'unit_officer', request.unitId);
  await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'joinRequests', request._id);
    if (current?.status !== 'approved') throw new AppError('ORG.NOT_A_MEMBER');
    await tx
      .collection('joinRequests')
      .doc(request._id)
      .update({
        data: { status: 'removed', reason: input.reason, decidedBy: officer._id, decidedAt: ctx.now },
      });
    const worker = await txGet(tx, 'users', request.userId);
    if (worker && worker.unitId === request.unitId && worker.joinRequestId === request._id) {
      await tx
        .collection('users')
        .doc(request.userId)
        .update({ data: { unitStatus: 'none', unitId: ctx.db.command.remove(), updatedAt: ctx.now } });
    }
    await auditInTx(tx, ctx, {
      actorId: officer._id,
      action: 'org.removeMember',
      subject: { kind: 'user', id: request.userId },
      orgId: unit._id,
      detail: { reason: input.reason },
    });
  });
  return { status: 'removed' as const };
}
