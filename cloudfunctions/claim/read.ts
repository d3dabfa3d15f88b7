import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import { claimableBenefits } from '@shared/claims/benefits';
import { AppError } from '@shared/errors';
import { requireRegistered } from '../_lib/access';
import type { ClaimDoc } from '../_lib/claim-model';
import { actorFor, claimView, filesOf, loadClaimAs, programAndBenefit, summaryView } from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById } from '../_lib/db';
import { loadProgram } from '../_lib/programs';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

/** Round trips: user + claim, (authorisations), then program and files in parallel. */
export async function get(input: In<'get'>, ctx: HandlerContext) {
  const loaded = await loadClaimAs(ctx, input.claimId);
  const [{ program }, files] = await Promise.all([
    programAndBenefit(ctx, loaded.claim),
    filesOf(ctx, loaded.claim._id),
  ]);
  return claimView(ctx, loaded, program, files);
}

/** The caller's own claims, newest first. Index: claims (workerId, createdAt). */
export async function mine(_input: In<'mine'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const docs = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims').where({ workerId: user._id }).orderBy('createdAt', 'desc').limit(100),
  );
  return { items: docs.map((c) => summaryView(c, user._id)) };
}

/**
 * One enrolment's claims, for its worker or someone they authorised (checked on every call).
 * Index: claims (enrollmentId, benefitId) — its prefix.
 */
/** The enrolment, if the caller is its worker or someone they authorised; else "not found". */
async function enrolmentFor(ctx: HandlerContext, enrollmentId: string) {
  const user = await requireRegistered(ctx);
  const enrollment = await getById(ctx.db, 'enrollments', enrollmentId);
  if (!enrollment) throw new AppError('ENROLL.NOT_FOUND', undefined, 'payload.enrollmentId');
  await actorFor(ctx, user, {
    enrollmentId: enrollment._id,
    workerId: enrollment.userId,
    unitId: enrollment.unitId,
  }).catch((err) => {
    throw err instanceof AppError && err.code === 'CLAIM.NOT_FOUND'
      ? new AppError('ENROLL.NOT_FOUND', undefined, 'payload.enrollmentId')
      : err;
  });
  return { user, enrollment };
}

export async function list(input: In<'list'>, ctx: HandlerContext) {
  const { user, enrollment } = await enrolmentFor(ctx, input.enrollmentId);
  const docs = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims').where({ enrollmentId: enrollment._id }).limit(100),
  );
  docs.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  return { items: docs.map((c) => summaryView(c, user._id)) };
}

/** The program's claimable benefits, from the stored program. Round trips: user, enrolment, grant check, program. */
export async function benefits(input: In<'benefits'>, ctx: HandlerContext) {
  const { enrollment } = await enrolmentFor(ctx, input.enrollmentId);
  const { program } = await loadProgram(ctx.db, enrollment.programId);
  return { items: claimableBenefits(program) };
}
