import type { z } from 'zod';
import type { enrollmentApi } from '@shared/api/enrollment';
import { chinaToday } from '@shared/calendar';
import { isEnrolmentOpen, noticeText } from '@shared/program';
import type { HandlerContext } from '../_lib/context';
import { loadOfferedProgram, myEnrollments, offerFor, requireUnitMember } from '../_lib/enrollments';
import { noticeHash, programsForUnit } from '../_lib/programs';

type In<K extends keyof typeof enrollmentApi> = z.output<(typeof enrollmentApi)[K]['input']>;

/** Round trips: user, unit, then enrolments and programs in parallel. */
export async function offers(_input: In<'offers'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const today = chinaToday(ctx.now);
  const [mine, programs] = await Promise.all([myEnrollments(ctx, user._id), programsForUnit(ctx.db, unit)]);
  const list = programs
    .filter(({ program }) => isEnrolmentOpen(program, today))
    .map(({ program }) => offerFor(ctx, program, user, unit, mine));
  return { offers: list };
}

export async function programDetail(input: In<'programDetail'>, ctx: HandlerContext) {
  const { user, unit } = await requireUnitMember(ctx);
  const [{ program }, mine] = await Promise.all([
    loadOfferedProgram(ctx, input.programId, unit),
    myEnrollments(ctx, user._id),
  ]);
  return {
    ...offerFor(ctx, program, user, unit, mine),
    notice: { version: program.notice.version, hash: noticeHash(program), text: noticeText(program) },
    benefits: program.benefits.map((b) => `${b.name}：${b.description}`),
  };
}
