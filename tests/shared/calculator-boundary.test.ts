/**
 * A hospital stay that crosses the coverage boundary is attributed by the rule the program
 * states (`coverage.boundaryStay`), and the reviewer is told (`CLAIM.STAY_CROSSES_COVERAGE`).
 */
import { calculate, shareByDays, type CalcWarning } from '../../shared/benefits';
import { yuan } from '../../shared/money';
import { getProgram, validateProgram } from '../../shared/program';
import { aStay, hospitalFacts, programLike, rawProgram, ratioFacts, wujin } from './builders';

const crossing = (r: { warnings: CalcWarning[] }) =>
  r.warnings.filter((w) => w.code === 'CLAIM.STAY_CROSSES_COVERAGE');

describe('each program states its rule with a reason', () => {
  it.each([
    ['wujin-2024', 'discharge_date'],
    ['guangdong-2018', 'discharge_date'],
    ['jinan-2025-critical-accident', 'admission_date'],
  ])('%s: %s, recorded as an assumption', (id, rule) => {
    const p = getProgram(id);
    expect(p.coverage.boundaryStay).toMatchObject({ rule, reason: expect.stringMatching(/\S{8,}/) });
    expect(p.assumptions.map((a) => a.path)).toContain('coverage.boundaryStay');
  });

  it('a program with a stay-based benefit must state it', () => {
    const raw = rawProgram('wujin-2024');
    delete (raw.coverage as { boundaryStay?: unknown }).boundaryStay;
    raw.assumptions = raw.assumptions!.filter((a) => a.path !== 'coverage.boundaryStay');
    const v = validateProgram(raw);
    expect(!v.ok && v.issues.map((i) => i.field)).toEqual(['coverage.boundaryStay']);
  });

  it('refuses an unknown rule', () => {
    const raw = rawProgram('wujin-2024');
    (raw.coverage as { boundaryStay: { rule: string } }).boundaryStay.rule = 'whichever_pays_more';
    const v = validateProgram(raw);
    expect(!v.ok && v.issues.map((i) => i.field)).toEqual(['coverage.boundaryStay.rule']);
  });
});

describe('by discharge date (Wujin)', () => {
  it('a stay admitted in December 2023 and discharged in 2024 counts in 2024, with a warning', () => {
    const r = calculate(
      wujin(),
      'hospitalisation',
      hospitalFacts([aStay({ admittedOn: '2023-12-20', dischargedOn: '2024-01-05', selfPaidYuan: 5000 })]),
    );
    expect(r.amountFen).toBe(yuan(1000));
    expect(crossing(r)).toHaveLength(1);
    expect(crossing(r)[0].blocking).toBeUndefined();
    expect(r.warnings.find((w) => w.code === 'CLAIM.STAY_CROSSES_COVERAGE')?.text).toContain(
      '按出院日期所在保障期归属，全部计入本保障期',
    );
  });

  it('a stay discharged in 2025 does not count in 2024, with a warning', () => {
    const r = calculate(
      wujin(),
      'hospitalisation',
      hospitalFacts([aStay({ admittedOn: '2024-12-25', dischargedOn: '2025-01-03', selfPaidYuan: 5000 })]),
    );
    expect(r.amountFen).toBe(0);
    expect(r.lines[0]).toMatchObject({
      code: 'STAY_OUT_OF_PERIOD',
      text: expect.stringContaining('出院日期'),
    });
    expect(crossing(r)[0].text).toContain('不计入本保障期');
  });

  it('a stay inside the year raises no warning', () => {
    const r = calculate(
      wujin(),
      'hospitalisation',
      hospitalFacts([aStay({ admittedOn: '2024-03-01', dischargedOn: '2024-03-09', selfPaidYuan: 5000 })]),
    );
    expect(r.amountFen).toBe(yuan(1000));
    expect(crossing(r)).toEqual([]);
  });

  it('refuses a discharge before the admission', () => {
    expect(() =>
      calculate(
        wujin(),
        'hospitalisation',
        hospitalFacts([aStay({ admittedOn: '2024-03-09', dischargedOn: '2024-03-01' })]),
      ),
    ).toThrow(expect.objectContaining({ code: 'CLAIM.INVALID_FACT', field: 'stays.0.dischargedOn' }));
  });
});

describe('by admission date (Jinan accident hospitalisation)', () => {
  const jn = () => getProgram('jinan-2025-critical-accident');
  const period = { start: '2025-03-01', end: '2026-02-28' };

  it('a stay admitted on the last day of the period counts in it, with a warning', () => {
    const r = calculate(
      jn(),
      'accident_hospitalisation',
      ratioFacts(
        [{ id: 'a', admittedOn: '2026-02-28', dischargedOn: '2026-03-10', basisFen: yuan(8000) }],
        period,
      ),
    );
    expect(r.lines[0]).toMatchObject({ code: 'ITEM', amountFen: yuan(8000) });
    expect(crossing(r)[0].text).toContain('按入院日期所在保障期归属');
  });

  it('a stay admitted before the period does not count in it, though discharged inside', () => {
    const r = calculate(
      jn(),
      'accident_hospitalisation',
      ratioFacts(
        [{ id: 'a', admittedOn: '2025-02-25', dischargedOn: '2025-03-03', basisFen: yuan(8000) }],
        period,
      ),
    );
    expect(r.lines[0]).toMatchObject({
      code: 'ITEM_OUT_OF_PERIOD',
      text: expect.stringContaining('入院日期'),
    });
    expect(crossing(r)).toHaveLength(1);
  });

  it('needs the admission date', () => {
    expect(() =>
      calculate(
        jn(),
        'accident_hospitalisation',
        ratioFacts([{ id: 'a', dischargedOn: '2025-06-03', basisFen: yuan(8000) }], period),
      ),
    ).toThrow(expect.objectContaining({ code: 'CLAIM.MISSING_FACT', field: 'items.0.admittedOn' }));
  });
});

describe('split by days (a program that chooses it)', () => {
  const split = () =>
    programLike('wujin-2024', (p) => {
      p.coverage = {
        ...p.coverage,
        boundaryStay: { rule: 'split_by_days', reason: '测试：按住院天数分摊' },
      } as typeof p.coverage;
    });
  const y2025 = { start: '2025-01-01', end: '2025-12-31' };
  // 2024-12-27 … 2025-01-06: 10 days (admission day counts, discharge day not), 5 in each year.
  const stay = () => aStay({ admittedOn: '2024-12-27', dischargedOn: '2025-01-06', selfPaidYuan: 20000 });

  it('counts each year its days’ share, and warns', () => {
    const s = stay();
    const in2024 = calculate(split(), 'hospitalisation', hospitalFacts([s]));
    const in2025 = calculate(split(), 'hospitalisation', hospitalFacts([s], { period: y2025 }));
    expect(in2024.lines[0]).toMatchObject({ code: 'STAY_SPLIT', amountFen: yuan(10000) });
    expect(in2024.lines[0].text).toContain('共 10 天，其中本保障期 5 天');
    expect(in2024.amountFen).toBe(yuan(1500)); // 10000 yuan: the [10000, 15000) tier
    expect(in2025.amountFen).toBe(yuan(1500));
    expect(crossing(in2024)[0].text).toContain('按 5/10 天计入本保障期');
  });

  it('the shares of the periods add up to the whole amount, to the fen', () => {
    for (const amount of [1, 2, 3, 7, 99, 100001, 123456789])
      for (let total = 1; total <= 12; total++)
        for (let cut = 1; cut < total; cut++) {
          const first = shareByDays(amount, { days: cut, totalDays: total, daysBefore: 0 });
          const second = shareByDays(amount, { days: total - cut, totalDays: total, daysBefore: cut });
          expect(first + second).toBe(amount);
        }
  });

  it('needs both dates', () => {
    expect(() =>
      calculate(split(), 'hospitalisation', hospitalFacts([aStay({ dischargedOn: '2024-05-01' })])),
    ).toThrow(expect.objectContaining({ code: 'CLAIM.MISSING_FACT', field: 'stays.0.admittedOn' }));
  });

  it('a stay wholly inside the period counts fully, without a split line', () => {
    const r = calculate(
      split(),
      'hospitalisation',
      hospitalFacts([aStay({ admittedOn: '2024-05-01', dischargedOn: '2024-05-08', selfPaidYuan: 5000 })]),
    );
    expect(r.lines.map((l) => l.code)).toEqual(['STAY_ADJUSTED', 'TIER']);
    expect(r.amountFen).toBe(yuan(1000));
  });
});
