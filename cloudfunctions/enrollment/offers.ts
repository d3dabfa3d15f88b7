import type { z } from 'zod';
import type { DeclarationCode, enrollmentApi, Offer } from '../../shared/api/enrollment';
import { chinaToday } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import {
  checkEnrolmentEligibility,
  coveragePeriodFor,
  isEnrolmentOpen,
} from '../../shared/program/enrolment';
import { feeSplitFor } from '../../shared/program/fee';
import type { Program } from '../../shared/program/schema';
import { requireOrg, requireRegistered } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { findMany } from '../_lib/db';
import { enrollmentIdFor, type EnrollmentDoc } from '../_lib/enrollment-model';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { loadProgram, noticeHash, programsForUnit } from '../_lib/programs';
import { noticeText } from '../../shared/program';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

export async function requireUnitMember(ctx: HandlerContext): Promise<{ user: UserDoc; unit: OrgDoc }> {
  const user = await requireRegistered(ctx);
  if (!user.unitId || user.unitStatus !== 'approved') {
    throw new AppError(
      'ENROLL.NO_UNIT',
      user.unitStatus === 'pending' ? '加入单位的申请正在等待单位工会审核' : '请先加入所在单位',
    );
  }
  return { user, unit: await requireOrg(ctx, user.unitId) };
}

export async function myEnrollments(ctx: HandlerContext, userId: string): Promise<EnrollmentDoc[]> {
  return findMany<EnrollmentDoc>(
    ctx.db.collection('enrollments').where({ userId }).orderBy('createdAt', 'desc').limit(100),
  );
}

const DECLARABLE: Record<string, DeclarationCode> = {
  UNION_MEMBER: 'UNION_MEMBER',
  BASIC_MEDICAL_INSURANCE: 'BASIC_MEDICAL_INSURANCE',
};

/**
 * Everything the offer screen and the enrol action both need to know about one program.
 * `declared` is what the worker declared; without it (the offer list) a declarable requirement
 * is listed under `declarations` rather than refused.
 */
export function assessOffer(
  ctx: HandlerContext,
  program: Program,
  user: UserDoc,
  unit: OrgDoc,
  mine: EnrollmentDoc[],
  declared?: readonly DeclarationCode[],
): Offer {
  const declarations = program.eligibility.requirements
    .filter((r) => DECLARABLE[r.code])
    .map((r) => ({ code: DECLARABLE[r.code]!, label: r.label }));
  const holds = (code: DeclarationCode) => (declared ? declared.includes(code) : true);
  const today = chinaToday(ctx.now);
  const coverage = coveragePeriodFor(program, today);
  const enrollmentId = enrollmentIdFor(user._id, program.id, coverage.start);
  const existing = mine.find((e) => e._id === enrollmentId && e.status !== 'cancelled');
  const eligibility = checkEnrolmentEligibility(program, {
    today,
    birthDate: user.birthDate,
    sex: user.sex,
    hasUnionCard: Boolean(user.unionCardNo),
    isUnionMember: holds('UNION_MEMBER'),
    hasBasicMedicalInsurance: holds('BASIC_MEDICAL_INSURANCE'),
    unitInRegion: true,
    // The enrolment being paid for is this offer itself, not a second one.
    existingEnrolments: mine
      .filter((e) => e._id !== enrollmentId)
      .map((e) => ({ programId: e.programId, series: e.series, period: e.coverage, status: e.status })),
  });
  let split: ReturnType<typeof feeSplitFor> | undefined;
  const issues = eligibility.issues.map((i) => ({ code: i.code, message: i.message, blocking: i.blocking }));
  try {
    split = feeSplitFor(program, { unitCategory: unit.category, groups: [] });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    issues.push({ code: err.code, message: err.message, blocking: true });
  }
  const previous = mine.find(
    (e) => e.series === program.series && e.programId !== program.id && e.status === 'active',
  );
  return {
    programId: program.id,
    name: program.name,
    region: [program.region.province, program.region.city, program.region.district].filter(Boolean).join(' '),
    coverage,
    window: program.enrolment.window
      ? { start: program.enrolment.window.opens, end: program.enrolment.window.closes }
      : { start: coverage.start, end: coverage.end },
    totalFen: split?.totalFen ?? program.fee.perShareFen,
    workerFen: split?.workerFen ?? 0,
    feeLines: split?.lines.map((l) => ({ payer: l.payer, label: l.label, amountFen: l.amountFen })) ?? [],
    summary: program.coverageSummary,
    issues,
    declarations,
    enrollmentId: existing?._id,
    enrollmentStatus: existing?.status,
    renewableFrom: !existing && previous ? previous._id : undefined,
  };
}

export async function offers(_input: In<'offers'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const today = chinaToday(ctx.now);
  const mine = await myEnrollments(ctx, user._id);
  const programs = await programsForUnit(ctx.db, unit);
  const list = programs
    .filter(({ program }) => isEnrolmentOpen(program, today))
    .map(({ program }) => assessOffer(ctx, program, user, unit, mine));
  return { offers: list };
}

export async function programDetail(input: In<'programDetail'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const { program } = await loadProgram(ctx.db, input.programId);
  const offer = assessOffer(ctx, program, user, unit, await myEnrollments(ctx, user._id));
  return {
    ...offer,
    notice: { version: program.notice.version, hash: noticeHash(program), text: noticeText(program) },
    benefits: program.benefits.map((b) => `${b.name}：${b.description}`),
  };
}
