/**
 * The calculator's common steps the mutation run found untested: excluded causes (which one,
 * the field named, recovering what was paid), ratio items excluded one by one, conditions of a
 * ratio rule, and a result that carries `amountUnknown` only when the amount is unknown.
 */
import { calculate, calculateAmount } from '../../shared/benefits';
import { yuan } from '../../shared/money';
import {
  aStay,
  guangdong,
  hospitalFacts,
  illnessFacts,
  paid,
  programLike,
  ratioFacts,
  ratioItems,
  wujin,
} from './builders';

const program = wujin();
const fails = (code: string, field?: string) =>
  expect.objectContaining(field === undefined ? { code } : { code, field });

describe('excluded causes', () => {
  it('an exclusion that does not apply to the benefit names the code at fault', () => {
    // PRE_EXISTING applies to critical illness only.
    const facts = hospitalFacts([aStay()], { exclusionCodes: ['FRAUD', 'PRE_EXISTING'] });
    expect(() => calculate(program, 'hospitalisation', facts)).toThrow(
      fails('CLAIM.EXCLUSION_NOT_APPLICABLE', 'exclusionCodes.1'),
    );
    const stay = hospitalFacts([aStay(), aStay({ exclusionCodes: ['PRE_EXISTING'] })]);
    expect(() => calculate(program, 'hospitalisation', stay)).toThrow(
      fails('CLAIM.EXCLUSION_NOT_APPLICABLE', 'stays.1.exclusionCodes.0'),
    );
  });

  it('the first of several excluded causes is the one given', () => {
    const facts = hospitalFacts([aStay()], { exclusionCodes: ['FRAUD', 'DRUNK_OR_FIGHTING'] });
    const r = calculate(program, 'hospitalisation', facts);
    expect(r.excludedBy?.code).toBe('FRAUD');
    expect(r.lines).toEqual([
      { code: 'EXCLUDED', text: '属除外责任“有欺诈、骗保行为的”，住院医疗费用补助金不予给付', amountFen: 0 },
    ]);
  });

  it('recovering what was paid is asked only when something was paid', () => {
    const facts = hospitalFacts([aStay()], { exclusionCodes: ['FRAUD'] });
    const none = calculate(program, 'hospitalisation', facts);
    expect(none.warnings.map((w) => w.code)).not.toContain('CALC.RECOVER_PAID');
    const some = calculate(program, 'hospitalisation', facts, [paid('hospitalisation', yuan(500))]);
    expect(some.warnings.map((w) => w.code)).toContain('CALC.RECOVER_PAID');
  });

  it('an exclusion that does not recover payments raises no recovery warning', () => {
    const lenient = programLike('wujin-2024', (p) => {
      p.exclusions!.push({
        code: 'KEEP_PAID',
        label: '不追回',
        appliesTo: ['hospitalisation'],
        recoverPaid: false,
      });
    });
    const facts = hospitalFacts([aStay()], { exclusionCodes: ['KEEP_PAID'] });
    const r = calculate(lenient, 'hospitalisation', facts, [paid('hospitalisation', yuan(500))]);
    expect(r.amountFen).toBe(0);
    expect(r.warnings.map((w) => w.code)).not.toContain('CALC.RECOVER_PAID');
  });

  it('facts of the wrong kind are refused with a message naming the benefit', () => {
    expect(() => calculate(program, 'hospitalisation', illnessFacts('listed'))).toThrow(
      '住院医疗费用补助金的申请资料类型不符',
    );
  });
});

describe('ratio items', () => {
  const gd = programLike('guangdong-2018', (p) => {
    p.exclusions = [
      ...(p.exclusions ?? []),
      { code: 'COSMETIC', label: '美容', appliesTo: ['hospital_second'], recoverPaid: false },
    ];
  });

  it('an item with an excluded cause is left out of the sum', () => {
    const items = ratioItems(1000, 500);
    items[1].exclusionCodes = ['COSMETIC'];
    const r = calculate(gd, 'hospital_second', ratioFacts(items));
    expect(r.amountFen).toBe(yuan(800));
    expect(r.lines.map((l) => l.code)).toContain('ITEM_EXCLUDED');
  });

  it('an unknown cause on an item names the item', () => {
    const items = ratioItems(1000, 500);
    items[1].exclusionCodes = ['NO_SUCH'];
    expect(() => calculate(gd, 'hospital_second', ratioFacts(items))).toThrow(
      fails('CLAIM.UNKNOWN_EXCLUSION', 'items.1.exclusionCodes.0'),
    );
  });

  it('a ratio rule whose condition is unmet pays nothing and adds no stray warning', () => {
    const conditional = programLike('guangdong-2018', (p) => {
      const rule = p.benefits[0].rule as { conditions?: { id: string; label: string }[] };
      rule.conditions = [{ id: 'member', label: '参保满一年' }];
    });
    const r = calculate(conditional, 'hospital_second', ratioFacts(ratioItems(1000)));
    expect(r.amountFen).toBe(0);
    expect(r.lines).toEqual([
      { code: 'CONDITION_UNMET', text: '未满足给付条件：参保满一年，不予给付', amountFen: 0 },
    ]);
    expect(r.warnings.every((w) => typeof w === 'object' && typeof w.code === 'string')).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(
      calculate(guangdong(), 'hospital_second', ratioFacts(ratioItems(1000))).warnings.map((w) => w.code),
    );
  });
});

describe('the result', () => {
  it('carries amountUnknown only when the amount is unknown', () => {
    const known = calculateAmount(program, 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 5000 })]));
    expect('amountUnknown' in known).toBe(false);
    const withLines = calculate(program, 'hospitalisation', hospitalFacts([aStay({ selfPaidYuan: 5000 })]));
    expect('amountUnknown' in withLines).toBe(false);
  });
});
