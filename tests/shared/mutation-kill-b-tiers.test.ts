/**
 * Wujin's tiered hospitalisation rule at the edges the mutation run found untested: which
 * adjustment a stay gets, the period check by discharge date, the lines with and without an
 * explanation, a rule compiled next to another, and a rule without a boundary or a fallback.
 */
import { calculate, calculateAmount, findBenefit, tierAmount, tierLabel } from '../../shared/benefits';
import { evaluateTiered } from '../../shared/benefits/tiers';
import type { CalcLine, CalcWarning, HospitalStay } from '../../shared/benefits';
import type { Exclusion, TieredAnnualRule } from '../../shared/program/schema';
import { yuan } from '../../shared/money';
import { aStay, hospitalFacts, programLike, wujin } from './builders';

const program = wujin();
const rule = findBenefit(program, 'hospitalisation').rule as TieredAnnualRule;
const wujinPeriod = { start: '2024-01-01', end: '2024-12-31' };
const noExclusion = () => undefined;
const fails = (code: string, field?: string) =>
  expect.objectContaining(field === undefined ? { code } : { code, field });

describe('which stay adjustment applies', () => {
  it('a work-injury stay (an adjustment for any settlement) counts nothing, with its reason', () => {
    const r = calculate(
      program,
      'hospitalisation',
      hospitalFacts([aStay({ selfPaidYuan: 20000, cause: 'work_injury', settlement: 'insurance' })]),
    );
    expect(r.amountFen).toBe(0);
    expect(r.lines[0]).toEqual({
      code: 'STAY_ADJUSTED',
      text: '第1次住院：因工伤住院，其住院自理费用不予补助，计入 ¥0.00',
      amountFen: 0,
    });
  });

  // A copy of Wujin whose first adjustments are for illness and accident alone: each cause
  // must find its own adjustment, not the settlement's fallback.
  const byCause = programLike('wujin-2024', (p) => {
    const b = p.benefits.find((x) => x.id === 'hospitalisation')!;
    const r = b.rule as { stayAdjustments: unknown[] };
    r.stayAdjustments.unshift(
      {
        id: 'illness_half',
        label: '疾病住院',
        when: { causes: ['illness'] },
        basis: 'self_paid',
        ratioBp: 5000,
      },
      {
        id: 'accident_quarter',
        label: '意外住院',
        when: { causes: ['accident'] },
        basis: 'self_paid',
        ratioBp: 2500,
      },
    );
  });

  it('an illness stay gets the illness adjustment', () => {
    // 50 % of 10000 yuan = 5000 yuan counted: the 5000–10000 tier, 1000 yuan (not 1500).
    const facts = hospitalFacts([aStay({ selfPaidYuan: 10000, cause: 'illness' })]);
    expect(calculate(byCause, 'hospitalisation', facts).amountFen).toBe(yuan(1000));
  });

  it('an accident stay gets the accident adjustment', () => {
    // 25 % of 20000 yuan = 5000 yuan counted: 1000 yuan (not 3000).
    const facts = hospitalFacts([aStay({ selfPaidYuan: 20000, cause: 'accident' })]);
    expect(calculate(byCause, 'hospitalisation', facts).amountFen).toBe(yuan(1000));
  });

  it('a stay counted in full is not put through the ratio arithmetic, however large', () => {
    // 10^12 fen × 10000 bp would overflow the integer ratio product; in full it is just the top tier.
    const facts = hospitalFacts([aStay({ selfPaidFen: 1e12 })]);
    expect(calculateAmount(program, 'hospitalisation', facts).amountFen).toBe(yuan(50000));
  });
});

describe('the period, by discharge date', () => {
  const sum = (stays: HospitalStay[]) => calculateAmount(program, 'hospitalisation', hospitalFacts(stays));

  it('a stay discharged on the first or the last day of the period counts', () => {
    expect(sum([aStay({ selfPaidYuan: 5000, dischargedOn: '2024-01-01' })]).amountFen).toBe(yuan(1000));
    expect(sum([aStay({ selfPaidYuan: 5000, dischargedOn: '2024-12-31' })]).amountFen).toBe(yuan(1000));
  });

  it('a stay discharged before or after the period does not count, and says so', () => {
    expect(sum([aStay({ selfPaidYuan: 5000, dischargedOn: '2023-12-31' })]).amountFen).toBe(0);
    expect(sum([aStay({ selfPaidYuan: 5000, dischargedOn: '2025-01-01' })]).amountFen).toBe(0);
    const r = calculate(
      program,
      'hospitalisation',
      hospitalFacts([aStay({ selfPaidYuan: 5000, dischargedOn: '2023-12-31' })]),
    );
    expect(r.lines[0]).toEqual({
      code: 'STAY_OUT_OF_PERIOD',
      text: '第1次住院（2023-12-31出院）：出院日期不在保障期（2024-01-01 至 2024-12-31）内，不计入',
      amountFen: 0,
    });
  });

  it('a stay with both dates outside the period is named in its line, also without lines', () => {
    const stay = aStay({ selfPaidYuan: 5000, admittedOn: '2023-12-01', dischargedOn: '2023-12-10' });
    expect(sum([stay]).amountFen).toBe(0);
    const r = calculate(program, 'hospitalisation', hospitalFacts([stay]));
    expect(r.lines[0]).toEqual({
      code: 'STAY_OUT_OF_PERIOD',
      text: '第1次住院（2023-12-10出院）：出院日期不在保障期（2024-01-01 至 2024-12-31）内，不计入',
      amountFen: 0,
    });
  });

  it('a stay crossing into the period is reported with its name', () => {
    const stay = aStay({ selfPaidYuan: 5000, admittedOn: '2023-12-25', dischargedOn: '2024-01-05' });
    const r = calculate(program, 'hospitalisation', hospitalFacts([stay]));
    expect(r.amountFen).toBe(yuan(1000));
    const w = r.warnings.find((x) => x.code === 'CLAIM.STAY_CROSSES_COVERAGE');
    expect(w?.text.startsWith('第1次住院（2024-01-05出院）（2023-12-25 入院')).toBe(true);
  });

  it('a stay shared by days is computed without lines too', () => {
    const split = programLike('wujin-2024', (p) => {
      p.coverage.boundaryStay!.rule = 'split_by_days';
    });
    // 10 days, 5 of them in 2024: half of 10000 yuan counts.
    const stay = aStay({ selfPaidYuan: 10000, admittedOn: '2023-12-27', dischargedOn: '2024-01-06' });
    expect(calculateAmount(split, 'hospitalisation', hospitalFacts([stay])).amountFen).toBe(yuan(1000));
    expect(calculate(split, 'hospitalisation', hospitalFacts([stay])).lines[0].code).toBe('STAY_SPLIT');
  });
});

describe('excluded stays', () => {
  const exclusion: Exclusion = program.exclusions.find((e) => e.appliesTo.includes('hospitalisation'))!;

  it('a stay with an excluded cause is left out, with a line, and without lines too', () => {
    const stays = [
      aStay({ selfPaidYuan: 5000 }),
      aStay({ selfPaidYuan: 5000, exclusionCodes: [exclusion.code] }),
    ];
    expect(calculateAmount(program, 'hospitalisation', hospitalFacts(stays)).amountFen).toBe(yuan(1000));
    const r = calculate(program, 'hospitalisation', hospitalFacts(stays));
    expect(r.amountFen).toBe(yuan(1000));
    expect(r.lines[1]).toEqual({
      code: 'STAY_EXCLUDED',
      text: `第2次住院：属除外责任“${exclusion.label}”，不计入`,
      amountFen: 0,
    });
  });

  it('the excluder is asked only about stays recording a cause, and may clear one', () => {
    const asked: number[] = [];
    const always = (_s: HospitalStay, i: number) => {
      asked.push(i);
      return exclusion;
    };
    const stays = [aStay({ selfPaidYuan: 5000 }), aStay({ selfPaidYuan: 5000, exclusionCodes: [] })];
    expect(evaluateTiered(rule, stays, wujinPeriod, always, null, [], program.coverage.boundaryStay)).toBe(
      yuan(1500),
    );
    expect(asked).toEqual([]);
    const recorded = [aStay({ selfPaidYuan: 5000, exclusionCodes: ['X'] })];
    expect(evaluateTiered(rule, recorded, wujinPeriod, noExclusion, null, [])).toBe(yuan(1000));
  });
});

describe('the tier line and the compiled rule', () => {
  it('the tier reached is named in the line', () => {
    const r = calculate(program, 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 100000 })]));
    expect(r.lines.at(-1)?.text).toBe(
      '保障期内累计个人自理金额 ¥100,000.00，属于“100000元（含）以上”档，补助 ¥50,000.00',
    );
    expect(tierLabel(rule, yuan(5000))).toBe('5000元（含）至10000元');
  });

  it('a second rule looked up after the first uses its own tiers', () => {
    const other: TieredAnnualRule = {
      ...rule,
      tiers: [{ minFen: yuan(1), amountFen: yuan(7) }],
    } as TieredAnnualRule;
    expect(tierAmount(rule, yuan(5000))).toBe(yuan(1000));
    expect(tierAmount(other, yuan(5000))).toBe(yuan(7));
    expect(tierAmount(rule, yuan(5000))).toBe(yuan(1000));
  });

  it('a rule evaluated without a boundary rule goes by the discharge date', () => {
    const lines: CalcLine[] = [];
    const warnings: CalcWarning[] = [];
    const stays = [aStay({ selfPaidYuan: 5000 }), aStay({ selfPaidYuan: 5000, dischargedOn: '2025-02-01' })];
    expect(evaluateTiered(rule, stays, wujinPeriod, noExclusion, lines, warnings)).toBe(yuan(1000));
    expect(lines[1].code).toBe('STAY_OUT_OF_PERIOD');
  });

  it('a rule with no adjustment for a stay is reported as bad program data', () => {
    const partial = {
      ...rule,
      stayAdjustments: rule.stayAdjustments.filter((a) => a.when.settlement === 'insurance'),
    } as TieredAnnualRule;
    const stays = [aStay({ settlement: 'none' })];
    expect(() => evaluateTiered(partial, stays, wujinPeriod, noExclusion, null, [])).toThrow(
      fails('PROGRAM.INVALID', 'rule.stayAdjustments'),
    );
    expect(() => evaluateTiered(partial, stays, wujinPeriod, noExclusion, null, [])).toThrow(
      '住院核算规则未覆盖该住院情形',
    );
  });
});
