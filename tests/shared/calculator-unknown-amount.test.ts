/**
 * No invented amounts: where the notice publishes no amount, the data says "unknown" and the
 * calculator pays 0 with a blocking warning instead of a number.
 */
import { calculate, calculateAmount } from '../../shared/benefits';
import { yuan } from '../../shared/money';
import {
  getProgram,
  programs,
  validateProgram,
  type FixedGrantRule,
  type RatioRule,
} from '../../shared/program';
import { illnessFacts, paid, programLike, ratioFacts, ratioItems, rawProgram } from './builders';

const AMOUNT_UNKNOWN = {
  code: 'BENEFIT.AMOUNT_UNKNOWN',
  text: '该项目未公布此项补助金额，需经办人员录入金额后方可审批',
  blocking: true,
};
const jinanPeriod = { start: '2025-03-01', end: '2026-02-28' };

describe('Jinan 2025 carries no payable amount the notice does not give', () => {
  it.each(['jinan-2025-critical-accident', 'jinan-2025-women-special'])(
    '%s: every amount is unknown, with a reason',
    (id) => {
      for (const b of getProgram(id).benefits) {
        const rule = b.rule;
        if (rule.kind === 'fixed_grant')
          for (const c of rule.categories) {
            expect(c).toMatchObject({ amountFen: null, amountStatus: 'unknown' });
            expect(c.amountUnknownReason).toContain('附件1');
          }
        else if (rule.kind === 'ratio') {
          expect(rule).toMatchObject({ ratioBp: null, capPerCoverageFen: null, amountStatus: 'unknown' });
          expect(rule.amountUnknownReason).toContain('附件1');
        } else throw new Error(`unexpected rule ${rule.kind}`);
      }
    },
  );

  it('a qualifying critical-illness claim pays 0 with the blocking warning', () => {
    const r = calculate(getProgram('jinan-2025-critical-accident'), 'critical_illness', {
      ...illnessFacts('listed', { conditionsMet: ['first_diagnosis'], diagnosedOn: '2025-05-01' }),
      period: jinanPeriod,
    });
    expect(r.amountFen).toBe(0);
    expect(r.entitlementFen).toBe(0);
    expect(r.warnings).toContainEqual(AMOUNT_UNKNOWN);
    expect(r.amountUnknown?.reason).toContain('44类病种');
    expect(r.lines).toEqual([
      expect.objectContaining({
        code: 'AMOUNT_UNKNOWN',
        amountFen: 0,
        text: expect.stringContaining('金额未公布'),
      }),
    ]);
  });

  it('the women-special grant likewise, also without the explanation (bulk path)', () => {
    const r = calculateAmount(getProgram('jinan-2025-women-special'), 'women_special_disease', {
      ...illnessFacts('listed', { conditionsMet: ['first_diagnosis'], diagnosedOn: '2025-05-01' }),
      period: jinanPeriod,
    });
    expect(r).toMatchObject({ amountFen: 0, amountUnknown: expect.anything() });
    expect(r.warnings).toContainEqual(AMOUNT_UNKNOWN);
  });

  it('a claim that does not qualify is refused as usual, without the warning', () => {
    const r = calculate(getProgram('jinan-2025-critical-accident'), 'critical_illness', {
      ...illnessFacts('listed', { conditionsMet: [], diagnosedOn: '2025-05-01' }),
      period: jinanPeriod,
    });
    expect(r.amountFen).toBe(0);
    expect(r.amountUnknown).toBeUndefined();
    expect(r.warnings.map((w) => w.code)).not.toContain('BENEFIT.AMOUNT_UNKNOWN');
  });

  it('an amount an officer entered and paid is not called "more than the entitlement"', () => {
    const r = calculate(
      getProgram('jinan-2025-critical-accident'),
      'critical_illness',
      {
        ...illnessFacts('listed', { conditionsMet: ['first_diagnosis'], diagnosedOn: '2025-05-01' }),
        period: jinanPeriod,
      },
      [paid('critical_illness', yuan(1000), 'category:listed', jinanPeriod.start)],
    );
    expect(r.amountFen).toBe(0);
    expect(r.alreadyPaidFen).toBe(yuan(1000));
    expect(r.warnings.map((w) => w.code)).toContain('BENEFIT.AMOUNT_UNKNOWN');
    expect(r.warnings.map((w) => w.code)).not.toContain('CALC.PAID_EXCEEDS_ENTITLEMENT');
  });

  it('published amounts (Wujin, Guangdong) carry no such warning', () => {
    const r = calculate(getProgram('guangdong-2018'), 'hospital_second', ratioFacts(ratioItems(1000)));
    expect(r.amountFen).toBe(yuan(800));
    expect(r.amountUnknown).toBeUndefined();
    for (const p of programs.filter((x) => !x.id.startsWith('jinan')))
      for (const b of p.benefits)
        if (b.rule.kind === 'fixed_grant')
          for (const c of b.rule.categories) expect(c.amountStatus).toBe('published');
        else if (b.rule.kind === 'ratio') expect(b.rule.amountStatus).toBe('published');
  });
});

describe('a grant category or ratio with an unknown amount (schema)', () => {
  const wujinGrant = (r: ReturnType<typeof rawProgram>) =>
    (r.benefits[1].rule as unknown as FixedGrantRule).categories[0] as unknown as Record<string, unknown>;
  const guangdongRule = (r: ReturnType<typeof rawProgram>) =>
    r.benefits[0].rule as unknown as Record<string, unknown>;
  const fields = (raw: unknown) => {
    const v = validateProgram(raw);
    return v.ok ? [] : v.issues.map((i) => i.field);
  };

  it('accepts null with status unknown and a reason', () => {
    const raw = rawProgram('wujin-2024');
    Object.assign(wujinGrant(raw), {
      amountFen: null,
      amountStatus: 'unknown',
      amountUnknownReason: '测试：未公布',
    });
    expect(fields(raw)).toEqual([]);
  });

  it('refuses a null amount without the status', () => {
    const raw = rawProgram('wujin-2024');
    wujinGrant(raw).amountFen = null;
    expect(fields(raw)).toEqual(['benefits.1.rule.categories.0.amountStatus']);
  });

  it('refuses an unknown amount without a reason, and a number said to be unknown', () => {
    const raw = rawProgram('wujin-2024');
    Object.assign(wujinGrant(raw), { amountStatus: 'unknown' });
    expect(fields(raw)).toEqual([
      'benefits.1.rule.categories.0.amountFen',
      'benefits.1.rule.categories.0.amountUnknownReason',
    ]);
  });

  it('refuses a reason on a published amount', () => {
    const raw = rawProgram('wujin-2024');
    wujinGrant(raw).amountUnknownReason = '多余';
    expect(fields(raw)).toEqual(['benefits.1.rule.categories.0.amountUnknownReason']);
  });

  it('a ratio: null ratio needs the status; an unknown ratio cannot have a cap', () => {
    const raw = rawProgram('guangdong-2018');
    guangdongRule(raw).ratioBp = null;
    expect(fields(raw)).toEqual(['benefits.0.rule.amountStatus']);
    Object.assign(guangdongRule(raw), {
      amountStatus: 'unknown',
      amountUnknownReason: '测试',
      capPerCoverageFen: 100,
    });
    expect(fields(raw)).toEqual(['benefits.0.rule.capPerCoverageFen']);
  });

  it('an unknown ratio pays 0 with the blocking warning whatever the basis', () => {
    const p = programLike('guangdong-2018', (r) =>
      Object.assign(r.benefits[0].rule as RatioRule, {
        ratioBp: null,
        capPerCoverageFen: null,
        amountStatus: 'unknown',
        amountUnknownReason: '测试：比例未公布',
      }),
    );
    const r = calculate(p, 'hospital_second', ratioFacts(ratioItems(20000, 500)));
    expect(r.amountFen).toBe(0);
    expect(r.warnings).toContainEqual(AMOUNT_UNKNOWN);
    expect(r.lines.at(-1)).toMatchObject({ code: 'AMOUNT_UNKNOWN', amountFen: 0 });
    expect(r.lines.at(-1)?.text).toContain('¥20,500.00');
  });
});
