import {
  applyRatio,
  fen,
  formatRatio,
  formatYuan,
  parseYuan,
  sumFen,
  toYuanString,
  yuan,
} from '../../shared/money';

describe('money in integer fen', () => {
  it('converts yuan to fen without floating-point drift', () => {
    expect(yuan(1234.5)).toBe(123450);
    expect(yuan(0.1 + 0.2)).toBe(30);
    expect(yuan(999.99)).toBe(99999);
    expect(yuan('1,234.50')).toBe(123450);
    expect(yuan('¥100')).toBe(10000);
    expect(yuan('20元')).toBe(2000);
    expect(parseYuan('-3.5')).toBe(-350);
  });

  it('refuses amounts that are not whole fen', () => {
    expect(() => yuan(1.234)).toThrow(expect.objectContaining({ code: 'MONEY.TOO_MANY_DECIMALS' }));
    expect(() => yuan('1.234')).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_YUAN' }));
    expect(() => fen(1.5)).toThrow(expect.objectContaining({ code: 'MONEY.NOT_INTEGER_FEN' }));
    expect(() => yuan('abc')).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_YUAN' }));
  });

  it('formats fen as yuan one way everywhere', () => {
    expect(formatYuan(123450)).toBe('¥1,234.50');
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(5591000000)).toBe('¥55,910,000.00');
    expect(formatYuan(-2000)).toBe('-¥20.00');
    expect(toYuanString(123405)).toBe('1234.05');
  });

  it('applies ratios rounding half up to the fen', () => {
    expect(applyRatio(1000000, 3400)).toBe(340000);
    expect(applyRatio(1, 5000)).toBe(1); // 0.5 fen → 1
    expect(applyRatio(1, 4999)).toBe(0);
    expect(applyRatio(3, 5450)).toBe(2); // 1.635 → 2
    expect(applyRatio(11, 3400)).toBe(4); // 3.74 → 4
    expect(applyRatio(101, 8000)).toBe(81); // 80.8 → 81
    expect(() => applyRatio(-1, 3400)).toThrow(expect.objectContaining({ code: 'MONEY.NEGATIVE' }));
  });

  it('formats ratios and sums', () => {
    expect(formatRatio(3400)).toBe('34%');
    expect(formatRatio(5450)).toBe('54.5%');
    expect(formatRatio(8000)).toBe('80%');
    expect(formatRatio(1234)).toBe('12.34%');
    expect(sumFen([2000, 8000])).toBe(10000);
  });
});
