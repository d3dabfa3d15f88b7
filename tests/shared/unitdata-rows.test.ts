import { idCheckChar } from '../../shared/identity';
import {
  markDuplicates,
  matchTemplate,
  TEMPLATES,
  townshipMatches,
  validateRow,
  type RawCell,
  type RawRow,
  type RowRules,
} from '../../shared/unitdata';

const text = (t: string): RawCell => ({ kind: 'text', text: t });
const id = (birth: string, order = '011') => {
  const first17 = `320412${birth.replace(/-/g, '')}${order}`;
  return first17 + idCheckChar(first17);
};
const rules: RowRules = {
  template: TEMPLATES.wujin,
  today: '2025-06-01',
  unitNames: ['高新区工会', '武进区总工会'],
  requireCard: true,
};
const row = (over: Partial<Record<keyof RawRow, RawCell>> = {}): RawRow => ({
  seq: { kind: 'number', value: 1 },
  township: text('高新区'),
  name: text('王建国'),
  idNumber: text(id('1988-05-16')),
  phone: text('13800001111'),
  employer: text('常州某某公司'),
  unionCard: text('6227001200000001'),
  ...over,
});

describe('sign-up row validation', () => {
  test('a good row gives the person, no issues', () => {
    const r = validateRow(row(), 5, rules);
    expect(r.errors).toEqual([]);
    expect(r.person).toMatchObject({ row: 5, name: '王建国', sex: 'male', phone: '13800001111' });
  });

  test('every error names the sheet row and the column, in Chinese', () => {
    const bad = id('1988-05-16').slice(0, 17) + (id('1988-05-16')[17] === '1' ? '2' : '1');
    const r = validateRow(
      row({ idNumber: text(bad), phone: text('1234'), name: { kind: 'empty' } }),
      12,
      rules,
    );
    expect(r.person).toBeUndefined();
    expect(r.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['姓名', '身份证号码', '手机号码']));
    for (const e of r.errors) expect(e.message).toMatch(/^第12行：/);
  });

  test('an ID number typed as a number is refused (Excel keeps 15 digits)', () => {
    const r = validateRow(row({ idNumber: { kind: 'number', value: 320412198805160000 } }), 3, rules);
    expect(r.errors[0]).toMatchObject({ code: 'IMPORT.CELL_NUMBER', column: '身份证号码' });
  });

  test('a phone typed as a number is fine; a card of 16+ digits as a number is not', () => {
    const r = validateRow(
      row({
        phone: { kind: 'number', value: 13800001111 },
        unionCard: { kind: 'number', value: 6227001200000001 },
      }),
      3,
      rules,
    );
    expect(r.errors.map((e) => e.code)).toEqual(['IMPORT.CELL_UNSAFE_NUMBER']);
  });

  test('formulas are refused, except in 序号', () => {
    const r = validateRow(
      row({ seq: { kind: 'formula', cached: 1 }, name: { kind: 'formula', cached: '张三' } }),
      7,
      rules,
    );
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'IMPORT.CELL_FORMULA', column: '姓名' });
  });

  test('乡镇 must name the unit or an org above it', () => {
    expect(townshipMatches('高新区', rules.unitNames)).toBe(true);
    expect(townshipMatches('武进区', rules.unitNames)).toBe(true);
    expect(validateRow(row({ township: text('雪堰镇') }), 4, rules).errors[0]).toMatchObject({
      code: 'IMPORT.UNIT_MISMATCH',
    });
  });

  test('over the retirement age by the ID: a warning, the row is still good', () => {
    const r = validateRow(row({ idNumber: text(id('1960-03-01')) }), 9, rules);
    expect(r.person).toBeDefined();
    expect(r.warnings[0]).toMatchObject({ code: 'ENROLL.PROBABLY_RETIRED', row: 9 });
  });

  test('the card is required when the program requires a union card', () => {
    expect(validateRow(row({ unionCard: { kind: 'empty' } }), 2, rules).errors[0]).toMatchObject({
      code: 'IMPORT.CARD_REQUIRED',
    });
    expect(
      validateRow(row({ unionCard: { kind: 'empty' } }), 2, { ...rules, requireCard: false }).errors,
    ).toEqual([]);
  });

  test('a row with only its 序号 is blank, not an error', () => {
    const r = validateRow({ seq: { kind: 'number', value: 3 } }, 6, rules);
    expect(r).toMatchObject({ blank: true, errors: [] });
  });

  test('duplicates in the file: later rows name the first', () => {
    const results = markDuplicates([validateRow(row(), 4, rules), validateRow(row(), 9, rules)]);
    expect(results[0]!.person).toBeDefined();
    expect(results[1]!.errors[0]!.message).toBe('第9行：身份证号码与第4行重复');
  });

  test('Guangdong: 性别 / 年龄 / 保费 inconsistent with the ID or program are warnings', () => {
    const g: RowRules = {
      ...rules,
      today: '2018-08-08',
      template: TEMPLATES.guangdong,
      feeYuan: 95,
      requireCard: false,
    };
    const r = validateRow(
      {
        seq: text('2'),
        name: text('张三'),
        idNumber: text(id('1971-01-29', '006')),
        sex: text('男'),
        age: text('30'),
        premium: { kind: 'number', value: 20 },
        phone: text('13888888888'),
      },
      5,
      g,
    );
    expect(r.person).toBeDefined();
    expect(r.warnings.map((w) => w.code).sort()).toEqual([
      'IMPORT.AGE_MISMATCH',
      'IMPORT.PREMIUM_MISMATCH',
      'IMPORT.SEX_MISMATCH',
    ]);
  });
});

describe('template recognition', () => {
  test('Wujin and Guangdong headers, in any order, with the long 签字 header', () => {
    const w = matchTemplate([
      '',
      '乡镇',
      '序号',
      '姓名',
      '身份证号码',
      '手机号码',
      '工作单位',
      '工会卡卡号',
      '签字 (自愿同意…20 元)',
    ]);
    expect(w?.template.id).toBe('wujin');
    expect(w?.columns.seq).toBe(2);
    expect(
      matchTemplate([
        '顺序号',
        '姓名',
        '身份证号码',
        '性别',
        '年龄',
        '健康状况',
        '指定受益人',
        '从事高危行业',
        '保费(元)',
        '手机号码',
        '备注',
      ])?.template.id,
    ).toBe('guangdong');
    expect(matchTemplate(['姓名', '电话'])).toBeNull();
  });
});
