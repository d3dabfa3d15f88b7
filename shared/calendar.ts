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
 * lags: a year it does not know is estimated from the statutory rule (`estimatedHolidays`:
 * the 13 days of 《全国年节及纪念日放假办法》 in force since 2025, lunar dates from the
 * package's lunar tables, plus the 补假 the rule gives for holidays falling on a weekend), the
 * result is flagged as an estimate and the missing years are reported. Officers can load the
 * official arrangement of a year as data (`HolidayArrangement`), which then replaces the
 * package and the estimate for that year.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
// The package's published data file, not its date API: the API mixes UTC parsing with
// local-time weekdays and returns wrong days in time zones west of UTC.
import holidayData from 'chinese-days/dist/chinese-days.json';
// Only its lunar tables (month lengths, leap months) and the solar-term formula: pure numbers.
import { getSolarTermDate, getYearLeapMonth, monthDays } from 'chinese-days';
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
  /** True when a year without official data was counted by the statutory-rule estimate. */
  estimated: boolean;
  /** Years counted without official data, ascending. */
  missingYears: number[];
}

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** Working or not, estimated or not, and the holiday's name. */
  describeDay(date: IsoDate): DayInfo;
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

// ---- the estimate for a year without official data ----------------------------------------

/** Lunar dates convert for lunar years 1901–2099 (the package's table spans 1900–2100). */
const LUNAR_MIN_YEAR = 1901;
const LUNAR_MAX_YEAR = 2099;
/** 正月初一 of lunar 1900 was 1900-01-31. */
const LUNAR_EPOCH_MS = Date.UTC(1900, 0, 31);
const lunarYearStartOffsets: number[] = [0];

function isoFromMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function lunarYearLength(year: number): number {
  let days = getYearLeapMonth(year).days;
  for (let m = 1; m <= 12; m++) days += monthDays(year, m);
  return days;
}

/**
 * The solar date of a lunar date (non-leap month), computed in UTC from the package's lunar
 * tables; the package's own converter reads the host's local time, which this module avoids.
 */
export function lunarToSolar(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR)
    throw new AppError('CALENDAR.INVALID_DATE', `农历年份超出可换算范围：${year}`);
  for (let y = lunarYearStartOffsets.length - 1; y < year - 1900; y++)
    lunarYearStartOffsets.push(lunarYearStartOffsets[y] + lunarYearLength(1900 + y));
  let offset = lunarYearStartOffsets[year - 1900];
  const leap = getYearLeapMonth(year);
  for (let m = 1; m < month; m++) {
    offset += monthDays(year, m);
    // A leap month follows the month of the same number.
    if (m === leap.leapMonth) offset += leap.days;
  }
  return isoFromMs(LUNAR_EPOCH_MS + (offset + day - 1) * DAY_MS);
}

/** 清明 (the solar term) of a year. */
function qingming(year: number): IsoDate {
  const d = getSolarTermDate(year, 4, 'pure_brightness');
  // The package formats the UTC midnight it computed in local time: west of UTC that is the
  // day before, so add the day back (getTimezoneOffset is positive west of UTC).
  return new Date(Date.UTC(year, 3, 5)).getTimezoneOffset() > 0 ? addDays(d, 1) : d;
}

export interface EstimatedHoliday {
  date: IsoDate;
  name: string;
  /** A weekday off given back for a holiday that fell on a weekend or on another holiday. */
  substitute?: true;
}

/**
 * The statutory days off of a year by the rule in force since 2025-01-01 (国务院令第797号
 * 修订《全国年节及纪念日放假办法》): 元旦 1 Jan; 春节 4 days, 除夕 to 正月初三; 清明 (the solar
 * term); 劳动节 1–2 May; 端午 (五月初五); 中秋 (八月十五); 国庆 1–3 Oct — 13 days. A holiday
 * on a Saturday or Sunday is given back on a working day (第六条：适逢星期六、星期日，应当在
 * 工作日补假); so is one on a day that is already a holiday (中秋 on 国庆). The 补假 goes to the
 * first free weekday after the holiday, where the State Council usually puts it. Not
 * estimated: the make-up working weekends (调休) that move days to make a long break — they
 * move days without changing how many are off, so over a deadline that spans a holiday the
 * count is right and the date within the break may differ. For 2025 and 2026 this gives
 * the same number of working days as the official arrangement (a test checks it).
 */
export function estimatedHolidays(year: number): EstimatedHoliday[] {
  const y = String(year).padStart(4, '0');
  const blocks: { name: string; dates: IsoDate[] }[] = [{ name: '元旦', dates: [`${y}-01-01`] }];
  if (year >= LUNAR_MIN_YEAR && year <= LUNAR_MAX_YEAR) {
    const newYear = lunarToSolar(year, 1, 1);
    blocks.push(
      { name: '春节', dates: [addDays(newYear, -1), newYear, addDays(newYear, 1), addDays(newYear, 2)] },
      { name: '清明节', dates: [qingming(year)] },
      { name: '端午节', dates: [lunarToSolar(year, 5, 5)] },
      { name: '中秋节', dates: [lunarToSolar(year, 8, 15)] },
    );
  }
  blocks.push(
    { name: '劳动节', dates: [`${y}-05-01`, `${y}-05-02`] },
    { name: '国庆节', dates: [`${y}-10-01`, `${y}-10-02`, `${y}-10-03`] },
  );
  const instances = blocks
    .flatMap((b) => b.dates.map((date) => ({ date, name: b.name, blockEnd: b.dates[b.dates.length - 1] })))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const off = new Map<IsoDate, EstimatedHoliday>();
  for (const i of instances) if (!off.has(i.date)) off.set(i.date, { date: i.date, name: i.name });
  const seen = new Set<IsoDate>();
  for (const i of instances) {
    const wd = weekday(i.date);
    const owed = wd === 0 || wd === 6 || seen.has(i.date);
    seen.add(i.date);
    if (!owed) continue;
    let d = i.blockEnd;
    do d = addDays(d, 1);
    while (off.has(d) || weekday(d) === 0 || weekday(d) === 6);
    off.set(d, { date: d, name: `${i.name}补假`, substitute: true });
  }
  return [...off.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const estimateCache = new Map<number, Map<IsoDate, EstimatedHoliday>>();

function estimatedOff(year: number): Map<IsoDate, EstimatedHoliday> {
  let m = estimateCache.get(year);
  if (!m) {
    // Every day of a year's estimate lies in that year: 除夕 is never before 20 January.
    m = new Map(estimatedHolidays(year).map((h) => [h.date, h]));
    estimateCache.set(year, m);
  }
  return m;
}

/** What a day is, and whether that is known or estimated. */
export interface DayInfo {
  working: boolean;
  /** True when the year has no official data and the estimate decided. */
  estimated: boolean;
  /** The holiday (or 补假 / make-up day) name, when there is one. */
  name?: string;
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

  const describeDay = (date: IsoDate): DayInfo => {
    assertIsoDate(date);
    const wd = weekday(date);
    const weekdayWorks = wd >= 1 && wd <= 5;
    const year = yearOf(date);
    const own = loaded.get(year);
    if (own) {
      if (own.workdays.has(date)) return { working: true, estimated: false };
      if (own.holidays.has(date)) return { working: false, estimated: false };
      return { working: weekdayWorks, estimated: false };
    }
    if (packageCoversYear(year)) {
      const name = holidayName(date);
      if (packageData.workdays[date] !== undefined) return { working: true, estimated: false, name };
      if (packageData.holidays[date] !== undefined) return { working: false, estimated: false, name };
      return { working: weekdayWorks, estimated: false };
    }
    const holiday = estimatedOff(year).get(date);
    if (holiday) return { working: false, estimated: true, name: holiday.name };
    return { working: weekdayWorks, estimated: true };
  };

  const isWorkingDay = (date: IsoDate): boolean => describeDay(date).working;

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

  return { isWorkingDay, describeDay, hasOfficialData, addWorkingDays: addWorkingDaysImpl };
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

/** Whether a day works, whether that is estimated (a year not yet published), and its name. */
export function describeDay(date: IsoDate, calendar: WorkingDayCalendar = defaultCalendar): DayInfo {
  return calendar.describeDay(date);
}

/** Chinese note for an estimated deadline, fit to show an officer. */
export function describeEstimate(result: WorkingDayResult): string | undefined {
  if (!result.estimated) return undefined;
  return `${result.missingYears.join('、')} 年的法定节假日安排尚未公布或载入，截止日期 ${result.date} 按放假办法估算（扣除周末、法定节假日及其补假，未计调休上班日），请在国务院公布安排后载入并复核。`;
}
