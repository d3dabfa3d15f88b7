/**
 * What one program offers one worker today: the pure rules the offer list, the detail page and
 * the enrol action share. The handler loads the documents and passes plain facts in.
 */
import type { DeclarationCode, Offer } from '../api/enrollment';
import type { EnrollmentStatus } from '../lifecycle';
import { AppError, isErrorCode } from '../errors';
import { checkEnrolmentEligibility, coveragePeriodFor, type Period } from '../program/enrolment';
import { feeSplitFor } from '../program/fee';
import type { Program } from '../program/schema';
import type { IsoDate } from '../calendar';
import type { Sex } from '../identity';

export interface Region {
  province: string;
  city?: string;
  district?: string;
}

/** Requirements the worker states by ticking a box (the unit keeps the proof). */
export const DECLARABLE: Readonly<Record<string, DeclarationCode>> = {
  UNION_MEMBER: 'UNION_MEMBER',
  BASIC_MEDICAL_INSURANCE: 'BASIC_MEDICAL_INSURANCE',
};

/**
 * A unit is in a program's region when it matches at every level the program names: a
 * province-wide program takes any unit of that province, a district one only that district's.
 * A unit whose region is not recorded is not in any region (it cannot be shown to be).
 */
export function unitInRegion(programRegion: Region, unitRegion: Region | undefined): boolean {
  if (!unitRegion) return false;
  return (
    programRegion.province === unitRegion.province &&
    (programRegion.city === undefined || programRegion.city === unitRegion.city) &&
    (programRegion.district === undefined || programRegion.district === unitRegion.district)
  );
}

/** A program is offered to a unit when it is published for the unit or an org above it. */
export function isOfferedTo(
  offeredTo: readonly string[],
  unit: { id: string; ancestors: readonly string[] },
): boolean {
  const scope = new Set([unit.id, ...unit.ancestors]);
  return offeredTo.some((id) => scope.has(id));
}

/** Who covers the fee when the worker's share is 0, as the certificate says it (区总工会补助、…). */
export function fundedBy(feeLines: readonly { label: string; amountFen: number }[]): string {
  return feeLines
    .filter((l) => l.amountFen > 0)
    .map((l) => l.label)
    .join('、');
}

export interface MyEnrolment {
  id: string;
  programId: string;
  series: string;
  coverage: Period;
  status: EnrollmentStatus;
}

export interface OfferFacts {
  today: IsoDate;
  person: { birthDate?: IsoDate; sex?: Sex };
  hasUnionCard: boolean;
  unit: { category?: string; region?: Region };
  /** The worker's enrolments (any program). */
  mine: readonly MyEnrolment[];
  /** The id this worker's enrolment in `program` for a coverage period has (derived server-side). */
  enrollmentIdFor: (coverageStart: IsoDate) => string;
  /** What the worker declared; without it (the offer list) declarable requirements are listed, not refused. */
  declared?: readonly DeclarationCode[];
}

export function assessOffer(program: Program, facts: OfferFacts): Offer {
  const declarations = program.eligibility.requirements
    .filter((r) => DECLARABLE[r.code])
    .map((r) => ({ code: DECLARABLE[r.code]!, label: r.label }));
  const holds = (code: DeclarationCode) => (facts.declared ? facts.declared.includes(code) : true);
  const coverage = coveragePeriodFor(program, facts.today);
  const enrollmentId = facts.enrollmentIdFor(coverage.start);
  const existing = facts.mine.find((e) => e.id === enrollmentId && e.status !== 'cancelled');
  const eligibility = checkEnrolmentEligibility(program, {
    today: facts.today,
    birthDate: facts.person.birthDate,
    sex: facts.person.sex,
    hasUnionCard: facts.hasUnionCard,
    isUnionMember: holds('UNION_MEMBER'),
    hasBasicMedicalInsurance: holds('BASIC_MEDICAL_INSURANCE'),
    unitInRegion: unitInRegion(program.region, facts.unit.region),
    // The enrolment being paid for is this offer itself, not a second one.
    existingEnrolments: facts.mine
      .filter((e) => e.id !== enrollmentId)
      .map((e) => ({ programId: e.programId, series: e.series, period: e.coverage, status: e.status })),
  });
  const issues = eligibility.issues.map((i) => ({ code: i.code, message: i.message, blocking: i.blocking }));
  let split: ReturnType<typeof feeSplitFor> | undefined;
  try {
    split = feeSplitFor(program, { unitCategory: facts.unit.category, groups: [] });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    issues.push({ code: err.code, message: err.message, blocking: true });
  }
  const previous = facts.mine.find(
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
    enrollmentId: existing?.id,
    enrollmentStatus: existing?.status,
    renewableFrom: !existing && previous ? previous.id : undefined,
  };
}

/** The first blocking issue of an offer, as the error the enrol action refuses with. */
export function refusalOf(offer: Offer): AppError | null {
  const blocking = offer.issues.find((i) => i.blocking);
  if (!blocking) return null;
  return new AppError(isErrorCode(blocking.code) ? blocking.code : 'COMMON.BAD_REQUEST', blocking.message);
}
