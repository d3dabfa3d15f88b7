/**
 * Money and fee edges the mutation run found untested: yuan typed with spaces around it,
 * floating-point noise in a large or tiny yuan number, thousands groups with inner zeros,
 * the overflow messages, and a fee schedule missing for want of a unit category.
 */
import { applyRatio, formatYuan, parseYuan, sumFen, yuan } from '../../shared/money';
import { feeSplitFor } from '../../shared/program/fee';
import { programLike } from './builders';

describe('yuan in and out', () => {
  it('reads a yuan amount typed with spaces around its symbol or unit', () => {
    expect(parseYuan(' ¥12.50')).toBe(1250);
    expect(parseYuan('12.50元 ')).toBe(1250);
  });

  it('accepts floating-point noise in a large or tiny yuan number, not a third decimal', () => {
    // 1234567890.09 × 100 is 123456789009.00002 in floating point.
    expect(yuan(1234567890.09)).toBe(123456789009);
    expect(yuan(1e-9)).toBe(0);
    expect(() => yuan(0.001)).toThrow(expect.objectContaining({ code: 'MONEY.TOO_MANY_DECIMALS' }));
  });

  it('pads each thousands group to three digits', () => {
    expect(formatYuan(yuan(1010))).toBe('¥1,010.00');
    expect(formatYuan(yuan(1100))).toBe('¥1,100.00');
    expect(formatYuan(yuan(5_010_100.05))).toBe('¥5,010,100.05');
  });

  it('names the overflowing product and sum', () => {
    expect(() => applyRatio(2 ** 50, 10000)).toThrow(`${2 ** 50}×10000`);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow('金额必须是整数分：sum');
  });
});

describe('fee schedules', () => {
  it('asks for the unit category when only some schedules depend on it', () => {
    const p = programLike('henan-puyang-2025', (raw) => {
      raw.keyGroups = [{ id: 'hardship', label: '困难职工' }];
      raw.fee.schedules.push({
        id: 'hardship',
        label: '困难职工',
        when: { groups: ['hardship'] },
        lines: [{ payer: 'city_union', label: '市总补助', amountFen: 8000 }],
      });
    });
    expect(feeSplitFor(p, { groups: ['hardship'] }).scheduleId).toBe('hardship');
    expect(() => feeSplitFor(p, {})).toThrow(
      expect.objectContaining({ code: 'ENROLL.FEE_SCHEDULE_NOT_FOUND', field: 'unitCategory' }),
    );
  });
});
