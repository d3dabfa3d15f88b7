/**
 * A unit's group application: which route and batch it is for, whether a free quota covers it,
 * who reviews it, and the program's group rules over its members. Pure: the handlers load the
 * program, the unit and the counts and pass them in.
 */
import type { IsoDate } from '../calendar';
import { AppError } from '../errors';
import {
  checkEnrolmentEligibility,
  checkGroupParticipation,
  coveragePeriodFor,
  enrolmentStatus,
  type EligibilityIssue,
  type ExistingEnrolment,
  type Period,
} from '../program/enrolment';
import { feeSplitFor } from '../program/fee';
import type { Program } from '../program/schema';
import type { Sex } from '../identity';
import type { OfficerRole, OrgLevel } from './roles';
import { openQuotaBatch } from './quota';

export interface ApplicationPlan {
  route?: string;
  /** The batch (free quota) or the general window the application belongs to. */
  batchId: string;
  /** 'quota': the fee is covered by free places reserved per member; 'transfer': the unit pays. */
  funding: 'quota' | 'transfer';
  perMemberFen: number;
  feeLabel: string;
  feeLines: { payer: string; label: string; amountFen: number }[];
}

/** The quota rule a route reserves places from: first come, per unit and batch (Jinan 附件2). */
export const unitBatchQuota = (program: Program, route: string | undefined) =>
  program.quotas.find(
    (q) =>
      q.scope === 'per_unit_per_batch' &&
      q.allocation === 'first_come_first_served' &&
      (q.routes ? route !== undefined && q.routes.includes(route) : true),
  );

/**
 * What an application of `program` by `route` submitted today is: refused when the route is
 * unknown or nothing is open today.
 */
export function planApplication(
  program: Program,
  input: { route?: string; unitCategory?: string; today: IsoDate },
): ApplicationPlan {
  const { route, today } = input;
  if (program.routes.length > 0 && (route === undefined || !program.routes.some((r) => r.id === route)))
    throw new AppError(
      'ENROLL.ROUTE_REQUIRED',
      `请选择参保途径：${program.routes.map((r) => `${r.label}（${r.id}）`).join('、')}`,
      'payload.route',
    );
  const quota = unitBatchQuota(program, route);
  let batchId = 'window';
  if (quota) {
    const batch = openQuotaBatch(program, route ?? '', today);
    if (!batch.ok)
      throw new AppError(
        'ENROLL.WINDOW_CLOSED',
        batch.next
          ? `当前不在普惠受理时间内（${batch.next.label}：${batch.next.opens} 至 ${batch.next.closes}）`
          : undefined,
      );
    batchId = batch.batch.id;
  } else {
    const status = enrolmentStatus(program, today, route);
    if (!status.open) throw new AppError('ENROLL.WINDOW_CLOSED');
    batchId = status.window?.id ?? 'window';
  }
  const split = feeSplitFor(program, { route, unitCategory: input.unitCategory });
  return {
    route,
    batchId,
    funding: quota ? 'quota' : 'transfer',
    perMemberFen: quota ? 0 : split.totalFen,
    feeLabel: split.label,
    feeLines: split.lines.map((l) => ({ payer: l.payer, label: l.label, amountFen: l.amountFen })),
  };
}

/** The deterministic key of a unit's one application per program, route and batch. */
export const applicationKey = (
  programId: string,
  unitId: string,
  plan: Pick<ApplicationPlan, 'route' | 'batchId'>,
) => `${programId}|${unitId}|${plan.route ?? '-'}|${plan.batchId}`;

/**
 * Who reviews a unit's application (Jinan): the district union its units; the centre the units
 * under a bureau, a large enterprise or an industry union, or directly under the city.
 */
export function reviewerRolesFor(parentLevel: OrgLevel | undefined): OfficerRole[] {
  return parentLevel === 'district' ? ['district_reviewer'] : ['centre_reviewer'];
}

export interface MemberFacts {
  today: IsoDate;
  route?: string;
  birthDate?: IsoDate;
  sex?: Sex;
  hasUnionCard: boolean;
  existing: readonly ExistingEnrolment[];
  /** The member holds, or is in this unit's application for, the main program (for a rider). */
  withMain: boolean;
}

/**
 * May this member be submitted: the program's eligibility for a group member (the unit vouches
 * for membership and for being in service), a rider only with the main plan, not already covered.
 * "Probably retired" is a warning (flag), never a refusal.
 */
export function memberCheck(
  program: Program,
  facts: MemberFacts,
): { refusal: EligibilityIssue | null; flags: string[]; period: Period } {
  const main = program.groupRules.requiresProgramId;
  const result = checkEnrolmentEligibility(program, {
    today: facts.today,
    route: facts.route,
    birthDate: facts.birthDate,
    sex: facts.sex,
    isUnionMember: true,
    hasUnionCard: facts.hasUnionCard,
    hasBasicMedicalInsurance: true,
    existingEnrolments: facts.existing,
    enrollingWith: main && facts.withMain ? [main] : [],
  });
  // The window was checked for the application as a whole; a member is not refused for it.
  const issues = result.issues.filter((i) => i.code !== 'ENROLL.WINDOW_CLOSED');
  return {
    refusal: issues.find((i) => i.blocking) ?? null,
    flags: issues.filter((i) => !i.blocking).map((i) => i.code),
    period: coveragePeriodFor(program, facts.today),
  };
}

/** The group rules at submission: Jinan's ≥ 70% of union members on the unit-paid route. */
export function submissionCheck(
  program: Program,
  counts: { route?: string; unionMembers?: number; enrolling: number },
): EligibilityIssue | null {
  if (counts.enrolling <= 0)
    return { code: 'GROUP.NO_MEMBERS', message: '请先添加参保人员', blocking: true, field: 'members' };
  return checkGroupParticipation(program, counts);
}
