import { calculate } from '../../shared/benefits';
import { getProgram } from '../../shared/program';
import { yuan } from '../../shared/money';
import { guangdong, paid, programLike, ratioFacts, ratioItems } from './builders';

describe('Guangdong: 80% of the self-paid part within pooling', () => {
  it('pays 80%, rounded half up to the fen', () => {
    const r = calculate(guangdong(), 'hospital_second', ratioFacts(ratioItems(1000)));
    expect(r.amountFen).toBe(yuan(800));
    expect(r.lines.at(-1)?.text).toBe(
      '保障期内累计医保统筹个人自付部分 ¥1,000.00 × 80% = ¥800.00（四舍五入到分）',
    );
    expect(
      calculate(guangdong(), 'hospital_second', ratioFacts([{ id: 'a', basisFen: 101 }])).amountFen,
    ).toBe(81);
  });

  it('warns that the seed sets no cap (an assumption, not an invention)', () => {
    const r = calculate(guangdong(), 'hospital_second', ratioFacts(ratioItems(500000)));
    expect(r.amountFen).toBe(yuan(400000));
    expect(r.warnings.map((w) => w.text).join()).toContain('未规定封顶额');
  });

  it('needs the coverage period for a one-year-from-effective program', () => {
    expect(() => calculate(guangdong(), 'hospital_second', { kind: 'ratio', items: ratioItems(1) })).toThrow(
      expect.objectContaining({ code: 'CLAIM.PERIOD_REQUIRED', field: 'period' }),
    );
  });

  it('subtracts what was paid in the same coverage period', () => {
    const r = calculate(guangdong(), 'hospital_second', ratioFacts(ratioItems(1000, 500)), [
      paid('hospital_second', yuan(800), 'period', '2019-01-01'),
    ]);
    expect(r.amountFen).toBe(yuan(400));
  });
});

describe('a ratio with a cap', () => {
  const capped = () =>
    programLike(
      'guangdong-2018',
      (p) => ((p.benefits[0].rule as { capPerCoverageFen: number | null }).capPerCoverageFen = yuan(10000)),
    );

  it('never pays above the cap for the coverage period', () => {
    const r = calculate(capped(), 'hospital_second', ratioFacts(ratioItems(20000)));
    expect(r.amountFen).toBe(yuan(10000));
    expect(r.lines.at(-1)?.text).toBe('超过本保障期封顶额 ¥10,000.00，按封顶额计');
  });

  it("Jinan's accident hospitalisation (ratio not published) pays nothing by itself and is flagged", () => {
    const jn = getProgram('jinan-2025-critical-accident');
    const r = calculate(
      jn,
      'accident_hospitalisation',
      ratioFacts([{ id: 'a', admittedOn: '2025-05-01', basisFen: yuan(30000) }], {
        start: '2025-03-01',
        end: '2026-02-28',
      }),
    );
    expect(r.amountFen).toBe(0);
    expect(r.amountUnknown).toBeDefined();
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'BENEFIT.AMOUNT_UNKNOWN', blocking: true }),
    );
    // The form of the rule (a ratio of the stay's cost) is itself an assumption, and says so.
    expect(r.warnings.filter((w) => w.code === 'CALC.ASSUMED_VALUE')).toHaveLength(1);
  });
});
