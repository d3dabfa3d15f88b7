/**
 * The calculator at its bounds, with the seeds' own numbers: Wujin's tiers at each lower bound,
 * its grade table and critical-illness grants, Guangdong's 80 % with a cap, and the facts the
 * calculator refuses (each with the field to correct).
 */
import {
  calculate,
  calculateAmount,
  claimPeriod,
  compileTierLookup,
  findBenefit,
  tierAmount,
  tierIndex,
  tierLabel,
} from '../../shared/benefits';
import type { GradeTableRule, TieredAnnualRule } from '../../shared/program/schema';
import { yuan } from '../../shared/money';
import {
  aStay,
  guangdong,
  hospitalFacts,
  illnessFacts,
  injuryFacts,
  paid,
  programLike,
  ratioFacts,
  wujin,
} from './builders';

const program = wujin();
const rule = findBenefit(program, 'hospitalisation').rule as TieredAnnualRule;
const fails = (c: string, field?: string) =>
  expect.objectContaining(field === undefined ? { code: c } : { code: c, field });

describe('Wujin hospitalisation tiers (lower bound inclusive)', () => {
  // [self-paid sum in yuan, tier index, subsidy in yuan]
  const bounds: [number, number, number][] = [
    [0, -1, 0],
    [999.99, -1, 0],
    [1000, 0, 500],
    [4999.99, 0, 500],
    [5000, 1, 1000],
    [10000, 2, 1500],
    [15000, 3, 2000],
    [20000, 4, 3000],
    [30000, 5, 5000],
    [40000, 6, 10000],
    [50000, 7, 20000],
    [99999.99, 7, 20000],
    [100000, 8, 50000],
    [1000000, 8, 50000],
  ];

  it.each(bounds)('a year of %d yuan self-paid is tier %d and pays %d yuan', (sum, index, pays) => {
    const lookup = compileTierLookup(rule);
    expect(tierIndex(rule, yuan(sum))).toBe(index);
    expect(tierAmount(rule, yuan(sum))).toBe(yuan(pays));
    expect(lookup(yuan(sum))).toBe(yuan(pays));
    const facts = hospitalFacts([aStay({ selfPaidYuan: sum })]);
    expect(calculate(program, 'hospitalisation', facts).amountFen).toBe(yuan(pays));
    expect(calculateAmount(program, 'hospitalisation', facts).amountFen).toBe(yuan(pays));
  });

  it('names the tier a sum falls in, or that it is below the first', () => {
    expect(tierLabel(rule, yuan(999.99))).toBe('不足1000元');
    expect(tierLabel(rule, yuan(1000))).toBe('1000元（含）至5000元');
    expect(tierLabel(rule, yuan(100000))).toBe('100000元（含）以上');
  });

  it('explains a sum below the first tier as not subsidised, and a tier reached with its amount', () => {
    const below = calculate(program, 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 999.99 })]));
    expect(below.lines.at(-1)).toEqual({
      code: 'TIER',
      text: '保障期内累计个人自理金额 ¥999.99，不足1000元，不予补助',
      amountFen: 0,
    });
    const reached = calculate(program, 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 5000 })]));
    expect(reached.lines.at(-1)).toEqual({
      code: 'TIER',
      text: '保障期内累计个人自理金额 ¥5,000.00，属于“5000元（含）至10000元”档，补助 ¥1,000.00',
      amountFen: yuan(1000),
    });
  });

  it('refuses a settlement or a cause it does not know, naming the stay', () => {
    const bad = (over: object) =>
      calculate(program, 'hospitalisation', hospitalFacts([aStay(), aStay(over as never)]));
    expect(() => bad({ settlement: 'cash' })).toThrow(fails('CLAIM.INVALID_FACT', 'stays.1.settlement'));
    expect(() => bad({ cause: 'war' })).toThrow(fails('CLAIM.INVALID_FACT', 'stays.1.cause'));
    expect(() => bad({ selfPaidFen: -1 })).toThrow(fails('CLAIM.INVALID_AMOUNT', 'stays.1.selfPaidFen'));
    expect(() => bad({ selfPaidFen: 0.5 })).toThrow(fails('CLAIM.INVALID_AMOUNT', 'stays.1.selfPaidFen'));
  });

  it('a stay without a cause is an illness; a traffic accident settled by insurance counts in full', () => {
    const noCause = aStay({ selfPaidYuan: 5000 });
    delete noCause.cause;
    expect(calculate(program, 'hospitalisation', hospitalFacts([noCause])).amountFen).toBe(yuan(1000));
    const traffic = aStay({ selfPaidYuan: 5000, cause: 'traffic_accident', settlement: 'insurance' });
    expect(calculate(program, 'hospitalisation', hospitalFacts([traffic])).amountFen).toBe(yuan(1000));
    const accident = aStay({ selfPaidYuan: 2000, cause: 'accident', settlement: 'none' });
    // Not settled through insurance: 34 % of 2000 yuan counts, 680 yuan, below the first tier.
    expect(calculate(program, 'hospitalisation', hospitalFacts([accident])).amountFen).toBe(0);
    expect(
      calculate(program, 'hospitalisation', hospitalFacts([{ ...accident, settlement: 'insurance' }]))
        .amountFen,
    ).toBe(yuan(500));
  });
});

describe('Wujin work injury by grade', () => {
  it.each([
    [1, 5000],
    [2, 5000],
    [3, 3000],
    [6, 2000],
    [7, 500],
    [10, 300],
  ])('grade %d pays %d yuan', (grade, pays) => {
    expect(calculate(program, 'work_injury', injuryFacts(grade)).amountFen).toBe(yuan(pays));
  });

  it('a death pays the row that includes it (5000 yuan)', () => {
    const r = calculate(program, 'work_injury', injuryFacts('death'));
    expect(r.amountFen).toBe(yuan(5000));
    expect(r.lines).toEqual([
      { code: 'GRADE', text: '工亡，属“工伤1-2级（含工亡）”，补助 ¥5,000.00', amountFen: 500000 },
    ]);
  });

  it('needs a grade unless it is a death, and a grade the table has', () => {
    expect(() => calculate(program, 'work_injury', { kind: 'grade_table', incidentId: 'i' })).toThrow(
      fails('CLAIM.MISSING_FACT', 'grade'),
    );
    expect(() => calculate(program, 'work_injury', injuryFacts(11))).toThrow(
      fails('CLAIM.INVALID_GRADE', 'grade'),
    );
    expect(() => calculate(program, 'work_injury', injuryFacts(0))).toThrow(
      fails('CLAIM.INVALID_GRADE', 'grade'),
    );
  });

  it('a death is never paid from a row without death (data the schema would refuse)', () => {
    const injury = findBenefit(program, 'work_injury');
    const r = injury.rule as GradeTableRule;
    const noDeath = {
      ...injury,
      rule: { ...r, rows: r.rows.map((row) => ({ ...row, includesDeath: false })) },
    };
    expect(() => calculate(program, noDeath, injuryFacts('death'))).toThrow(fails('CLAIM.INVALID_GRADE'));
  });

  it('pays nothing while a condition of the rule is not confirmed', () => {
    const conditional = programLike('wujin-2024', (p) => {
      const injury = p.benefits.find((b) => b.id === 'work_injury')!.rule as { conditions?: object[] };
      injury.conditions = [{ id: 'appraised', label: '已作劳动能力鉴定' }];
    });
    const r = calculate(conditional, 'work_injury', injuryFacts(3));
    expect(r.amountFen).toBe(0);
    expect(r.lines).toEqual([expect.objectContaining({ code: 'CONDITION_UNMET', amountFen: 0 })]);
    const met = {
      kind: 'grade_table' as const,
      incidentId: 'incident-1',
      grade: 3,
      conditionsMet: ['appraised'],
    };
    expect(calculate(conditional, 'work_injury', met).amountFen).toBe(yuan(3000));
  });
});

describe('Wujin critical illness grants', () => {
  it('pays on a diagnosis on the first or the last day of the coverage, not a day outside', () => {
    for (const diagnosedOn of ['2024-01-01', '2024-12-31'])
      expect(calculate(program, 'critical_illness', illnessFacts('listed', { diagnosedOn })).amountFen).toBe(
        yuan(5000),
      );
    for (const diagnosedOn of ['2023-12-31', '2025-01-01']) {
      const r = calculate(program, 'critical_illness', illnessFacts('in_situ', { diagnosedOn }));
      expect(r.amountFen).toBe(0);
      expect(r.lines).toEqual([expect.objectContaining({ code: 'OUT_OF_PERIOD', amountFen: 0 })]);
    }
    expect(calculate(program, 'critical_illness', illnessFacts('in_situ')).amountFen).toBe(yuan(1000));
  });

  it('refuses a category the program does not list', () => {
    expect(() => calculate(program, 'critical_illness', illnessFacts('other' as 'listed'))).toThrow(
      fails('CLAIM.UNKNOWN_CATEGORY', 'category'),
    );
  });

  it('pays nothing without each condition confirmed', () => {
    const r = calculate(
      program,
      'critical_illness',
      illnessFacts('listed', { conditionsMet: ['first_diagnosis'] }),
    );
    expect(r.amountFen).toBe(0);
    expect(r.lines.map((l) => l.code)).toEqual(['CONDITION_UNMET']);
  });
});

describe('Guangdong 80 % with a cap', () => {
  const capped = programLike(
    'guangdong-2018',
    (p) => ((p.benefits[0]!.rule as { capPerCoverageFen: number | null }).capPerCoverageFen = yuan(800)),
  );

  it('pays exactly the cap when 80 % reaches it, without a cap line', () => {
    const r = calculate(capped, 'hospital_second', ratioFacts([{ id: 'a', basisFen: yuan(1000) }]));
    expect(r.amountFen).toBe(yuan(800));
    expect(r.lines.map((l) => l.code)).toEqual(['ITEM', 'RATIO']);
    const over = calculate(capped, 'hospital_second', ratioFacts([{ id: 'a', basisFen: yuan(1000.02) }]));
    expect(over.amountFen).toBe(yuan(800));
    expect(over.lines.at(-1)).toMatchObject({ code: 'CAP', amountFen: yuan(800) });
  });

  it('counts an item once however often it is listed, and sums the rest', () => {
    const r = calculate(
      guangdong(),
      'hospital_second',
      ratioFacts([
        { id: 'a', basisFen: yuan(100) },
        { id: 'a', basisFen: yuan(100) },
        { id: 'b', basisFen: yuan(50) },
      ]),
    );
    expect(r.amountFen).toBe(yuan(120));
    expect(r.lines.map((l) => [l.code, l.amountFen])).toEqual([
      ['ITEM', yuan(100)],
      ['ITEM_DUPLICATE', 0],
      ['ITEM', yuan(50)],
      ['RATIO', yuan(120)],
    ]);
  });

  it('refuses an amount that is not a non-negative whole fen, naming the item', () => {
    for (const basisFen of [-1, 0.5])
      expect(() =>
        calculate(
          guangdong(),
          'hospital_second',
          ratioFacts([
            { id: 'a', basisFen: 1 },
            { id: 'b', basisFen },
          ]),
        ),
      ).toThrow(fails('CLAIM.INVALID_AMOUNT', 'items.1.basisFen'));
  });

  it('an item discharged outside the coverage counts nothing', () => {
    const r = calculate(
      guangdong(),
      'hospital_second',
      ratioFacts([
        { id: 'a', basisFen: yuan(100), dischargedOn: '2020-01-01' },
        { id: 'b', basisFen: yuan(100), dischargedOn: '2019-12-31' },
      ]),
    );
    expect(r.amountFen).toBe(yuan(80));
    expect(r.lines[0]).toMatchObject({ code: 'ITEM_OUT_OF_PERIOD', amountFen: 0 });
  });
});

describe('the coverage period and earlier payments', () => {
  it('a period ending before it starts is refused; a one-day period is fine', () => {
    expect(() => claimPeriod(guangdong(), { period: { start: '2019-02-01', end: '2019-01-31' } })).toThrow(
      fails('CLAIM.INVALID_PERIOD', 'period'),
    );
    expect(claimPeriod(guangdong(), { period: { start: '2019-02-01', end: '2019-02-01' } })).toEqual({
      start: '2019-02-01',
      end: '2019-02-01',
    });
    expect(claimPeriod(program, {})).toEqual({ start: '2024-01-01', end: '2024-12-31' });
  });

  it('a payment equal to the entitlement leaves nothing and is not flagged as exceeding it', () => {
    const facts = hospitalFacts([aStay({ selfPaidYuan: 5000 })]);
    const r = calculate(program, 'hospitalisation', facts, [paid('hospitalisation', yuan(1000))]);
    expect(r).toMatchObject({ amountFen: 0, entitlementFen: yuan(1000), alreadyPaidFen: yuan(1000) });
    expect(r.warnings.map((w) => w.code)).not.toContain('CALC.PAID_EXCEEDS_ENTITLEMENT');
    expect(r.lines.at(-1)).toEqual({
      code: 'ALREADY_PAID',
      text: '本保障期该项已给付 ¥1,000.00，本次不再给付',
      amountFen: 0,
    });
  });

  it('one fen short of the entitlement pays that fen', () => {
    const facts = hospitalFacts([aStay({ selfPaidYuan: 5000 })]);
    const r = calculate(program, 'hospitalisation', facts, [paid('hospitalisation', yuan(999.99))]);
    expect(r.amountFen).toBe(1);
    expect(r.lines.at(-1)).toEqual({
      code: 'ALREADY_PAID',
      text: '本保障期该项已给付 ¥999.99，本次补发差额 ¥0.01',
      amountFen: 1,
    });
  });

  it('only payments of the same benefit, period start and subject count', () => {
    const facts = hospitalFacts([aStay({ selfPaidYuan: 5000 })]);
    const r = calculate(program, 'hospitalisation', facts, [
      paid('critical_illness', yuan(500)),
      paid('hospitalisation', yuan(500), 'category:listed'),
      paid('hospitalisation', yuan(500), 'period', '2023-01-01'),
      paid('hospitalisation', yuan(300)),
      paid('hospitalisation', yuan(200)),
    ]);
    expect(r).toMatchObject({ alreadyPaidFen: yuan(500), amountFen: yuan(500) });
  });
});
