import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { AppError } from '@shared/errors';
import { inviteRefusal } from '@shared/officer/invite';
import { grantFor, ROLE_LABELS } from '@shared/officer/roles';
import { assertGrantAuthority, currentUser, requireOrg, requireRegistered } from '../_lib/access';
import { auditInTx } from '../_lib/audit';
import { cloud, openapi } from '../_lib/cloud';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage, getById, transaction, txGet, updateWhere } from '../_lib/db';
import { holds, INVITE_LIMIT, INVITE_PAGE, inviteView } from '../_lib/grants';
import { newJoinToken } from '../_lib/join-token';
import { userIdFor } from '../_lib/model';
import { acceptanceIdFor, type InviteDoc } from '../_lib/officer-model';
import { consume } from '../_lib/rate-limit';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

const DAY_MS = 24 * 3600 * 1000;

/** An officer who may grant the role on the org invites someone to it (random 24-char token). */
export async function createInvite(input: In<'createInvite'>, ctx: HandlerContext) {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, input.orgId)]);
  assertGrantAuthority(user, input.role, org);
  const invite: InviteDoc = {
    _id: newJoinToken(24),
    role: input.role,
    orgId: org._id,
    orgAncestors: org.ancestors,
    createdBy: user!._id,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + input.expiresInDays * DAY_MS),
    maxUses: input.maxUses,
    uses: 0,
    status: 'active',
  };
  await transaction(ctx.db, async (tx) => {
    const { _id, ...data } = invite;
    await tx.collection('invites').doc(_id).set({ data });
    await auditInTx(tx, ctx, {
      actorId: user!._id,
      action: 'officer.createInvite',
      subject: { kind: 'invite', id: _id },
      orgId: org._id,
      detail: { role: input.role, maxUses: input.maxUses, expiresAt: invite.expiresAt.toISOString() },
    });
  });
  return inviteView(invite, org.name);
}

/** The invite, for an officer who may grant its role on its org (else it is "not found"). */
async function manageableInvite(ctx: HandlerContext, inviteId: string) {
  const [user, invite] = await Promise.all([currentUser(ctx), getById(ctx.db, 'invites', inviteId)]);
  if (!invite) throw new AppError('OFFICER.INVITE_NOT_FOUND', undefined, 'payload.inviteId');
  const org = await requireOrg(ctx, invite.orgId);
  assertGrantAuthority(user, invite.role, org);
  return { user: user!, invite, org };
}

/** The invite's QR code: a mini-program code whose scene is the token, stored privately. */
export async function inviteQrCode(input: In<'inviteQrCode'>, ctx: HandlerContext) {
  const { invite } = await manageableInvite(ctx, input.inviteId);
  const refusal = inviteRefusal(invite, ctx.now);
  if (refusal) throw new AppError(`OFFICER.${refusal}`);
  const image = await openapi.wxacode.getUnlimited({
    scene: invite._id,
    page: INVITE_PAGE,
    checkPath: false,
    width: 430,
  });
  const uploaded = (await cloud.uploadFile({
    cloudPath: `qrcodes/invites/${invite._id}.png`,
    fileContent: image.buffer,
  })) as unknown as { fileID: string };
  const urls = (await cloud.getTempFileURL({
    fileList: [{ fileID: uploaded.fileID, maxAge: 600 }],
  })) as unknown as { fileList: { tempFileURL: string }[] };
  return {
    scene: invite._id,
    imageUrl: urls.fileList[0]?.tempFileURL ?? '',
    path: `${INVITE_PAGE}?scene=${invite._id}`,
  };
}

export async function revokeInvite(input: In<'revokeInvite'>, ctx: HandlerContext) {
  const { user, invite, org } = await manageableInvite(ctx, input.inviteId);
  await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'invites', invite._id);
    if (current?.status !== 'active') return;
    await tx
      .collection('invites')
      .doc(invite._id)
      .update({ data: { status: 'revoked', revokedBy: user._id, revokedAt: ctx.now } });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'officer.revokeInvite',
      subject: { kind: 'invite', id: invite._id },
      orgId: org._id,
      detail: { role: invite.role },
    });
  });
  return inviteView({ ...invite, status: 'revoked' }, org.name);
}

export async function listInvites(input: In<'listInvites'>, ctx: HandlerContext) {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, input.orgId)]);
  if (
    !grantFor(
      user?.grants ?? [],
      ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
      org,
    )
  )
    throw new AppError('AUTH.FORBIDDEN');
  const { docs, ...page } = await findPage<InviteDoc>(
    coll(ctx.db, 'invites').where({ orgId: org._id }),
    { field: 'createdAt', direction: 'desc' },
    input,
  );
  return { items: docs.map((d) => inviteView(d, org.name)), ...page };
}

/** A live invite by its token, rate-limited per caller; a dead one is refused with its reason. */
async function liveInvite(ctx: HandlerContext, token: string) {
  await consume(ctx, INVITE_LIMIT, ctx.openid());
  const invite = await getById(ctx.db, 'invites', token);
  if (!invite) throw new AppError('OFFICER.INVITE_NOT_FOUND', undefined, 'payload.token');
  return invite;
}

export async function resolveInvite(input: In<'resolveInvite'>, ctx: HandlerContext) {
  const invite = await liveInvite(ctx, input.token);
  const refusal = inviteRefusal(invite, ctx.now);
  if (refusal) throw new AppError(`OFFICER.${refusal}`);
  const org = await requireOrg(ctx, invite.orgId);
  return {
    role: invite.role,
    roleLabel: ROLE_LABELS[invite.role],
    orgId: org._id,
    orgName: org.name,
    expiresAt: new Date(invite.expiresAt).toISOString(),
  };
}

/**
 * Accept an invite: ONE conditional update takes a use (`uses < maxUses`, active, not expired),
 * so a single-use invite cannot be accepted twice however the calls interleave; then the grant,
 * the acceptance (deterministic id per invite and person) and the audit entry commit together.
 * The same person accepting again changes nothing. Round trips: limit 1, invite 1, user +
 * acceptance + org 1 (parallel), use 1, transaction.
 */
export async function acceptInvite(input: In<'acceptInvite'>, ctx: HandlerContext) {
  const invite = await liveInvite(ctx, input.token);
  const [user, accepted, org] = await Promise.all([
    requireRegistered(ctx),
    getById(ctx.db, 'inviteAcceptances', acceptanceIdFor(invite._id, userIdOf(ctx))),
    requireOrg(ctx, invite.orgId),
  ]);
  const grant = { role: invite.role, orgId: invite.orgId };
  const answer = (alreadyHeld: boolean) => ({ ...grant, orgName: org.name, alreadyHeld });
  if (accepted || holds(user, grant)) return answer(true);
  const refusal = inviteRefusal(invite, ctx.now);
  if (refusal) throw new AppError(`OFFICER.${refusal}`);
  const _ = ctx.db.command;
  const took = await updateWhere(
    coll(ctx.db, 'invites').where({
      _id: invite._id,
      status: 'active',
      uses: _.lt(invite.maxUses),
      expiresAt: _.gt(ctx.now),
    }),
    { uses: _.inc(1) },
  );
  if (took !== 1) {
    const fresh = await getById(ctx.db, 'invites', invite._id);
    throw new AppError(`OFFICER.${(fresh && inviteRefusal(fresh, ctx.now)) || 'INVITE_USED_UP'}`);
  }
  const added = await transaction(ctx.db, async (tx) => {
    const acceptanceId = acceptanceIdFor(invite._id, user._id);
    if (await txGet(tx, 'inviteAcceptances', acceptanceId)) return false;
    const fresh = await txGet(tx, 'users', user._id);
    if (holds(fresh, grant)) return false;
    await tx
      .collection('users')
      .doc(user._id)
      .update({ data: { grants: [...(fresh?.grants ?? []), grant], updatedAt: ctx.now } });
    await tx
      .collection('inviteAcceptances')
      .doc(acceptanceId)
      .set({ data: { inviteId: invite._id, userId: user._id, at: ctx.now } });
    await auditInTx(tx, ctx, {
      actorId: invite.createdBy,
      action: 'officer.grant',
      subject: { kind: 'user', id: user._id },
      orgId: invite.orgId,
      detail: { role: invite.role, via: 'invite', inviteId: invite._id, acceptedBy: user._id },
    });
    return true;
  });
  // A racing second accept by the same person took a use it did not need: give it back.
  if (!added) await updateWhere(coll(ctx.db, 'invites').where({ _id: invite._id }), { uses: _.inc(-1) });
  return answer(!added);
}

const userIdOf = (ctx: HandlerContext) => userIdFor(ctx.openid());
