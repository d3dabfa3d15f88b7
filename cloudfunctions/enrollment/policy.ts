import type { z } from 'zod';
import type { enrollmentApi } from '@shared/api/enrollment';
import { chinaToday } from '@shared/calendar';
import { coverageState, coverageStateText } from '@shared/enrolment/coverage';
import { randomBytes } from 'node:crypto';
import { encodeCertificateScene } from '@shared/enrolment/certificate-scene';
import { AppError } from '@shared/errors';
import { requireRegistered } from '../_lib/access';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { cloud, openapi } from '../_lib/cloud';
import { findOne, getById, updateById } from '../_lib/db';
import { certificateCode, type EnrollmentDoc } from '../_lib/enrollment-model';
import { loadProgram } from '../_lib/programs';
import { myEnrollments, ownEnrollment, toEnrollmentView } from '../_lib/enrollments';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

export const VERIFY_PAGE = 'pages/verify/index';

export async function mine(_input: In<'mine'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  return { items: (await myEnrollments(ctx, user._id)).map(toEnrollmentView) };
}

export async function get(input: In<'get'>, ctx: HandlerContext) {
  return toEnrollmentView((await ownEnrollment(ctx, input.enrollmentId)).enrollment);
}

/** The electronic certificate (电子保单): only for an enrolment that is in force. */
export async function certificate(input: In<'certificate'>, ctx: HandlerContext) {
  const { user, enrollment } = await ownEnrollment(ctx, input.enrollmentId);
  if (enrollment.status !== 'active' || !enrollment.certificateNo) {
    throw new AppError('ENROLL.NOT_ACTIVE', '缴费完成后才能查看电子保单');
  }
  const { program } = await loadProgram(ctx.db, enrollment.programId);
  const unit = await getById(ctx.db, 'orgs', enrollment.unitId);
  const code = certificateCode(enrollment.certificateNo);
  const scene = encodeCertificateScene(enrollment.certificateNo, code);
  return {
    certificateNo: enrollment.certificateNo,
    programName: program.name,
    region: [program.region.province, program.region.city, program.region.district].filter(Boolean).join(' '),
    insuredName: user.nameMasked ?? '',
    idMasked: user.idMasked ?? '',
    unitName: unit?.name ?? '',
    coverage: enrollment.coverage,
    benefits: program.benefits.map((b) => b.name),
    issuedAt: new Date(enrollment.activatedAt ?? enrollment.updatedAt).toISOString(),
    verifyPath: `${VERIFY_PAGE}?no=${enrollment.certificateNo}&code=${code}`,
    verifyCode: code,
    verifyQrImageUrl: scene
      ? await verifyQrImage(ctx, enrollment._id, enrollment.verifyQrFileId, scene)
      : undefined,
  };
}

/**
 * A mini-program code that opens the verify page (WeChat's camera opens these, not a bare page
 * path), made once per certificate and kept in private storage; handed out as a temp URL.
 */
async function verifyQrImage(
  ctx: HandlerContext,
  enrollmentId: string,
  stored: string | undefined,
  scene: string,
): Promise<string> {
  let fileID = stored;
  if (!fileID) {
    const image = await openapi.wxacode.getUnlimited({
      scene,
      page: VERIFY_PAGE,
      checkPath: false,
      width: 430,
    });
    const uploaded = (await cloud.uploadFile({
      cloudPath: `qrcodes/certificates/${randomBytes(16).toString('hex')}.png`,
      fileContent: image.buffer,
    })) as unknown as { fileID: string };
    fileID = uploaded.fileID;
    await updateById(ctx.db, 'enrollments', enrollmentId, { verifyQrFileId: fileID });
  }
  const urls = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }] })) as unknown as {
    fileList: { tempFileURL: string }[];
  };
  return urls.fileList[0]?.tempFileURL ?? '';
}

/** Anyone holding the QR may verify it; they learn validity and masked data only. */
export async function verifyCertificate(input: In<'verifyCertificate'>, ctx: HandlerContext) {
  if (input.code !== certificateCode(input.certificateNo)) return { valid: false };
  const enrollment = await findOne<EnrollmentDoc>(
    coll(ctx.db, 'enrollments').where({ certificateNo: input.certificateNo }),
  );
  if (!enrollment) return { valid: false };
  const user = await getById(ctx.db, 'users', enrollment.userId);
  const today = chinaToday(ctx.now);
  return {
    valid: enrollment.status === 'active',
    programName: enrollment.programName,
    insuredName: user?.nameMasked,
    coverage: enrollment.coverage,
    state: enrollment.status === 'active' ? coverageState(enrollment.coverage, today) : undefined,
    status: enrollment.status === 'active' ? coverageStateText(enrollment.coverage, today) : '已失效',
  };
}
