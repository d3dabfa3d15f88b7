import type { Enrollment } from '@shared/api/enrollment';
import { chinaToday } from '@shared/calendar';
import { assessOffer, isOfferedTo, type MyEnrolment } from '@shared/enrolment/offer';
import type { DeclarationCode, Offer } from '@shared/api/enrollment';
import { AppError } from '@shared/errors';
import type { Program } from '@shared/program/schema';
import { requireOrg, requireRegistered } from './access';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, together } from './db';
import { enrollmentIdFor, type EnrollmentDoc } from './enrollment-model';
import type { OrgDoc, UserDoc } from './model';
import { personFacts } from './pii';
import { loadProgram, type ProgramDoc } from './programs';

/** What the enrolment actions share: loading the caller, their unit, programs and enrolments. */

export async function requireUnitMember(ctx: HandlerContext): Promise<{ user: UserDoc; unit: OrgDoc }> {
  const user = await requireRegistered(ctx);
  if (!user.unitId || user.unitStatus !== 'approved') {
    throw new AppError(
      'ENROLL.NO_UNIT',
      user.unitStatus === 'pending' ? '加入单位的申请正在等待单位工会审核' : undefined,
    );
  }
  return { user, unit: await requireOrg(ctx, user.unitId) };
}

/** A published program that is offered to the unit (or an org above it); anything else is refused. */
export async function loadOfferedProgram(
  ctx: HandlerContext,
  programId: string,
  unit: OrgDoc,
): Promise<{ doc: ProgramDoc; program: Program }> {
  return offeredTo(await loadProgram(ctx.db, programId), unit);
}

/** The check of loadOfferedProgram, for a program read while the unit was still being read. */
export function offeredTo<P extends { doc: ProgramDoc }>(loaded: P, unit: OrgDoc): P {
  if (!isOfferedTo(loaded.doc.offeredTo, { id: unit._id, ancestors: unit.ancestors })) {
    throw new AppError('ENROLL.PROGRAM_NOT_OFFERED', undefined, 'payload.programId');
  }
  return loaded;
}

export async function myEnrollments(ctx: HandlerContext, userId: string): Promise<EnrollmentDoc[]> {
  return findMany<EnrollmentDoc>(
    coll(ctx.db, 'enrollments').where({ userId }).orderBy('createdAt', 'desc').limit(100),
  );
}

/**
 * The caller's own enrolment; someone else's is reported as missing, not as forbidden.
 * Round trips: 1 (the caller ∥ the enrolment).
 */
export async function ownEnrollment(ctx: HandlerContext, enrollmentId: string) {
  const [user, enrollment] = await together([
    requireRegistered(ctx),
    getById(ctx.db, 'enrollments', enrollmentId),
  ]);
  if (!enrollment || enrollment.userId !== user._id)
    throw new AppError('ENROLL.NOT_FOUND', undefined, 'payload.enrollmentId');
  return { user, enrollment };
}

const asMine = (e: EnrollmentDoc): MyEnrolment => ({
  id: e._id,
  programId: e.programId,
  series: e.series,
  coverage: e.coverage,
  status: e.status,
});

/** The shared offer rules, fed with this worker's stored facts. */
export function offerFor(
  ctx: HandlerContext,
  program: Program,
  user: UserDoc,
  unit: OrgDoc,
  mine: EnrollmentDoc[],
  declared?: readonly DeclarationCode[],
): Offer {
  return assessOffer(program, {
    today: chinaToday(ctx.now),
    person: personFacts(user) ?? {},
    hasUnionCard: Boolean(user.unionCardCipher),
    unit: { category: unit.category, region: unit.region },
    mine: mine.map(asMine),
    enrollmentIdFor: (start) => enrollmentIdFor(user._id, program.id, start),
    declared,
  });
}

const iso = (d: Date | string | undefined) =>
  d === undefined || d === null ? undefined : new Date(d).toISOString();

export function toEnrollmentView(e: EnrollmentDoc): Enrollment {
  return {
    id: e._id,
    programId: e.programId,
    programName: e.programName,
    coverage: e.coverage,
    status: e.status,
    workerFen: e.workerFen,
    totalFen: e.totalFen,
    feeLines: e.feeLines,
    certificateNo: e.certificateNo ?? undefined,
    paidAt: iso(e.paidAt),
    createdAt: iso(e.createdAt)!,
    note: e.note ?? undefined,
  };
}
