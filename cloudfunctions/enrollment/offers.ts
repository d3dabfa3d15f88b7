import type { z } from 'zod';
import type { enrollmentApi, Offer } from '../../shared/api/enrollment';
import { chinaToday } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import { probablyRetired } from '../../shared/identity';
import {
  checkEnrolmentEligibility,
  coveragePeriodFor,
  feeSplitFor,
  isEnrolmentOpen,
} from '../../shared/program/enrolment';
import type { Program } from '../../shared/program/schema';
import { requireOrg, requireRegistered } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { findMany } from '../_lib/db';
import { enrollmentIdFor, type EnrollmentDoc } from '../_lib/enrollment-model';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { loadProgram, noticeHash, noticeText, programsForUnit } from '../_lib/programs';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

export async function requireUnitMember(ctx: HandlerContext): Promise<{ user: UserDoc; unit: OrgDoc }> {
  const user = await requireRegistered(ctx);
  if (!user.unitId || user.unitStatus !== 'approved') {
    throw new AppError('ENROLL.NO_UNIT', user.unitStatus === 'pending' ? '加入单位的申请正在等待单位工会审核' : '请先加入所在单位');
  }
  return { user, unit: await requireOrg(ctx, user.unitId) };
}

export async function myEnrollments(ctx: HandlerContext, userId: string): Promise<EnrollmentDoc[]> {
  return findMany<EnrollmentDoc>(ctx.db.collection('enrollments').where({ userId }).orderBy('createdAt', 'desc').limit(100));
}

/** Everything the offer screen and the enrol action both need to know about one program. */
export function assessOffer(ctx: HandlerContext, program: Program, user: UserDoc, unit: OrgDoc, mine: EnrollmentDoc[]): Offer {
  const today = chinaToday(ctx.now);
  const coverage = coveragePeriodFor(program, today);
  const split = feeSplitFor(program, { unitCategory: unit.category, groups: [] });
  const enrollmentId = enrollmentIdFor(user._id, program.id, coverage.start);
  const existing = mine.find((e) => e._id === enrollmentId && e.status !== 'cancelled');
  const issues = checkEnrolmentEligibility(program, {
    today,
    hasUnionCard: Boolean(user.unionCardNo),
    hasBasicMedicalInsurance: true,
    probablyRetired: Boolean(user.birthDate && user.sex && probablyRetired(user.birthDate, user.sex, 'unknown', today)),
    enrolments: mine
      .filter((e) => e.status !== 'cancelled')
      .map((e) => ({ programId: e.programId, coverage: e.coverage, status: e.status })),
  });
  const previous = mine.find((e) => e.series === program.series && e.programId !== program.id && e.status === 'active');
  return {
    programId: program.id,
    name: program.name,
    region: [program.region.province, program.region.city, program.region.district].filter(Boolean).join(' '),
    coverage,
    window: program.enrolment.window
      ? { start: program.enrolment.window.opens, end: program.enrolment.window.closes }
      : { start: coverage.start, end: coverage.end },
    totalFen: split.totalFen,
    workerFen: split.workerFen,
    feeLines: split.lines,
    summary: program.coverageSummary,
    issues: issues.map((i) => ({ code: i.code, message: i.message, blocking: i.blocking })),
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
