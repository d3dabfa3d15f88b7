/**
 * Money rules at their edges: what counts as a whole fen, how typed yuan are read, the one
 * display format, the half-up ratio and the sum. The common cases are in money.test.ts.
 */
import { fenSchema } from '../../shared/money-schema';
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

const code = (c: string) => expect.objectContaining({ code: c });

describe('a whole fen', () => {
  it('is any safe integer; fractions, NaN, infinities and unsafe integers are refused', () => {
    expect(fen(0)).toBe(0);
    expect(fen(-250)).toBe(-250);
    expect(fen(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of [0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1])
      expect(() => fen(bad)).toThrow(code('MONEY.NOT_INTEGER_FEN'));
  });

  it('at the API boundary: never negative, never a fraction, never beyond a safe integer', () => {
    expect(fenSchema.safeParse(0).success).toBe(true);
    expect(fenSchema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    for (const bad of [-1, 1.5, 2 ** 53, '100'])
      expect([bad, fenSchema.safeParse(bad).success]).toEqual([bad, false]);
  });
});

describe('yuan given as a number', () => {
  it('keeps two decimals exactly, also for negative and very large amounts', () => {
    expect(yuan(-12.34)).toBe(-1234);
    expect(yuan(0)).toBe(0);
    // 99,999,999,999.99 yuan: the float product is off by far more than 1e-6 fen, yet exact.
    expect(yuan(99_999_999_999.99)).toBe(9_999_999_999_999);
  });

  it('refuses a third decimal instead of rounding it away (1.005 is not 1.01 or 1.00)', () => {
    expect(() => yuan(1.005)).toThrow(code('MONEY.TOO_MANY_DECIMALS'));
    expect(() => yuan(0.001)).toThrow(code('MONEY.TOO_MANY_DECIMALS'));
  });

  it('refuses what is not a finite number, and amounts beyond a safe number of fen', () => {
    expect(() => yuan(NaN)).toThrow(code('MONEY.INVALID_YUAN'));
    expect(() => yuan(Infinity)).toThrow(code('MONEY.INVALID_YUAN'));
    expect(() => yuan(1e15)).toThrow(code('MONEY.NOT_INTEGER_FEN'));
  });
});

describe('yuan typed by a person', () => {
  it('may carry a leading ¥ or ￥, a trailing 元, spaces and commas of either width', () => {
    expect(parseYuan('￥5')).toBe(500);
    expect(parseYuan(' 12 ')).toBe(1200);
    expect(parseYuan('1，234')).toBe(123400);
    expect(parseYuan('1 234.5元')).toBe(123450);
    expect(parseYuan('1,234,567')).toBe(123456700);
    expect(parseYuan('-0.5')).toBe(-50);
    expect(parseYuan('1.5')).toBe(150);
    expect(parseYuan('1.05')).toBe(105);
    expect(parseYuan('9999999999999.99')).toBe(999999999999999);
  });

  it('is refused when anything else is left: signs, symbols or units elsewhere, three decimals, 14 digits', () => {
    for (const bad of [
      '',
      '5¥',
      '元5',
      '12a',
      'a12',
      '.5',
      '1.',
      '1.234',
      '+5',
      '--5',
      '12345678901234',
      '1-2',
    ])
      expect(() => parseYuan(bad)).toThrow(code('MONEY.INVALID_YUAN'));
  });
});

describe('money shown to people', () => {
  it('groups thousands and always shows two decimals', () => {
    expect(formatYuan(999)).toBe('¥9.99');
    expect(formatYuan(99_999)).toBe('¥999.99');
    expect(formatYuan(100_000)).toBe('¥1,000.00');
    expect(formatYuan(100_501)).toBe('¥1,005.01');
    expect(formatYuan(105_010)).toBe('¥1,050.10');
    expect(formatYuan(99_999_999)).toBe('¥999,999.99');
    expect(formatYuan(100_000_000)).toBe('¥1,000,000.00');
    expect(formatYuan(100_500_000)).toBe('¥1,005,000.00');
    expect(formatYuan(123_456_789_012)).toBe('¥1,234,567,890.12');
    expect(formatYuan(-100_000_000)).toBe('-¥1,000,000.00');
  });

  it('as plain yuan for forms and exports: no grouping, two decimals, a minus for negatives', () => {
    expect(toYuanString(0)).toBe('0.00');
    expect(toYuanString(-5)).toBe('-0.05');
    expect(toYuanString(109)).toBe('1.09');
    expect(toYuanString(110)).toBe('1.10');
    expect(toYuanString(123_456_789)).toBe('1234567.89');
  });

  it('is never made of a fraction of a fen', () => {
    expect(() => formatYuan(1.5)).toThrow(code('MONEY.NOT_INTEGER_FEN'));
    expect(() => toYuanString(1.5)).toThrow(code('MONEY.NOT_INTEGER_FEN'));
  });

  it('shows ratios with up to two decimals, no trailing zero', () => {
    expect(formatRatio(5)).toBe('0.05%');
    expect(formatRatio(50)).toBe('0.5%');
    expect(formatRatio(5405)).toBe('54.05%');
    expect(formatRatio(10000)).toBe('100%');
  });
});

describe('a ratio applied to an amount', () => {
  it('is exact at 0 and 100 %, and of nothing is nothing', () => {
    expect(applyRatio(0, 3400)).toBe(0);
    expect(applyRatio(123_457, 0)).toBe(0);
    expect(applyRatio(123_457, 10000)).toBe(123_457);
  });

  it('takes only whole, non-negative basis points', () => {
    expect(() => applyRatio(100, 34.5)).toThrow(code('MONEY.INVALID_RATIO'));
    expect(() => applyRatio(100, -1)).toThrow(code('MONEY.INVALID_RATIO'));
    expect(() => applyRatio(100, NaN)).toThrow(code('MONEY.INVALID_RATIO'));
  });

  it('refuses a product beyond safe integers rather than lose fen', () => {
    expect(() => applyRatio(Number.MAX_SAFE_INTEGER, 10000)).toThrow(code('MONEY.NOT_INTEGER_FEN'));
    expect(applyRatio(900_000_000_000, 10000)).toBe(900_000_000_000);
  });
});

describe('a sum of amounts', () => {
  it('of nothing is 0; refunds (negatives) count; beyond safe integers it is refused', () => {
    expect(sumFen([])).toBe(0);
    expect(sumFen([2000, -500, 1])).toBe(1501);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(code('MONEY.NOT_INTEGER_FEN'));
  });
});
