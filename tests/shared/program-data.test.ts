import { z } from 'zod';
import {
  deriveProgramForYear,
  feeSplitFor,
  getProgram,
  noticeText,
  programInputs,
  programs,
  programSchema,
  resolvePath,
  validateProgram,
  parseProgram,
} from '../../shared/program';
import { luoheFeeDerivation } from '../../shared/program/data/henan-2025';
import { yuan } from '../../shared/money';
import { rawProgram } from './builders';

describe('seed programs as data', () => {
  it('holds every seed region with a stable id', () => {
    expect(programs.map((p) => p.id)).toEqual([
      'wujin-2024',
      'jinan-2025-critical-accident',
      'jinan-2025-women-special',
      'guangdong-2018',
      'henan-puyang-2025',
      'henan-zhengzhou-2025',
      'henan-luohe-2025',
      'shaanxi-2021-main',
      'shaanxi-2021-rider',
    ]);
    expect(new Set(programs.map((p) => p.source.seed)).size).toBe(5);
  });

  it('parses without zod JIT (as in the mini-program, where eval is unavailable)', () => {
    z.config({ jitless: true });
    try {
      for (const input of programInputs) expect(programSchema.safeParse(input).success).toBe(true);
    } finally {
      z.config({ jitless: false });
    }
  });

  it('every fee schedule in the seeds sums to its fee', () => {
    for (const p of programs) {
      for (const s of p.fee.schedules) {
        expect({ id: p.id, schedule: s.id, sum: s.lines.reduce((t, l) => t + l.amountFen, 0) }).toEqual({
          id: p.id,
          schedule: s.id,
          sum: p.fee.perShareFen,
        });
      }
    }
  });

  it('every recorded assumption points at a field that exists, with a reason', () => {
    for (const p of programs) {
      for (const a of p.assumptions) {
        expect(resolvePath(p, a.path)).not.toBeUndefined();
        expect(a.reason.length).toBeGreaterThan(10);
      }
    }
    // The values the seeds omit are marked, not silently invented.
    const marked = (id: string) => getProgram(id).assumptions.map((a) => a.path);
    expect(marked('jinan-2025-critical-accident')).toContain('benefits.0.rule.categories');
    expect(marked('guangdong-2018')).toContain('benefits.0.rule.capPerCoverageFen');
    expect(marked('henan-zhengzhou-2025')).toContain('fee.perShareFen');
  });

  it('each program carries a versioned notice and a coverage summary', () => {
    for (const p of programs) {
      expect(p.notice.version).toMatch(/\S/);
      expect(noticeText(p)).toContain(p.notice.paragraphs[0]);
      expect(p.coverageSummary.length).toBeGreaterThan(0);
    }
    expect(noticeText(getProgram('wujin-2024'))).toContain('个人缴费 20 元，区总工会补助 80 元');
  });
});

describe('fee splits', () => {
  it('Wujin: 100 = worker 20 + district union 80', () => {
    expect(feeSplitFor(getProgram('wujin-2024'))).toMatchObject({
      totalFen: 10000,
      workerFen: 2000,
      lines: [
        { payer: 'worker', amountFen: 2000 },
        { payer: 'county_union', amountFen: 8000 },
      ],
    });
  });

  it('Guangdong: 95 = 75 + 20; hardship and model workers pay nothing', () => {
    const gd = getProgram('guangdong-2018');
    expect(feeSplitFor(gd)).toMatchObject({ totalFen: 9500, workerFen: 2000 });
    expect(feeSplitFor(gd, { groups: ['hardship'] })).toMatchObject({
      workerFen: 0,
      lines: [{ payer: 'province_union', amountFen: 9500 }],
    });
    expect(feeSplitFor(gd, { groups: ['model_worker'] }).workerFen).toBe(0);
  });

  it('Puyang: 80 = 30 + 50 for city units and 10 + 50 + 20 for county units', () => {
    const py = getProgram('henan-puyang-2025');
    expect(feeSplitFor(py, { unitCategory: 'city_unit' }).lines.map((l) => [l.payer, l.amountFen])).toEqual([
      ['city_union', 3000],
      ['grassroots_union', 5000],
    ]);
    expect(feeSplitFor(py, { unitCategory: 'county_unit' }).lines.map((l) => [l.payer, l.amountFen])).toEqual(
      [
        ['county_union', 1000],
        ['grassroots_union', 5000],
        ['city_union', 2000],
      ],
    );
    expect(() => feeSplitFor(py)).toThrow(
      expect.objectContaining({ code: 'ENROLL.FEE_SCHEDULE_NOT_FOUND', field: 'unitCategory' }),
    );
  });

  it("Zhengzhou's 30-yuan unit subsidy and Jinan's free and unit-paid 20-yuan shares", () => {
    expect(feeSplitFor(getProgram('henan-zhengzhou-2025')).lines[0]).toMatchObject({
      payer: 'city_union',
      amountFen: 3000,
    });
    const jn = getProgram('jinan-2025-critical-accident');
    expect(feeSplitFor(jn, { route: 'puhui' })).toMatchObject({
      totalFen: 2000,
      workerFen: 0,
      lines: [{ payer: 'city_union', amountFen: 2000 }],
    });
    expect(feeSplitFor(jn, { route: 'unit_paid' }).scheduleId).toBe('unit_paid');
  });
});

describe('Luohe (Henan seed): 80 yuan a member, derived from the totals', () => {
  it('413,920 yuan ÷ 5,174 members = 80 yuan, exactly', () => {
    expect(luoheFeeDerivation).toMatchObject({ feesCollectedFen: yuan(413920), members: 5174 });
    expect(luoheFeeDerivation.feesCollectedFen % luoheFeeDerivation.members).toBe(0);
    expect(luoheFeeDerivation.feesCollectedFen / luoheFeeDerivation.members).toBe(yuan(80));
  });

  it('parses, with the fee and the derivation recorded', () => {
    const raw = programInputs.find((p) => p.id === 'henan-luohe-2025');
    expect(validateProgram(raw)).toMatchObject({ ok: true });
    const p = getProgram('henan-luohe-2025');
    expect(p).toMatchObject({
      region: { province: '河南省', city: '漯河市' },
      fee: { perShareFen: 8000, unit: 'head' },
    });
    expect(feeSplitFor(p)).toMatchObject({
      totalFen: 8000,
      lines: [{ payer: 'grassroots_union', amountFen: 8000 }],
    });
    const fee = p.assumptions.find((a) => a.path === 'fee.perShareFen');
    expect(fee?.reason).toContain('413,920 元 ÷ 5,174 人 = 80 元');
    // The material gives no benefit terms: none are invented.
    expect(p.benefits).toEqual([]);
    expect(p.assumptions.map((a) => a.path)).toEqual(
      expect.arrayContaining(['benefits', 'fee.schedules.0.lines.0']),
    );
  });
});

describe('validation names the field', () => {
  it('refuses a fee split that does not sum to the fee', () => {
    const raw = rawProgram('wujin-2024');
    raw.fee.schedules[0].lines[1].amountFen = 7000;
    const v = validateProgram(raw);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.issues[0]).toMatchObject({ field: 'fee.schedules.0.lines' });
    expect(() => parseProgram(raw)).toThrow(
      expect.objectContaining({ code: 'PROGRAM.INVALID', field: 'fee.schedules.0.lines' }),
    );
  });

  it.each([
    [
      'tiers out of order',
      (r: ReturnType<typeof rawProgram>) =>
        ((r.benefits[0].rule as { tiers: { minFen: number }[] }).tiers[2].minFen = 100),
      'benefits.0.rule.tiers.2.minFen',
    ],
    [
      'a bad date',
      (r: ReturnType<typeof rawProgram>) =>
        (r.enrolment.window = { opens: '2023-02-30', closes: '2023-12-31' }),
      'enrolment.window.opens',
    ],
    [
      'an unknown group',
      (r: ReturnType<typeof rawProgram>) => (r.fee.schedules[0].when = { groups: ['nobody'] }),
      'fee.schedules.0.when.groups.0',
    ],
    [
      'an exclusion for no benefit',
      (r: ReturnType<typeof rawProgram>) => (r.exclusions![0].appliesTo = ['dental']),
      'exclusions.0.appliesTo.0',
    ],
    [
      'a missing grade',
      (r: ReturnType<typeof rawProgram>) =>
        ((r.benefits[2].rule as { rows: { grades: number[] }[] }).rows[4].grades = [9]),
      'benefits.2.rule.rows',
    ],
    ['a negative amount', (r: ReturnType<typeof rawProgram>) => (r.fee.perShareFen = -1), 'fee.perShareFen'],
    [
      'an assumption about nothing',
      (r: ReturnType<typeof rawProgram>) => r.assumptions!.push({ path: 'benefits.9.rule', reason: 'x' }),
      `assumptions.${rawProgram('wujin-2024').assumptions!.length}.path`,
    ],
  ])('refuses %s', (_what, breakIt, field) => {
    const raw = rawProgram('wujin-2024');
    breakIt(raw);
    const v = validateProgram(raw);
    expect(!v.ok && v.issues.map((i) => i.field)).toContain(field);
  });
});

describe('unknown fields are refused, never silently dropped', () => {
  type Raw = ReturnType<typeof rawProgram> & Record<string, unknown>;
  const benefit = (r: Raw, i: number) => r.benefits[i] as unknown as Record<string, unknown>;
  const tiers = (r: Raw) => (r.benefits[0].rule as unknown as { tiers: Record<string, unknown>[] }).tiers;

  it.each([
    ['at top level', (r: Raw) => (r.ageLimit = 60), 'ageLimit'],
    ['in a benefit', (r: Raw) => (benefit(r, 0).waitingDays = 90), 'benefits.0.waitingDays'],
    ['in a tier', (r: Raw) => (tiers(r)[1].deductibleFen = 10000), 'benefits.0.rule.tiers.1.deductibleFen'],
    [
      'in a rule',
      (r: Raw) => ((r.benefits[1].rule as unknown as Record<string, unknown>).maxAge = 55),
      'benefits.1.rule.maxAge',
    ],
    [
      'in the coverage',
      (r: Raw) => ((r.coverage as Record<string, unknown>).graceDays = 30),
      'coverage.graceDays',
    ],
    [
      'in a fee line',
      (r: Raw) => ((r.fee.schedules[0].lines[0] as Record<string, unknown>).deductible = 1),
      'fee.schedules.0.lines.0.deductible',
    ],
  ])('%s, naming the key', (_where, addKey, field) => {
    const raw = rawProgram('wujin-2024') as Raw;
    addKey(raw);
    const v = validateProgram(raw);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.issues).toEqual([{ field, message: expect.stringContaining('未知字段') }]);
    expect(() => parseProgram(raw)).toThrow(
      expect.objectContaining({ code: 'PROGRAM.INVALID', field, message: expect.stringContaining(field) }),
    );
  });

  it('names every unknown key of one object', () => {
    const raw = rawProgram('wujin-2024') as Raw;
    Object.assign(benefit(raw, 0), { waitingDays: 90, deductibleFen: 1 });
    const v = validateProgram(raw);
    expect(!v.ok && v.issues.map((i) => i.field)).toEqual([
      'benefits.0.waitingDays',
      'benefits.0.deductibleFen',
    ]);
  });

  it('a parsed program parses again (defaults add only known keys)', () => {
    for (const p of programs) expect(validateProgram(JSON.parse(JSON.stringify(p))).ok).toBe(true);
  });
});

describe('demo derivation', () => {
  it('shifts window, coverage and texts and labels the copy', () => {
    const p = deriveProgramForYear(getProgram('wujin-2024'), 2027);
    expect(p.id).toBe('wujin-2027-demo');
    expect(p.series).toBe('wujin-medical-mutual-aid');
    expect(p.enrolment.window).toEqual({ opens: '2026-10-07', closes: '2026-12-31' });
    expect(p.coverage).toMatchObject({ kind: 'fixed', start: '2027-01-01', end: '2027-12-31' });
    // The boundary rule travels with the copy.
    expect(p.coverage.boundaryStay).toEqual(getProgram('wujin-2024').coverage.boundaryStay);
    expect(p.name).toContain('2027');
    expect(p.name).toContain('演示');
    expect(p.notice.paragraphs.join('')).toContain('2027 年 1 月 1 日至 2027 年 12 月 31 日');
    expect(p.notice.version).not.toBe(getProgram('wujin-2024').notice.version);
    expect(p.derivation).toMatchObject({
      kind: 'demo_year_shift',
      fromProgramId: 'wujin-2024',
      yearShift: 3,
    });
  });

  it('shifts quarterly batches with their ids', () => {
    const p = deriveProgramForYear(getProgram('jinan-2025-critical-accident'), 2027);
    expect(p.enrolment.batches.map((b) => [b.id, b.opens])).toEqual([
      ['2027q1', '2027-01-01'],
      ['2027q2', '2027-04-01'],
      ['2027q3', '2027-07-01'],
      ['2027q4', '2027-10-01'],
    ]);
    expect(p.coverage).toMatchObject({
      kind: 'one_year_from_effective',
      boundaryStay: { rule: 'admission_date' },
    });
  });
});
