import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { getSolarDateFromLunar, isWorkday as packageIsWorkday } from 'chinese-days';
import {
  addDays,
  addWorkingDays,
  addYears,
  chinaStartOfDay,
  chinaToday,
  createWorkingDayCalendar,
  daysBetween,
  describeDay,
  describeEstimate,
  estimatedHolidays,
  holidayName,
  isIsoDate,
  isoDateSchema,
  isWorkingDay,
  lunarToSolar,
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
    // Estimate: 12-28..12-31 (4), 2027-01-01 Fri is 元旦 (off), 01-04..01-08 (9), 01-11 (10).
    expect(r.date).toBe('2027-01-11');
    expect(describeEstimate(r)).toContain('2027');
    expect(describeEstimate(r)).toContain('估算');
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

describe('a year whose arrangement is not published (2030): the statutory rule, estimated', () => {
  // 2030: 除夕 02-02 (Sat), 初一 02-03 (Sun) … 初三 02-05; 清明 04-05; 端午 06-05; 中秋 09-12.
  it.each([
    ['2030-01-01', '元旦'],
    ['2030-02-02', '春节'], // 除夕, a statutory day since 2025
    ['2030-02-03', '春节'],
    ['2030-02-04', '春节'],
    ['2030-02-05', '春节'],
    ['2030-04-05', '清明节'],
    ['2030-05-01', '劳动节'],
    ['2030-05-02', '劳动节'],
    ['2030-06-05', '端午节'],
    ['2030-09-12', '中秋节'],
    ['2030-10-01', '国庆节'],
    ['2030-10-02', '国庆节'],
    ['2030-10-03', '国庆节'],
  ])('%s (%s) is a non-working day, flagged estimated', (date, name) => {
    expect(isWorkingDay(date)).toBe(false);
    expect(describeDay(date)).toEqual({ working: false, estimated: true, name });
  });

  it('gives back the 春节 days that fall on the weekend (补假) on the next weekdays', () => {
    expect(describeDay('2030-02-06')).toEqual({ working: false, estimated: true, name: '春节补假' });
    expect(describeDay('2030-02-07')).toEqual({ working: false, estimated: true, name: '春节补假' });
    expect(describeDay('2030-02-08')).toEqual({ working: true, estimated: true });
    expect(estimatedHolidays(2030)).toHaveLength(15); // 13 statutory days + 2 补假
  });

  it('an ordinary weekday works, a weekend does not, both estimated', () => {
    expect(describeDay('2030-10-08')).toEqual({ working: true, estimated: true });
    expect(describeDay('2030-10-05')).toEqual({ working: false, estimated: true });
    expect(describeDay('2024-10-08')).toEqual({ working: true, estimated: false });
    expect(describeDay('2024-10-01')).toMatchObject({ working: false, estimated: false, name: '国庆节' });
  });

  it('addWorkingDays across 国庆 2030 skips 1–3 October and is flagged', () => {
    // 09-27 Fri → 09-30 Mon (1), 10-01..03 off, 10-04 Fri (2), 10-07 (3), 10-08 (4), 10-09 (5).
    expect(addWorkingDays('2030-09-27', 5)).toEqual({
      date: '2030-10-09',
      estimated: true,
      missingYears: [2030],
    });
  });

  it('computes the lunar dates (春节, 端午, 中秋) with the package tables, as its own converter does', () => {
    expect([lunarToSolar(2030, 1, 1), lunarToSolar(2030, 5, 5), lunarToSolar(2030, 8, 15)]).toEqual([
      '2030-02-03',
      '2030-06-05',
      '2030-09-12',
    ]);
    // Leap months (2023 had a leap 2nd month; 2025 a leap 6th): the regular month comes first.
    expect(lunarToSolar(2023, 5, 5)).toBe('2023-06-22');
    expect(lunarToSolar(2025, 8, 15)).toBe('2025-10-06');
    let differences = 0;
    for (let y = 1901; y <= 2099; y++)
      for (const [m, d] of [
        [1, 1],
        [5, 5],
        [8, 15],
      ])
        if (lunarToSolar(y, m, d) !== getSolarDateFromLunar(new Date(y, m - 1, d)).date) differences++;
    expect(differences).toBe(0);
  });

  it('gets 清明 right whatever the host time zone', () => {
    // jest cannot change the time zone of its own process: ask fresh processes.
    const script = `import('./shared/calendar.ts').then((x) => {
      const m = x.default ?? x;
      console.log(JSON.stringify([2030, 2031].map((y) => m.estimatedHolidays(y).find((h) => h.name === '清明节').date)));
    })`;
    for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai']) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      expect([zone, out.stderr, JSON.parse(out.stdout)]).toEqual([zone, '', ['2030-04-05', '2031-04-05']]);
    }
  });

  it('gives a holiday on another holiday a day back (中秋 on 国庆, as in 2028)', () => {
    // 2028: 中秋 = 10-03 (Tue), 国庆 10-01 (Sun) … 10-03: two days owed, 10-04 and 10-05.
    const oct = estimatedHolidays(2028).filter((h) => h.date.startsWith('2028-10'));
    expect(oct.map((h) => [h.date, h.substitute === true])).toEqual([
      ['2028-10-01', false],
      ['2028-10-02', false],
      ['2028-10-03', false],
      ['2028-10-04', true],
      ['2028-10-05', true],
    ]);
  });

  it('checked against the published years under the same rule (2025, 2026): only official days off, the same count of working days', () => {
    const official = createWorkingDayCalendar();
    for (const year of [2025, 2026]) {
      const estimate = estimatedHolidays(year);
      for (const h of estimate)
        if (!h.substitute) expect([h.date, official.isWorkingDay(h.date)]).toEqual([h.date, false]);
      const off = new Set(estimate.map((h) => h.date));
      let byEstimate = 0;
      let byOfficial = 0;
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (wd >= 1 && wd <= 5 && !off.has(d)) byEstimate++;
        if (official.isWorkingDay(d)) byOfficial++;
      }
      expect([year, byEstimate]).toEqual([year, byOfficial]);
    }
  });

  it('an officer-loaded arrangement replaces the estimate', () => {
    const cal = createWorkingDayCalendar([
      { year: 2030, holidays: ['2030-10-01'], makeUpWorkdays: [], source: '测试用安排' },
    ]);
    expect(cal.describeDay('2030-10-02')).toEqual({ working: true, estimated: false });
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
