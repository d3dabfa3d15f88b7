import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DeclarationCode, enrollmentApi } from '@shared/api/enrollment';
import { fundedBy, refusalOf } from '@shared/enrolment/offer';
import { AppError } from '@shared/errors';
import { enrollmentLifecycle } from '@shared/lifecycle';
import type { Program } from '@shared/program/schema';
import { cloud } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { coll } from '../_lib/collections';
import { getById, insert, isDuplicateKey, replacementOf, together, updateWhere } from '../_lib/db';
import { certificateNoFor, enrollmentIdFor, type EnrollmentDoc } from '../_lib/enrollment-model';
import { myEnrollments, offerFor, offeredTo, requireUnitMember, toEnrollmentView } from '../_lib/enrollments';
import { userIdFor, type OrgDoc, type UserDoc } from '../_lib/model';
import { loadProgram, noticeHash } from '../_lib/programs';

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

/** Optional fields an earlier (cancelled) enrolment on the same id may carry: a revival drops them. */
const OPTIONAL_FIELDS: (keyof EnrollmentDoc)[] = [
  'fundedBy',
  'declarations',
  'currentOrderId',
  'certificateNo',
  'channel',
  'verifyQrFileId',
  'paidAt',
  'activatedAt',
  'note',
];

/**
 * Write the enrolment on its deterministic id, without a transaction (one document, so one
 * conditional write is atomic): a new one is inserted, and a double tap or a retry loses on the
 * duplicate key and finds the other's document; a cancelled one is replaced by a conditional
 * update on `status: 'cancelled'`, so only one tap revives it. `seen` is the document as the
 * caller's enrolment list showed it. Round trips: 1 (+1 read when another write won).
 */
async function saveEnrollment(
  ctx: HandlerContext,
  id: string,
  doc: Omit<EnrollmentDoc, '_id'>,
  seen: EnrollmentDoc | null,
): Promise<{ doc: EnrollmentDoc; created: boolean }> {
  let current = seen;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (current && current.status !== 'cancelled') return { doc: current, created: false };
    if (!current) {
      try {
        await insert(ctx.db, 'enrollments', { _id: id, ...doc });
        return { doc: { _id: id, ...doc }, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    } else {
      enrollmentLifecycle.assert(current.status, doc.status);
      // The attempt count goes on: order ids derive from it, and the withdrawn attempts' are taken.
      const revived = { ...doc, orderAttempts: current.orderAttempts };
      const replaced = await updateWhere(
        coll(ctx.db, 'enrollments').where({
          _id: id,
          status: 'cancelled',
          orderAttempts: current.orderAttempts,
        }),
        replacementOf(ctx.db, revived, [...Object.keys(current), ...OPTIONAL_FIELDS]),
      );
      if (replaced === 1) return { doc: { _id: id, ...revived }, created: true };
    }
    current = await getById(ctx.db, 'enrollments', id);
  }
  throw new AppError('ENROLL.PAYMENT_BUSY');
}

/**
 * Create the enrolment on its deterministic id: a double tap or a retry finds the same document,
 * and a second enrolment for the same period is refused. `mine` is the worker's enrolments, read
 * with the caller.
 */
async function createEnrollment(
  ctx: HandlerContext,
  program: Program,
  user: UserDoc,
  unit: OrgDoc,
  mine: EnrollmentDoc[],
  consent: { version: string; hash: string },
  signature: string | (() => Promise<string>),
  declared: readonly DeclarationCode[],
) {
  const offer = offerFor(ctx, program, user, unit, mine, declared);
  if (offer.enrollmentStatus === 'active') throw new AppError('ENROLL.ALREADY_ENROLLED');
  const refusal = refusalOf(offer);
  if (refusal) throw refusal;
  const listed = (id: string) => mine.find((e) => e._id === id) ?? null;
  if (offer.enrollmentStatus === 'pending_payment' && offer.enrollmentId) {
    // Already created and waiting for payment: the same request again is not an error.
    const waiting = listed(offer.enrollmentId) ?? (await getById(ctx.db, 'enrollments', offer.enrollmentId));
    return toEnrollmentView(waiting!);
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
  const saved = await saveEnrollment(ctx, enrollmentId, doc, listed(enrollmentId));
  if (!saved.created && saved.doc.status === 'active') throw new AppError('ENROLL.ALREADY_ENROLLED');
  return toEnrollmentView(saved.doc);
}

/**
 * Round trips: 1 caller ∥ program ∥ the worker's enrolments, 2 the unit, 3 the write (the
 * signature's upload to storage sits between 2 and 3).
 */
export async function enrol(input: In<'enrol'>, ctx: HandlerContext) {
  const userId = userIdFor(ctx.openid());
  const [{ user, unit }, loaded, mine] = await together([
    requireUnitMember(ctx),
    loadProgram(ctx.db, input.programId),
    myEnrollments(ctx, userId),
  ]);
  const { program } = offeredTo(loaded, unit);
  if (input.consent.version !== program.notice.version || input.consent.hash !== noticeHash(program)) {
    throw new AppError('ENROLL.NOTICE_CHANGED', undefined, 'payload.consent');
  }
  return createEnrollment(
    ctx,
    program,
    user,
    unit,
    mine,
    input.consent,
    () => storeSignature(input.signaturePng),
    input.declarations,
  );
}

/**
 * One tap for the next period: the worker's signature is reused, and so is the agreement, but
 * only when the new period's notice is word for word the one agreed to last time.
 * Round trips as enrol (the earlier enrolment is read with the caller).
 */
export async function renew(input: In<'renew'>, ctx: HandlerContext) {
  const userId = userIdFor(ctx.openid());
  const [{ user, unit }, from, loaded, mine] = await together([
    requireUnitMember(ctx),
    getById(ctx.db, 'enrollments', input.fromEnrollmentId),
    loadProgram(ctx.db, input.programId),
    myEnrollments(ctx, userId),
  ]);
  const { program } = offeredTo(loaded, unit);
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
    mine,
    { version: from.consent.version, hash: from.consent.hash },
    from.signatureFileId,
    from.declarations ?? [],
  );
}
