/**
 * Dates in China time and working days.
 *
 * China has kept UTC+8 without daylight saving since 1991, so China time is a fixed offset:
 * no Intl time-zone database is needed (the mini-program's JS engine may lack one).
 * Calendar dates travel as 'YYYY-MM-DD' strings and are computed with dayjs in UTC mode, so
 * the device or server time zone never shifts a date.
 *
 * Working days come from the data of `chinese-days` (statutory holidays and make-up workdays,
 * 调休), read directly so no host time zone is involved. The
 * State Council publishes each year's arrangement late in the year before, so the package
 * lags: a year it does not know is counted as weekends-only, the result is flagged as an
 * estimate and the missing years are reported. Officers can load the official arrangement
 * of a year as data (`HolidayArrangement`), which then replaces the package for that year.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
// The package's published data file, not its date API: the API mixes UTC parsing with
// local-time weekdays and returns wrong days in time zones west of UTC.
import holidayData from 'chinese-days/dist/chinese-days.json';
import { z } from 'zod';
import { AppError } from './errors';

dayjs.extend(utc);

/** A calendar date in China, 'YYYY-MM-DD'. */
export type IsoDate = string;

export const CHINA_UTC_OFFSET_MINUTES = 480;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/**
 * The one date schema: a real calendar date 'YYYY-MM-DD' (China time). The format alone is
 * not enough: `2024-13-01` and `2024-02-30` have the shape of a date but name no day, and a
 * deadline or coverage period computed from them would be silently wrong.
 */
export const isoDateSchema = z
  .string('日期格式应为 YYYY-MM-DD')
  // abort: a malformed string gets the format message only, not also "invalid date".
  .regex(ISO_DATE, { message: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine(isIsoDate, { message: '日期无效：该日期不存在' });

function assertIsoDate(value: string, field = 'date'): void {
  if (!isIsoDate(value)) throw new AppError('CALENDAR.INVALID_DATE', `日期格式不正确：${value}`, field);
}

/** The China calendar date of an instant (default: now). */
export function chinaToday(now: Date | number = Date.now()): IsoDate {
  return dayjs(now).utcOffset(CHINA_UTC_OFFSET_MINUTES).format('YYYY-MM-DD');
}

/** The China calendar date of an instant given as Date, epoch ms or an ISO timestamp. */
export function toChinaDate(instant: Date | number | string): IsoDate {
  const d = dayjs(instant);
  if (!d.isValid()) throw new AppError('CALENDAR.INVALID_DATE', `时间格式不正确：${String(instant)}`);
  return d.utcOffset(CHINA_UTC_OFFSET_MINUTES).format('YYYY-MM-DD');
}

/** The instant at which a China calendar date starts (00:00 UTC+8). */
export function chinaStartOfDay(date: IsoDate): Date {
  assertIsoDate(date);
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertIsoDate(date);
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  assertIsoDate(date);
  return dayjs.utc(date).add(months, 'month').format('YYYY-MM-DD');
}

/** Adds whole years; 29 February moves to 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  assertIsoDate(date);
  return dayjs.utc(date).add(years, 'year').format('YYYY-MM-DD');
}

/**
 * The same month and day one year later; 29 February goes to 1 March, so that
 * "one year from the effective date" ends the day before it.
 */
export function sameDayNextYear(date: IsoDate): IsoDate {
  assertIsoDate(date);
  const next = `${yearOf(date) + 1}${date.slice(4)}`;
  return isIsoDate(next) ? next : `${yearOf(date) + 1}-03-01`;
}

/** Days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  assertIsoDate(a);
  assertIsoDate(b);
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** ISO dates compare correctly as strings; these names make call sites read. */
export const isBefore = (a: IsoDate, b: IsoDate): boolean => a < b;
export const isOnOrBefore = (a: IsoDate, b: IsoDate): boolean => a <= b;
export const isWithin = (date: IsoDate, start: IsoDate, end: IsoDate): boolean =>
  start <= date && date <= end;

function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The official arrangement of one year, loadable by an officer when it is published. */
export const holidayArrangementSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** Statutory days off that fall on weekdays or weekends (放假日期). */
    holidays: z.array(isoDateSchema),
    /** Weekend days that are working days (调休上班). */
    makeUpWorkdays: z.array(isoDateSchema),
    /** Where the arrangement comes from, e.g. 国办发明电〔2026〕X号. */
    source: z.string().min(1),
  })
  .superRefine((value, ctx) => {
    const prefix = `${value.year}-`;
    value.holidays.forEach((d, i) => {
      if (!d.startsWith(prefix))
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `日期 ${d} 不在 ${value.year} 年` });
    });
    value.makeUpWorkdays.forEach((d, i) => {
      if (!d.startsWith(prefix))
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', i],
          message: `日期 ${d} 不在 ${value.year} 年`,
        });
      if (value.holidays.includes(d))
        ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays', i], message: `日期 ${d} 不能既放假又上班` });
    });
  });
export type HolidayArrangement = z.infer<typeof holidayArrangementSchema>;

export interface WorkingDayResult {
  /** The deadline date. */
  date: IsoDate;
  /** True when a year without official data was counted as weekends-only. */
  estimated: boolean;
  /** Years counted without official data, ascending. */
  missingYears: number[];
}

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** Whether official holiday data exists for the year (package or loaded arrangement). */
  hasOfficialData(year: number): boolean;
  /** The n-th working day after `date` (the start date itself never counts). */
  addWorkingDays(date: IsoDate, workingDays: number): WorkingDayResult;
}

const packageData = holidayData as unknown as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

/** Years the package has statutory data for: those with at least one listed holiday. */
const packageYears = new Set<number>(Object.keys(packageData.holidays).map((d) => Number(d.slice(0, 4))));

function packageCoversYear(year: number): boolean {
  return packageYears.has(year);
}

/** Name of a statutory holiday or make-up day from the package data, e.g. "国庆节". */
export function holidayName(date: IsoDate): string | undefined {
  const entry = packageData.holidays[date] ?? packageData.workdays[date];
  return entry ? entry.split(',')[1] : undefined;
}

export function createWorkingDayCalendar(
  arrangements: readonly HolidayArrangement[] = [],
): WorkingDayCalendar {
  const loaded = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();
  arrangements.forEach((raw, index) => {
    const parsed = holidayArrangementSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = [`arrangements`, index, ...issue.path].join('.');
      throw new AppError(
        'CALENDAR.INVALID_ARRANGEMENT',
        `节假日安排数据有误（${field}）：${issue.message}`,
        field,
      );
    }
    loaded.set(parsed.data.year, {
      holidays: new Set(parsed.data.holidays),
      workdays: new Set(parsed.data.makeUpWorkdays),
    });
  });

  const hasOfficialData = (year: number): boolean => loaded.has(year) || packageCoversYear(year);

  const isWorkingDay = (date: IsoDate): boolean => {
    assertIsoDate(date);
    const own = loaded.get(yearOf(date));
    if (own) {
      if (own.workdays.has(date)) return true;
      if (own.holidays.has(date)) return false;
      const wd = weekday(date);
      return wd >= 1 && wd <= 5;
    }
    if (packageCoversYear(yearOf(date))) {
      if (packageData.workdays[date] !== undefined) return true;
      if (packageData.holidays[date] !== undefined) return false;
    }
    const wd = weekday(date);
    return wd >= 1 && wd <= 5;
  };

  const addWorkingDaysImpl = (date: IsoDate, workingDays: number): WorkingDayResult => {
    assertIsoDate(date);
    if (!Number.isInteger(workingDays) || workingDays < 0) {
      throw new AppError('CALENDAR.INVALID_COUNT', `工作日天数必须是非负整数：${workingDays}`);
    }
    const missing = new Set<number>();
    let cursor = date;
    let counted = 0;
    while (counted < workingDays) {
      cursor = addDays(cursor, 1);
      const year = yearOf(cursor);
      if (!hasOfficialData(year)) missing.add(year);
      if (isWorkingDay(cursor)) counted++;
    }
    const missingYears = [...missing].sort((a, b) => a - b);
    return { date: cursor, estimated: missingYears.length > 0, missingYears };
  };

  return { isWorkingDay, hasOfficialData, addWorkingDays: addWorkingDaysImpl };
}

const defaultCalendar = createWorkingDayCalendar();

/**
 * The n-th working day after `date`, e.g. the payout deadline `addWorkingDays(approvedOn, 10)`.
 * Pass loaded arrangements (or a calendar built from them) for years the package lacks.
 */
export function addWorkingDays(
  date: IsoDate,
  workingDays: number,
  calendar: WorkingDayCalendar | readonly HolidayArrangement[] = defaultCalendar,
): WorkingDayResult {
  const cal = Array.isArray(calendar) ? createWorkingDayCalendar(calendar) : (calendar as WorkingDayCalendar);
  return cal.addWorkingDays(date, workingDays);
}

export function isWorkingDay(date: IsoDate, calendar: WorkingDayCalendar = defaultCalendar): boolean {
  return calendar.isWorkingDay(date);
}

/** Chinese note for an estimated deadline, fit to show an officer. */
export function describeEstimate(result: WorkingDayResult): string | undefined {
  if (!result.estimated) return undefined;
  return `${result.missingYears.join('、')} 年的法定节假日安排尚未载入，截止日期 ${result.date} 按仅扣除周末估算，请在国务院公布安排后载入并复核。`;
}
