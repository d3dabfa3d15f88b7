import { calculate } from '../../shared/benefits';
import { yuan } from '../../shared/money';
import { aStay, hospitalFacts, illnessFacts, injuryFacts, paid, wujin } from './builders';

const hospital = (...stays: ReturnType<typeof aStay>[]) =>
  calculate(wujin(), 'hospitalisation', hospitalFacts(stays));

describe('Wujin hospitalisation subsidy: tier boundaries (lower bound inclusive)', () => {
  it.each([
    [0, 0],
    [999.99, 0],
    [1000, 500],
    [4999.99, 500],
    [5000, 1000],
    [9999.99, 1000],
    [10000, 1500],
    [14999.99, 1500],
    [15000, 2000],
    [19999.99, 2000],
    [20000, 3000],
    [29999.99, 3000],
    [30000, 5000],
    [39999.99, 5000],
    [40000, 10000],
    [49999.99, 10000],
    [50000, 20000],
    [99999.99, 20000],
    [100000, 50000],
    [2000000, 50000],
  ])('a self-paid year of %d yuan pays %d yuan', (selfPaid, subsidy) => {
    const r = hospital(aStay({ selfPaidYuan: selfPaid }));
    expect(r.amountFen).toBe(yuan(subsidy));
    expect(r.warnings).toEqual([]);
  });

  it('explains the tier in Chinese', () => {
    const r = hospital(aStay({ selfPaidYuan: 1000 }));
    expect(r.lines.map((l) => l.text)).toEqual([
      '第1次住院：用医保卡结算支付，按住院医疗自理费用实际金额 ¥1,000.00 计入',
      '保障期内累计个人自理金额 ¥1,000.00，属于“1000元（含）至5000元”档，补助 ¥500.00',
    ]);
    expect(hospital(aStay({ selfPaidYuan: 100000 })).lines[1].text).toContain('“100000元（含）以上”档');
    expect(hospital(aStay({ selfPaidYuan: 999.99 })).lines[1].text).toContain('不足1000元，不予补助');
  });
});

describe('Wujin per-stay adjustments', () => {
  it('counts a stay settled through insurance at its actual self-paid amount', () => {
    expect(hospital(aStay({ selfPaidYuan: 5000, settlement: 'insurance' })).amountFen).toBe(yuan(1000));
  });

  it('counts 34% of a stay not settled through insurance', () => {
    // 14,705.88 × 34% = 4,999.9992 → rounds to 5,000.00 → 1,000 tier.
    const r = hospital(aStay({ selfPaidYuan: 14705.88, settlement: 'none' }));
    expect(r.lines[0]).toMatchObject({ amountFen: 500000 });
    expect(r.lines[0].text).toContain('的 34% 计入 ¥5,000.00');
    expect(r.amountFen).toBe(yuan(1000));
    // 14,705.87 × 34% = 4,999.9958 → the .58 fen rounds up to 5,000.00.
    expect(hospital(aStay({ selfPaidYuan: 14705.87, settlement: 'none' })).amountFen).toBe(yuan(1000));
    // 14,705.86 × 34% = 4,999.9924 → the .24 fen rounds down to 4,999.99 → 500 tier.
    expect(hospital(aStay({ selfPaidYuan: 14705.86, settlement: 'none' })).amountFen).toBe(yuan(500));
  });

  it('counts 54.5% of the liability-share total of a traffic accident not settled through insurance', () => {
    const r = hospital(
      aStay({
        settlement: 'none',
        cause: 'traffic_accident',
        selfPaidYuan: 1,
        liabilityShareTotalFen: yuan(20000),
      }),
    );
    expect(r.lines[0]).toMatchObject({ amountFen: yuan(10900) });
    expect(r.lines[0].text).toContain('因交通事故住院且未进行医保结算');
    expect(r.lines[0].text).toContain('54.5%');
    expect(r.amountFen).toBe(yuan(1500));
  });

  it('counts a traffic accident settled through insurance like any settled stay', () => {
    expect(
      hospital(aStay({ settlement: 'insurance', cause: 'traffic_accident', selfPaidYuan: 5000 })).amountFen,
    ).toBe(yuan(1000));
  });

  it('requires the liability-share total for an unsettled traffic accident, naming the field', () => {
    expect(() => hospital(aStay(), aStay({ settlement: 'none', cause: 'traffic_accident' }))).toThrow(
      expect.objectContaining({ code: 'CLAIM.MISSING_FACT', field: 'stays.1.liabilityShareTotalFen' }),
    );
  });

  it('counts a work-injury stay as 0 with the reason', () => {
    const r = hospital(aStay({ cause: 'work_injury', selfPaidYuan: 50000 }));
    expect(r.amountFen).toBe(0);
    expect(r.lines[0].text).toContain('因工伤住院，其住院自理费用不予补助');
  });
});

describe('Wujin multi-stay years and later claims', () => {
  it('sums every stay of the year before choosing the tier', () => {
    const r = hospital(
      aStay({ selfPaidYuan: 3000, dischargedOn: '2024-03-01' }),
      aStay({ selfPaidYuan: 10000, settlement: 'none' }),
      aStay({
        selfPaidYuan: 1,
        settlement: 'none',
        cause: 'traffic_accident',
        liabilityShareTotalFen: yuan(20000),
      }),
      aStay({ selfPaidYuan: 500, cause: 'work_injury' }),
    );
    // 3,000 + 3,400 + 10,900 + 0 = 17,300 → 2,000.
    expect(r.lines.at(-1)?.text).toBe(
      '保障期内累计个人自理金额 ¥17,300.00，属于“15000元（含）至20000元”档，补助 ¥2,000.00',
    );
    expect(r.amountFen).toBe(yuan(2000));
    expect(r.lines[0].text).toContain('第1次住院（2024-03-01出院）');
  });

  it('pays only the difference when a later claim moves the worker up a tier', () => {
    const first = aStay({ selfPaidYuan: 4000 });
    const one = calculate(wujin(), 'hospitalisation', hospitalFacts([first]));
    expect(one.amountFen).toBe(yuan(500));
    const history = [paid('hospitalisation', one.amountFen, one.subject, one.periodStart)];
    const two = calculate(
      wujin(),
      'hospitalisation',
      hospitalFacts([first, aStay({ selfPaidYuan: 7000 })]),
      history,
    );
    expect(two.entitlementFen).toBe(yuan(1500));
    expect(two.alreadyPaidFen).toBe(yuan(500));
    expect(two.amountFen).toBe(yuan(1000));
    expect(two.lines.at(-1)?.text).toBe('本保障期该项已给付 ¥500.00，本次补发差额 ¥1,000.00');
  });

  it('never pays a negative amount and warns when more was paid than now found', () => {
    const r = calculate(wujin(), 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 1000 })]), [
      paid('hospitalisation', yuan(1000)),
    ]);
    expect(r.amountFen).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(['CALC.PAID_EXCEEDS_ENTITLEMENT']);
  });

  it("ignores other years' and other benefits' payments", () => {
    const history = [
      paid('hospitalisation', yuan(500), 'period', '2023-01-01'),
      paid('critical_illness', yuan(5000), 'category:listed'),
    ];
    expect(hospital(aStay({ selfPaidYuan: 1000 })).amountFen).toBe(
      calculate(wujin(), 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 1000 })]), history)
        .amountFen,
    );
  });

  it('does not count a duplicated stay twice, nor a stay outside the coverage year', () => {
    const s = aStay({ selfPaidYuan: 600 });
    const r = hospital(s, s, aStay({ selfPaidYuan: 5000, dischargedOn: '2025-01-03' }));
    expect(r.amountFen).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(['CALC.DUPLICATE_STAY']);
    expect(r.lines.map((l) => l.code)).toContain('STAY_OUT_OF_PERIOD');
  });
});

describe('exclusions', () => {
  it('gives 0 with the reason for an excluded cause and asks to recover earlier payments', () => {
    const r = calculate(
      wujin(),
      'hospitalisation',
      hospitalFacts([aStay({ selfPaidYuan: 20000 })], { exclusionCodes: ['DRUNK_OR_FIGHTING'] }),
      [paid('hospitalisation', yuan(500))],
    );
    expect(r.amountFen).toBe(0);
    expect(r.excludedBy).toEqual({ code: 'DRUNK_OR_FIGHTING', label: '醉酒、斗殴' });
    expect(r.lines[0].text).toBe('属除外责任“醉酒、斗殴”，住院医疗费用补助金不予给付');
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'CALC.RECOVER_PAID', text: expect.stringContaining('¥500.00') }),
    ]);
  });

  it('excludes one stay only when the cause concerns that stay', () => {
    const r = hospital(
      aStay({ selfPaidYuan: 3000 }),
      aStay({ selfPaidYuan: 8000, exclusionCodes: ['COSMETIC_OR_PREVENTIVE'] }),
    );
    expect(r.amountFen).toBe(yuan(500));
    expect(r.lines[1].text).toContain('属除外责任“整容、整容手术');
  });

  it('refuses unknown or inapplicable exclusion codes, naming the field', () => {
    expect(() =>
      calculate(wujin(), 'hospitalisation', hospitalFacts([aStay()], { exclusionCodes: ['NOPE'] })),
    ).toThrow(expect.objectContaining({ code: 'CLAIM.UNKNOWN_EXCLUSION', field: 'exclusionCodes.0' }));
    expect(() =>
      calculate(wujin(), 'hospitalisation', hospitalFacts([aStay()], { exclusionCodes: ['MISDIAGNOSIS'] })),
    ).toThrow(expect.objectContaining({ code: 'CLAIM.EXCLUSION_NOT_APPLICABLE' }));
  });
});

describe('Wujin critical illness', () => {
  it('pays 5000 for a first diagnosis of a listed illness and 1000 for carcinoma in situ', () => {
    const listed = calculate(wujin(), 'critical_illness', illnessFacts('listed'));
    expect(listed.amountFen).toBe(yuan(5000));
    expect(listed.lines[0].text).toContain('重大疾病补助金 ¥5,000.00');
    const inSitu = calculate(wujin(), 'critical_illness', illnessFacts('in_situ'));
    expect(inSitu.amountFen).toBe(yuan(1000));
    expect(inSitu.lines[0].text).toContain('原位癌：一次性慰问金 ¥1,000.00');
  });

  it('never pays the same category twice for the same coverage', () => {
    const first = calculate(wujin(), 'critical_illness', illnessFacts('listed'));
    const again = calculate(
      wujin(),
      'critical_illness',
      illnessFacts('listed', { diagnosedOn: '2024-09-01' }),
      [paid('critical_illness', first.amountFen, first.subject)],
    );
    expect(again.amountFen).toBe(0);
    expect(again.lines.at(-1)?.text).toContain('本次不再给付');
    // The next coverage year is a new coverage.
    const nextYear = calculate(
      wujin(),
      'critical_illness',
      illnessFacts('listed', {
        period: { start: '2025-01-01', end: '2025-12-31' },
        diagnosedOn: '2025-02-01',
      }),
      [paid('critical_illness', first.amountFen, first.subject)],
    );
    expect(nextYear.amountFen).toBe(yuan(5000));
  });

  it('pays a listed illness after an in-situ grant (each category once, recorded as an assumption)', () => {
    const inSitu = calculate(wujin(), 'critical_illness', illnessFacts('in_situ'));
    const listed = calculate(wujin(), 'critical_illness', illnessFacts('listed'), [
      paid('critical_illness', inSitu.amountFen, inSitu.subject),
    ]);
    expect(listed.amountFen).toBe(yuan(5000));
    expect(listed.warnings.map((w) => w.code)).toContain('CALC.ASSUMED_VALUE');
  });

  it('pays nothing when a condition is unconfirmed or the diagnosis is outside the coverage', () => {
    const unconfirmed = calculate(
      wujin(),
      'critical_illness',
      illnessFacts('listed', { conditionsMet: ['first_diagnosis'] }),
    );
    expect(unconfirmed.amountFen).toBe(0);
    expect(unconfirmed.lines[0].text).toBe(
      '未满足给付条件：经常州市二、三级医院或外省市三级医院确诊，不予给付',
    );
    expect(
      calculate(wujin(), 'critical_illness', illnessFacts('listed', { diagnosedOn: '2023-12-20' })).amountFen,
    ).toBe(0);
    expect(
      calculate(wujin(), 'critical_illness', illnessFacts('listed', { exclusionCodes: ['PRE_EXISTING'] }))
        .excludedBy?.code,
    ).toBe('PRE_EXISTING');
  });
});

describe('Wujin work injury by grade', () => {
  it.each([
    [1, 5000],
    [2, 5000],
    [3, 3000],
    [4, 3000],
    [5, 2000],
    [6, 2000],
    [7, 500],
    [8, 500],
    [9, 300],
    [10, 300],
  ])('grade %i pays %i yuan', (grade, amount) => {
    const r = calculate(wujin(), 'work_injury', injuryFacts(grade));
    expect(r.amountFen).toBe(yuan(amount));
    expect(r.lines[0].text).toContain(`工伤${grade}级`);
  });

  it('pays 5000 for a work-related death', () => {
    const r = calculate(wujin(), 'work_injury', injuryFacts('death'));
    expect(r.amountFen).toBe(yuan(5000));
    expect(r.lines[0].text).toBe('工亡，属“工伤1-2级（含工亡）”，补助 ¥5,000.00');
  });

  it('pays only the difference when the same incident is re-appraised at a higher grade', () => {
    const first = calculate(wujin(), 'work_injury', injuryFacts(9));
    const later = calculate(wujin(), 'work_injury', injuryFacts(6), [
      paid('work_injury', first.amountFen, first.subject),
    ]);
    expect(later.amountFen).toBe(yuan(1700));
    // Another incident is paid in full.
    expect(
      calculate(wujin(), 'work_injury', injuryFacts(9, 'incident-2'), [
        paid('work_injury', first.amountFen, first.subject),
      ]).amountFen,
    ).toBe(yuan(300));
  });

  it('asks for the grade, naming the field', () => {
    expect(() => calculate(wujin(), 'work_injury', { kind: 'grade_table', incidentId: 'x' })).toThrow(
      expect.objectContaining({ code: 'CLAIM.MISSING_FACT', field: 'grade' }),
    );
  });
});

describe('calculator input errors', () => {
  it('refuses an unknown benefit and mismatched facts', () => {
    expect(() => calculate(wujin(), 'dental', hospitalFacts([]))).toThrow(
      expect.objectContaining({ code: 'CLAIM.BENEFIT_NOT_FOUND', field: 'benefitId' }),
    );
    expect(() => calculate(wujin(), 'work_injury', hospitalFacts([]))).toThrow(
      expect.objectContaining({ code: 'CLAIM.FACTS_MISMATCH' }),
    );
    expect(() => hospital(aStay({ selfPaidFen: -1 }))).toThrow(
      expect.objectContaining({ field: 'stays.0.selfPaidFen' }),
    );
  });
});
