import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DeclarationCode, enrollmentApi } from '@shared/api/enrollment';
import { fundedBy, refusalOf } from '@shared/enrolment/offer';
import { AppError } from '@shared/errors';
import { enrollmentLifecycle } from '@shared/lifecycle';
import type { Program } from '@shared/program/schema';
import { cloud } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { getById, transaction, txGet } from '../_lib/db';
import { certificateNoFor, enrollmentIdFor, type EnrollmentDoc } from '../_lib/enrollment-model';
import {
  loadOfferedProgram,
  myEnrollments,
  offerFor,
  requireUnitMember,
  toEnrollmentView,
} from '../_lib/enrollments';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { noticeHash } from '../_lib/programs';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The handwritten signature, checked by content (a PNG) and stored privately under a random
 * name: nothing a client can see (user id, enrolment id) leads to the path.
 */
async function storeSignature(base64: string): Promise<string> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 100 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) {
    throw new AppError('ENROLL.BAD_SIGNATURE', undefined, 'payload.signaturePng');
  }
  const res = (await cloud.uploadFile({
    cloudPath: `signatures/${randomBytes(16).toString('hex')}.png`,
    fileContent: bytes,
  })) as unknown as { fileID: string };
  return res.fileID;
}

/**
 * Create the enrolment in one transaction on its deterministic id: a double tap or a retry finds
 * the same document, and a second enrolment for the same period is refused.
 */
async function createEnrollment(
  ctx: HandlerContext,
  program: Program,
  user: UserDoc,
  unit: OrgDoc,
  consent: { version: string; hash: string },
  signature: string | (() => Promise<string>),
  declared: readonly DeclarationCode[],
) {
  const offer = offerFor(ctx, program, user, unit, await myEnrollments(ctx, user._id), declared);
  if (offer.enrollmentStatus === 'active') throw new AppError('ENROLL.ALREADY_ENROLLED');
  const refusal = refusalOf(offer);
  if (refusal) throw refusal;
  if (offer.enrollmentStatus === 'pending_payment' && offer.enrollmentId) {
    // Already created and waiting for payment: the same request again is not an error.
    return toEnrollmentView((await getById(ctx.db, 'enrollments', offer.enrollmentId))!);
  }

  const enrollmentId = enrollmentIdFor(user._id, program.id, offer.coverage.start);
  const signatureFileId = typeof signature === 'string' ? signature : await signature();
  const funded = offer.workerFen === 0;
  const status = funded ? ('active' as const) : ('pending_payment' as const);
  const doc: Omit<EnrollmentDoc, '_id'> = {
    userId: user._id,
    unitId: unit._id,
    programId: program.id,
    programName: program.name,
    series: program.series,
    coverage: offer.coverage,
    status,
    totalFen: offer.totalFen,
    workerFen: offer.workerFen,
    feeLines: offer.feeLines,
    ...(funded ? { fundedBy: fundedBy(offer.feeLines) } : {}),
    consent: { ...consent, at: ctx.now },
    declarations: offer.declarations.filter((d) => declared.includes(d.code)).map((d) => d.code),
    signatureFileId,
    warnings: offer.issues.filter((i) => !i.blocking).map((i) => i.code),
    orderAttempts: 0,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (funded) {
    doc.activatedAt = ctx.now;
    doc.certificateNo = certificateNoFor({ _id: enrollmentId, coverage: offer.coverage });
  }
  const saved = await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'enrollments', enrollmentId);
    if (current && current.status !== 'cancelled') return { doc: current, created: false };
    if (current) enrollmentLifecycle.assert(current.status, status);
    await tx.collection('enrollments').doc(enrollmentId).set({ data: doc });
    return { doc: { _id: enrollmentId, ...doc } as EnrollmentDoc, created: true };
  });
  if (!saved.created && saved.doc.status === 'active') throw new AppError('ENROLL.ALREADY_ENROLLED');
  return toEnrollmentView(saved.doc);
}

export async function enrol(input: In<'enrol'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const { program } = await loadOfferedProgram(ctx, input.programId, unit);
  if (input.consent.version !== program.notice.version || input.consent.hash !== noticeHash(program)) {
    throw new AppError('ENROLL.NOTICE_CHANGED', undefined, 'payload.consent');
  }
  return createEnrollment(
    ctx,
    program,
    user,
    unit,
    input.consent,
    () => storeSignature(input.signaturePng),
    input.declarations,
  );
}

/**
 * One tap for the next period: the worker's signature is reused, and so is the agreement, but
 * only when the new period's notice is word for word the one agreed to last time.
 */
export async function renew(input: In<'renew'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const [from, { program }] = await Promise.all([
    getById(ctx.db, 'enrollments', input.fromEnrollmentId),
    loadOfferedProgram(ctx, input.programId, unit),
  ]);
  if (!from || from.userId !== user._id)
    throw new AppError('ENROLL.NOT_FOUND', undefined, 'payload.fromEnrollmentId');
  if (program.series !== from.series)
    throw new AppError('ENROLL.NOT_RENEWABLE', undefined, 'payload.programId');
  if (from.consent.hash !== noticeHash(program)) {
    throw new AppError(
      'ENROLL.NOTICE_CHANGED',
      '本期参保须知有变化，请阅读并同意后参保',
      'payload.programId',
    );
  }
  return createEnrollment(
    ctx,
    program,
    user,
    unit,
    { version: from.consent.version, hash: from.consent.hash },
    from.signatureFileId,
    from.declarations ?? [],
  );
}
