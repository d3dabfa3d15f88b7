import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { AppError } from '@shared/errors';
import { tempUrl, FILE_URL_SECONDS } from '../_lib/claim-files';
import type { ClaimDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { countOf, getById, insert } from '../_lib/db';
import { conflictOfInterest, grantOn, requireOn, ROLES } from '../_lib/review-access';
import {
  auditFor,
  commitReview,
  loadClaimForOfficer,
  loadDetail,
  officerActor,
  officerView,
  stepped,
  without,
  type ReviewLoad,
} from '../_lib/review-claims';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

const openObjections = (ctx: HandlerContext, claimId: string) =>
  countOf(coll(ctx.db, 'objections').where({ claimId, status: 'open' }));

/** Round trips: 1 caller ∥ claim, 2 program ∥ worker's claims ∥ files ∥ authorisations ∥ open objections (2 sequential). */
export async function get(input: In<'get'>, ctx: HandlerContext) {
  const { user, claim } = await loadClaimForOfficer(ctx, input.claimId);
  requireOn(user, ROLES.view, claim);
  const [l, objections] = await Promise.all([loadDetail(ctx, user, claim), openObjections(ctx, claim._id)]);
  return officerView(ctx, l, objections);
}

/** The roles that work a claim waiting in (or held in) a queue. */
const rolesForQueue = (claim: ClaimDoc) => (claim.queue === 'unit_precheck' ? ROLES.precheck : ROLES.review);

/** The stage a claim taken from its queue is in. */
const stageOf = (claim: ClaimDoc) => (claim.queue === 'unit_precheck' ? 'unit_precheck' : 'centre_review');

function guardTake(youId: string) {
  return (now: ClaimDoc) => {
    if (now.assignee && now.assignee.userId !== youId)
      throw new AppError('REVIEW.HELD_BY_OTHER', `该申请已由 ${now.assignee.name} 领取`);
    if (now.status !== 'submitted') throw new AppError('REVIEW.NOT_IN_QUEUE');
  };
}

/**
 * Take a waiting claim: one reviewer at a time. The claim is taken by a write conditional on the
 * version seen, so of two racing reviewers one wins; the other's re-read names the winner
 * (REVIEW.HELD_BY_OTHER).
 * Round trips: 1 caller ∥ claim, 2 detail (4 in parallel), 3 the claim, 4 audit ∥ message.
 */
export async function assign(input: In<'assign'>, ctx: HandlerContext) {
  const { user, claim } = await loadClaimForOfficer(ctx, input.claimId);
  requireOn(user, rolesForQueue(claim), claim);
  const l = await loadDetail(ctx, user, claim);
  if (conflictOfInterest(user, claim, l.auths)) throw new AppError('REVIEW.CONFLICT_OF_INTEREST');
  guardTake(user._id)(claim);
  const actor = officerActor(user);
  const next = stepped(
    ctx,
    claim,
    actor,
    { status: stageOf(claim), assignee: { userId: user._id, name: actor.name, at: ctx.now } },
    { action: 'assigned', text: `${actor.name} 领取审核`, status: stageOf(claim) },
  );
  await commitReview(ctx, claim, next, {
    audit: { actorId: user._id, action: 'review.assign', subject: { kind: 'claim', id: claim._id } },
    note: claim.queue === 'unit_precheck' ? '单位工会正在初审' : '申请已进入审核',
    lost: guardTake(user._id),
  });
  return officerView(ctx, { ...l, claim: next });
}

function backToQueue(ctx: HandlerContext, l: ReviewLoad, action: string, text: string): ClaimDoc {
  const actor = officerActor(l.user);
  return stepped(
    ctx,
    without(l.claim, 'assignee'),
    actor,
    { status: 'submitted' },
    { action, text, status: 'submitted' },
  );
}

/** The holder (or a centre reviewer / admin) gives the claim back to its queue. Round trips as assign. */
export async function release(input: In<'release'>, ctx: HandlerContext) {
  const { user, claim } = await loadClaimForOfficer(ctx, input.claimId);
  requireOn(user, ROLES.release, claim);
  if (!claim.assignee || !['unit_precheck', 'centre_review'].includes(claim.status))
    throw new AppError('REVIEW.WRONG_STAGE');
  if (claim.assignee.userId !== user._id && !grantOn(user, ROLES.reassign, claim))
    throw new AppError('REVIEW.HELD_BY_OTHER', `该申请已由 ${claim.assignee.name} 领取`);
  const l = await loadDetail(ctx, user, claim);
  const next = backToQueue(ctx, l, 'released', `${officerActor(user).name} 退回待审核队列`);
  await commitReview(ctx, claim, next, {
    audit: { actorId: user._id, action: 'review.release', subject: { kind: 'claim', id: claim._id } },
  });
  return officerView(ctx, { ...l, claim: next });
}

/** A centre reviewer or admin hands the claim to another reviewer of the subtree (not one in conflict). */
export async function reassign(input: In<'reassign'>, ctx: HandlerContext) {
  const { user, claim } = await loadClaimForOfficer(ctx, input.claimId);
  requireOn(user, ROLES.reassign, claim);
  if (!['submitted', 'unit_precheck', 'centre_review'].includes(claim.status))
    throw new AppError('REVIEW.WRONG_STAGE');
  const [l, target] = await Promise.all([
    loadDetail(ctx, user, claim),
    getById(ctx.db, 'users', input.toUserId),
  ]);
  if (!target || !grantOn(target, rolesForQueue(claim), claim) || conflictOfInterest(target, claim, l.auths))
    throw new AppError('REVIEW.ASSIGNEE_NOT_REVIEWER', undefined, 'payload.toUserId');
  const name = target.nameMasked ?? '';
  const next = stepped(
    ctx,
    claim,
    officerActor(user),
    { status: stageOf(claim), assignee: { userId: target._id, name, at: ctx.now } },
    {
      action: 'reassigned',
      text: `改由 ${name} 审核：${input.reason}`,
      status: claim.status === 'submitted' ? stageOf(claim) : undefined,
    },
  );
  await commitReview(ctx, claim, next, {
    audit: {
      actorId: user._id,
      action: 'review.reassign',
      subject: { kind: 'claim', id: claim._id },
      detail: { from: claim.assignee?.userId ?? null, to: target._id, reason: input.reason },
    },
  });
  return officerView(ctx, { ...l, claim: next });
}

/**
 * A file at full size: a short-lived URL after the permission check, the view audited first.
 * Round trips: 1 caller ∥ claim ∥ file, 2 audit, 3 URL.
 */
export async function fileUrl(input: In<'fileUrl'>, ctx: HandlerContext) {
  const [{ user, claim }, file] = await Promise.all([
    loadClaimForOfficer(ctx, input.claimId),
    getById(ctx.db, 'claimFiles', input.fileId),
  ]);
  requireOn(user, ROLES.view, claim);
  if (!file || file.claimId !== claim._id)
    throw new AppError('CLAIM.FILE_NOT_FOUND', undefined, 'payload.fileId');
  const { _id, ...entry } = auditFor(ctx, claim, {
    actorId: user._id,
    action: 'review.file.view',
    subject: { kind: 'claimFile', id: file._id },
    detail: { materialId: file.materialId },
  });
  await insert(ctx.db, 'auditLog', { _id, ...entry });
  const url = await tempUrl(file.fileId);
  return { url, expiresAt: new Date(ctx.now.getTime() + FILE_URL_SECONDS * 1000).toISOString() };
}
