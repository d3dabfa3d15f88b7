import type { z } from 'zod';
import type { DeclarationCode, enrollmentApi } from '../../shared/api/enrollment';
import { chinaToday } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import { isEnrolmentOpen } from '../../shared/program/enrolment';
import type { Program } from '../../shared/program/schema';
import { cloud } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { getById, transaction, txGet } from '../_lib/db';
import { certificateNoFor, enrollmentIdFor, type EnrollmentDoc } from '../_lib/enrollment-model';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { loadProgram, noticeHash } from '../_lib/programs';
import { assessOffer, myEnrollments, requireUnitMember } from './offers';
import { toEnrollmentView } from './view';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function storeSignature(userId: string, enrollmentId: string, base64: string): Promise<string> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 100 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) {
    throw new AppError('ENROLL.BAD_SIGNATURE', '签名图片无效，请重新签名', 'payload.signaturePng');
  }
  // Private path: only functions read it, and officers through an audited temp URL.
  const res = (await cloud.uploadFile({
    cloudPath: `signatures/${userId}/${enrollmentId}.png`,
    fileContent: bytes,
  })) as unknown as {
    fileID: string;
  };
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
  signatureFileId: string | ((enrollmentId: string) => Promise<string>),
  declared: readonly DeclarationCode[],
) {
  const today = chinaToday(ctx.now);
  if (!isEnrolmentOpen(program, today))
    throw new AppError('ENROLL.WINDOW_CLOSED', '该项目当前不在参保时间内');
  const offer = assessOffer(ctx, program, user, unit, await myEnrollments(ctx, user._id), declared);
  const blocking = offer.issues.find((i) => i.blocking);
  if (offer.enrollmentStatus === 'active')
    throw new AppError('ENROLL.ALREADY_ENROLLED', '您已参保该项目本期保障，无需重复参保');
  if (blocking) throw new AppError(blocking.code, blocking.message);
  if (offer.enrollmentStatus === 'pending_payment' && offer.enrollmentId) {
    // Already created and waiting for payment: the same request again is not an error.
    return toEnrollmentView((await getById<EnrollmentDoc>(ctx.db, 'enrollments', offer.enrollmentId))!);
  }

  const enrollmentId = enrollmentIdFor(user._id, program.id, offer.coverage.start);
  const signature =
    typeof signatureFileId === 'string' ? signatureFileId : await signatureFileId(enrollmentId);
  const funded = offer.workerFen === 0;
  const doc: Omit<EnrollmentDoc, '_id'> = {
    userId: user._id,
    unitId: unit._id,
    programId: program.id,
    programName: program.name,
    series: program.series,
    coverage: offer.coverage,
    status: funded ? 'active' : 'pending_payment',
    totalFen: offer.totalFen,
    workerFen: offer.workerFen,
    feeLines: offer.feeLines,
    fundedBy: funded
      ? offer.feeLines
          .filter((l) => l.amountFen > 0)
          .map((l) => l.label)
          .join('、')
      : undefined,
    consent: { ...consent, at: ctx.now },
    declarations: offer.declarations.filter((d) => declared.includes(d.code)).map((d) => d.code),
    signatureFileId: signature,
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
    const current = await txGet<EnrollmentDoc>(tx, 'enrollments', enrollmentId);
    if (current && current.status !== 'cancelled') return { doc: current, created: false };
    await tx.collection('enrollments').doc(enrollmentId).set({ data: doc });
    return { doc: { _id: enrollmentId, ...doc } as EnrollmentDoc, created: true };
  });
  if (!saved.created && saved.doc.status === 'active') {
    throw new AppError('ENROLL.ALREADY_ENROLLED', '您已参保该项目本期保障，无需重复参保');
  }
  return toEnrollmentView(saved.doc);
}

export async function enrol(input: In<'enrol'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const { program } = await loadProgram(ctx.db, input.programId);
  if (input.consent.version !== program.notice.version || input.consent.hash !== noticeHash(program)) {
    throw new AppError('ENROLL.NOTICE_CHANGED', '参保须知已更新，请重新阅读并同意', 'payload.consent');
  }
  return createEnrollment(
    ctx,
    program,
    user,
    unit,
    input.consent,
    (id) => storeSignature(user._id, id, input.signaturePng),
    input.declarations,
  );
}

/**
 * One tap for the next period: the worker's signature is reused, and so is the agreement, but
 * only when the new period's notice is word for word the one agreed to last time.
 */
export async function renew(input: In<'renew'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const from = await getById<EnrollmentDoc>(ctx.db, 'enrollments', input.fromEnrollmentId);
  if (!from || from.userId !== user._id)
    throw new AppError('ENROLL.NOT_FOUND', '参保记录不存在', 'payload.fromEnrollmentId');
  const { program } = await loadProgram(ctx.db, input.programId);
  if (program.series !== from.series)
    throw new AppError('ENROLL.NOT_RENEWABLE', '该项目不是原项目的续期', 'payload.programId');
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
