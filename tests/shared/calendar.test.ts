import { isWorkday as packageIsWorkday } from 'chinese-days';
import {
  addDays,
  addWorkingDays,
  addYears,
  chinaStartOfDay,
  chinaToday,
  createWorkingDayCalendar,
  daysBetween,
  describeEstimate,
  holidayName,
  isIsoDate,
  isoDateSchema,
  isWorkingDay,
  toChinaDate,
  type HolidayArrangement,
} from '../../shared/calendar';

describe('China time', () => {
  it('dates instants in UTC+8 whatever the host time zone', () => {
    // 2024-09-30 16:30 UTC is already 1 October in China.
    expect(chinaToday(Date.UTC(2024, 8, 30, 16, 30))).toBe('2024-10-01');
    expect(chinaToday(Date.UTC(2024, 8, 30, 15, 59))).toBe('2024-09-30');
    expect(toChinaDate('2024-12-31T16:00:00Z')).toBe('2025-01-01');
    expect(chinaStartOfDay('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });

  it('validates and moves calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-9')).toBe(false);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});

describe('the date schema', () => {
  const messages = (v: unknown) => {
    const r = isoDateSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('accepts real dates, including 29 February of a leap year', () => {
    expect(isoDateSchema.parse('2024-02-29')).toBe('2024-02-29');
    expect(isoDateSchema.parse('2030-12-31')).toBe('2030-12-31');
  });

  it.each(['2024-13-01', '2024-02-30', '2023-02-29', '2024-04-31', '2024-00-10', '2024-01-00'])(
    'refuses the impossible date %s with 日期无效',
    (d) => {
      expect(messages(d)).toEqual(['日期无效：该日期不存在']);
    },
  );

  it.each(['2024-2-9', '20240209', '2024-02-09T00:00:00Z', ''])('refuses the malformed %p once', (d) => {
    expect(messages(d)).toEqual(['日期格式应为 YYYY-MM-DD']);
  });

  it('refuses a non-string in Chinese', () => {
    expect(messages(20240209)).toEqual(['日期格式应为 YYYY-MM-DD']);
  });
});

describe('working days', () => {
  it('skips National Day and counts the make-up Sunday (10 working days after 2024-09-27 is 2024-10-16)', () => {
    expect(addWorkingDays('2024-09-27', 10)).toEqual({
      date: '2024-10-16',
      estimated: false,
      missingYears: [],
    });
    expect(isWorkingDay('2024-09-29')).toBe(true); // Sunday, make-up workday
    expect(isWorkingDay('2024-10-07')).toBe(false); // Monday, holiday
    expect(isWorkingDay('2024-10-12')).toBe(true); // Saturday, make-up workday
  });

  it('skips the Spring Festival (10 working days after 2025-01-24 is 2025-02-13)', () => {
    expect(addWorkingDays('2025-01-24', 10)).toEqual({
      date: '2025-02-13',
      estimated: false,
      missingYears: [],
    });
  });

  it('never counts the start day and handles zero', () => {
    expect(addWorkingDays('2024-10-08', 1).date).toBe('2024-10-09');
    expect(addWorkingDays('2024-10-08', 0).date).toBe('2024-10-08');
    expect(() => addWorkingDays('2024-10-08', -1)).toThrow(
      expect.objectContaining({ code: 'CALENDAR.INVALID_COUNT' }),
    );
  });

  it('flags a deadline in a year without official data as an estimate and reports the year', () => {
    const r = addWorkingDays('2026-12-25', 10);
    expect(r.estimated).toBe(true);
    expect(r.missingYears).toEqual([2027]);
    // Weekends-only estimate: 12-28..12-31 (4), 2027-01-01 Fri (5), 01-04..01-08 (10).
    expect(r.date).toBe('2027-01-08');
    expect(describeEstimate(r)).toContain('2027');
    expect(describeEstimate(addWorkingDays('2026-12-01', 5))).toBeUndefined();
  });

  it('uses an officer-loaded arrangement for a year the package lacks', () => {
    const y2027: HolidayArrangement = {
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      makeUpWorkdays: [],
      source: '测试用安排',
    };
    const cal = createWorkingDayCalendar([y2027]);
    expect(cal.hasOfficialData(2027)).toBe(true);
    const r = addWorkingDays('2026-12-25', 10, cal);
    expect(r).toEqual({ date: '2027-01-11', estimated: false, missingYears: [] });
    expect(addWorkingDays('2026-12-25', 10, [y2027]).date).toBe('2027-01-11');
  });

  it('refuses a malformed arrangement naming the field', () => {
    expect(() =>
      createWorkingDayCalendar([{ year: 2027, holidays: ['2028-01-01'], makeUpWorkdays: [], source: 'x' }]),
    ).toThrow(
      expect.objectContaining({ code: 'CALENDAR.INVALID_ARRANGEMENT', field: 'arrangements.0.holidays.0' }),
    );
  });
});

describe('agreement with the chinese-days package', () => {
  // The package's own date API is only right where local time is UTC or east of it.
  const packageTrustworthy = new Date(2024, 0, 1).getTimezoneOffset() <= 0;

  (packageTrustworthy ? it : it.skip)('classifies every day of 2004–2026 as the package does', () => {
    let differences = 0;
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addDays(d, 1))
      if (isWorkingDay(d) !== packageIsWorkday(d)) differences++;
    expect(differences).toBe(0);
  });

  it('names holidays and make-up days', () => {
    expect(holidayName('2024-10-01')).toBe('国庆节');
    expect(holidayName('2024-09-29')).toBe('国庆节');
    expect(holidayName('2024-10-09')).toBeUndefined();
  });
});
