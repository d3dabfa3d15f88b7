/**
 * Enrolment rules of a program: is the window open, which coverage period an enrolment
 * gets, and may this worker enrol (coded refusals and warnings, fit for the API's
 * `issues`). "Probably retired" is a warning for the unit officer, never a refusal.
 */
import { addDays, chinaToday, isIsoDate, sameDayNextYear, type IsoDate } from '../calendar';
import { formatRetirementAge, statutoryRetirement, type RetirementCategory, type Sex } from '../identity';
import { formatRatio } from '../money';
import type { Program } from './schema';

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

export interface EnrolmentWindow {
  id: string;
  label: string;
  opens: IsoDate;
  closes: IsoDate;
}

/** Accepts an instant (Date / epoch ms) or an already China-local 'YYYY-MM-DD'. */
export type Today = IsoDate | Date | number;

export function toToday(now: Today): IsoDate {
  return typeof now === 'string' && isIsoDate(now) ? now : chinaToday(now as Date | number);
}

/** The windows that apply to a route (batches tied to a route replace the general window). */
export function enrolmentWindows(program: Program, route?: string): EnrolmentWindow[] {
  const { window, batches } = program.enrolment;
  const routeHasBatches = route !== undefined && batches.some((b) => b.routes?.includes(route));
  const list: EnrolmentWindow[] = [];
  if (window && !routeHasBatches)
    list.push({ id: 'window', label: '参保时间', opens: window.opens, closes: window.closes });
  for (const b of batches)
    if (route === undefined ? true : !b.routes || b.routes.includes(route))
      list.push({ id: b.id, label: b.label, opens: b.opens, closes: b.closes });
  return list.sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0));
}

export interface EnrolmentStatus {
  open: boolean;
  /** The open window, else the next one, else the last one that closed. */
  window: EnrolmentWindow | null;
}

export function enrolmentStatus(program: Program, now: Today, route?: string): EnrolmentStatus {
  const today = toToday(now);
  const windows = enrolmentWindows(program, route);
  const open = windows.find((w) => w.opens <= today && today <= w.closes);
  if (open) return { open: true, window: open };
  const next = windows.find((w) => w.opens > today);
  return { open: false, window: next ?? windows[windows.length - 1] ?? null };
}

/** Whether a worker can enrol today (both window dates inclusive, China time). */
export function isEnrolmentOpen(program: Program, now: Today, route?: string): boolean {
  return enrolmentStatus(program, now, route).open;
}

/** The coverage an enrolment effective on `effectiveDate` gets: fixed, or one year from it. */
export function coveragePeriodFor(program: Program, effectiveDate: IsoDate): Period {
  if (program.coverage.kind === 'fixed') return { start: program.coverage.start, end: program.coverage.end };
  return { start: effectiveDate, end: addDays(sameDayNextYear(effectiveDate), -1) };
}

export interface EligibilityIssue {
  /** Stable code, e.g. `ENROLL.WINDOW_CLOSED`. */
  code: string;
  /** Chinese, fit to show. */
  message: string;
  /** true = refusal; false = warning for the unit officer. */
  blocking: boolean;
  field?: string;
}

export interface ExistingEnrolment {
  programId: string;
  series?: string;
  period: Period;
  status?: 'pending_payment' | 'active' | 'cancelled';
}

export interface EnrolmentFacts {
  today: Today;
  /** When the coverage starts for one-year programs (default: today). */
  effectiveDate?: IsoDate;
  route?: string;
  activeWorker?: boolean;
  /** The unit says the worker is retired. */
  retired?: boolean;
  birthDate?: IsoDate;
  sex?: Sex;
  retirementCategory?: RetirementCategory;
  hasUnionCard?: boolean;
  isUnionMember?: boolean;
  hasBasicMedicalInsurance?: boolean;
  unitInRegion?: boolean;
  existingEnrolments?: readonly ExistingEnrolment[];
  /** Other programs enrolled in the same submission (a rider with its main plan). */
  enrollingWith?: readonly string[];
}

export interface EligibilityResult {
  ok: boolean;
  issues: EligibilityIssue[];
  period: Period;
}

const overlaps = (a: Period, b: Period): boolean => a.start <= b.end && b.start <= a.end;

type Refuse = (code: string, message: string, field?: string) => void;
type Warn = (code: string, message: string) => void;

/** One requirement of the notice against the worker's facts: refusals and warnings. */
function checkRequirement(
  req: Program['eligibility']['requirements'][number],
  facts: EnrolmentFacts,
  period: Period,
  refuse: Refuse,
  warn: Warn,
): void {
  switch (req.code) {
    case 'ACTIVE_WORKER':
      if (facts.activeWorker === false)
        refuse('ENROLL.NOT_ACTIVE_WORKER', `参加对象须为${req.label}`, 'activeWorker');
      break;
    case 'NOT_RETIRED':
      if (facts.retired === true) refuse('ENROLL.RETIRED', '已退休职工不能参加在职职工互助保障', 'retired');
      else if (facts.birthDate && facts.sex) {
        const r = statutoryRetirement(facts.birthDate, facts.sex, facts.retirementCategory ?? 'unknown');
        if (r.date <= period.start) {
          warn(
            'ENROLL.PROBABLY_RETIRED',
            `按身份证出生日期，该职工已于 ${r.date} 达到法定退休年龄（${formatRetirementAge(r.age)}），请单位核实是否已办理退休`,
          );
        }
      }
      break;
    case 'UNION_CARD':
      if (facts.hasUnionCard !== true) refuse('ENROLL.UNION_CARD_REQUIRED', `须${req.label}`, 'hasUnionCard');
      break;
    case 'UNION_MEMBER':
      if (facts.isUnionMember !== true)
        refuse('ENROLL.UNION_MEMBER_REQUIRED', `须为${req.label}`, 'isUnionMember');
      break;
    case 'BASIC_MEDICAL_INSURANCE':
      if (facts.hasBasicMedicalInsurance !== true)
        refuse('ENROLL.BASIC_MEDICAL_INSURANCE_REQUIRED', `须${req.label}`, 'hasBasicMedicalInsurance');
      break;
    case 'UNIT_IN_REGION':
      if (facts.unitInRegion === false)
        refuse('ENROLL.UNIT_NOT_IN_REGION', `参加对象须为${req.label}`, 'unitInRegion');
      break;
    case 'FEMALE':
      if (facts.sex === 'male') refuse('ENROLL.FEMALE_ONLY', `本项目参加对象为${req.label}`, 'sex');
      break;
  }
}

export function checkEnrolmentEligibility(program: Program, facts: EnrolmentFacts): EligibilityResult {
  const today = toToday(facts.today);
  const issues: EligibilityIssue[] = [];
  const refuse = (code: string, message: string, field?: string) =>
    issues.push(field ? { code, message, blocking: true, field } : { code, message, blocking: true });
  const warn = (code: string, message: string) => issues.push({ code, message, blocking: false });

  const status = enrolmentStatus(program, today, facts.route);
  if (!status.open) {
    const w = status.window;
    const when = w ? `${w.label}为 ${w.opens} 至 ${w.closes}` : '未规定参保时间';
    refuse('ENROLL.WINDOW_CLOSED', w && w.opens > today ? `尚未开始参保，${when}` : `参保时间已过，${when}`);
  }

  const period = coveragePeriodFor(program, facts.effectiveDate ?? today);

  for (const req of program.eligibility.requirements) checkRequirement(req, facts, period, refuse, warn);

  const live = (facts.existingEnrolments ?? []).filter((e) => e.status !== 'cancelled');
  if (
    program.enrolment.oncePerCoverage &&
    live.some(
      (e) => (e.programId === program.id || e.series === program.series) && overlaps(e.period, period),
    )
  ) {
    refuse('ENROLL.ALREADY_ENROLLED', `已参加${program.shortName}（保障期内不可再次提交）`);
  }

  const main = program.groupRules.requiresProgramId;
  if (main) {
    const hasMain =
      live.some((e) => e.programId === main && overlaps(e.period, period)) ||
      (facts.enrollingWith ?? []).includes(main);
    if (!hasMain) refuse('ENROLL.RIDER_REQUIRES_MAIN', '附加险须与主险同时参加或已参加主险（主险带副险）');
  }

  return { ok: !issues.some((i) => i.blocking), issues, period };
}

export interface GroupCounts {
  /**
   * The enrolment route the unit joins by (e.g. Jinan's `unit_paid` / `puhui`); rules scoped
   * to a route bind only that route. Required when the program scopes a rule to a route.
   */
  route?: string;
  /** The unit's union members (会员): the denominator of `of: 'union_members'`. */
  unionMembers?: number;
  /** How many of them enrol. */
  enrolling: number;
}

/**
 * A unit joining as a group must enrol at least the share its route's rule sets of the
 * rule's denominator. Returns the first rule broken, or null.
 */
export function checkGroupParticipation(program: Program, counts: GroupCounts): EligibilityIssue | null {
  const rules = program.groupRules.participation;
  if (counts.route === undefined && rules.some((r) => r.route !== undefined)) {
    // Guessing the route would either refuse a free 普惠 unit or wave a unit-paid one through.
    return {
      code: 'ENROLL.ROUTE_REQUIRED',
      message: `请选择参保途径：${program.routes.map((r) => r.label).join('、')}`,
      blocking: true,
      field: 'route',
    };
  }
  if (counts.route !== undefined && !program.routes.some((r) => r.id === counts.route)) {
    return {
      code: 'ENROLL.ROUTE_REQUIRED',
      message: program.routes.length
        ? `本项目没有该参保途径：${counts.route}（可选：${program.routes.map((r) => r.label).join('、')}）`
        : `本项目不区分参保途径：${counts.route}`,
      blocking: true,
      field: 'route',
    };
  }
  for (const rule of rules) {
    if (rule.route !== undefined && rule.route !== counts.route) continue;
    const members = counts.unionMembers; // the only denominator so far (rule.of: 'union_members')
    if (members === undefined || members <= 0)
      return {
        code: 'ENROLL.GROUP_MEMBERS_UNKNOWN',
        message: '请填写单位工会会员人数',
        blocking: true,
        field: 'unionMembers',
      };
    // enrolling / members >= minBp / 10000, in integers.
    if (counts.enrolling * 10000 >= rule.minBp * members) continue;
    const needed = Math.ceil((rule.minBp * members) / 10000);
    const route = program.routes.find((r) => r.id === rule.route);
    return {
      code: 'ENROLL.GROUP_PARTICIPATION_LOW',
      message: `${route ? `${route.label}方式：` : ''}单位参保人数须不少于工会会员的 ${formatRatio(rule.minBp)}（${rule.label}）：会员 ${members} 人，至少需 ${needed} 人，当前 ${counts.enrolling} 人`,
      blocking: true,
      field: 'enrolling',
    };
  }
  return null;
}
