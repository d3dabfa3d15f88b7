/**
 * Money is always an integer number of fen (分). Floating point never touches an amount:
 * yuan strings are parsed digit by digit and ratios are integer basis points.
 *
 * Rounding rule (used everywhere a ratio is applied, e.g. Wujin's 34% / 54.5% and
 * Guangdong's 80%): the exact product is rounded half up to the whole fen
 * (0.5 fen → 1 fen). Amounts are never negative where a ratio is applied.
 */
import { AppError } from './errors';

/** An integer amount of fen. Plain number so it survives JSON and zod unchanged. */
export type Fen = number;

/** A ratio in basis points (万分之一): 10000 = 100%, 3400 = 34%, 5450 = 54.5%. */
export type BasisPoints = number;

export const FEN_PER_YUAN = 100;

function assertSafeFen(value: number, what?: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new AppError('MONEY.NOT_INTEGER_FEN', `金额必须是整数分：${what ?? value}`);
  }
}

/** Wraps a number that is already fen, checking it is a safe integer. */
export function fen(value: number): Fen {
  assertSafeFen(value, String(value));
  return value;
}

const YUAN_TEXT = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Yuan to fen. Numbers are accepted only when they have at most two decimals
 * (`yuan(1234.5)`), strings are parsed without floating point (`yuan('1,234.50')`).
 */
export function yuan(value: number | string): Fen {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AppError('MONEY.INVALID_YUAN', `金额不是有效数字：${value}`);
    const scaled = Math.round(value * FEN_PER_YUAN);
    // Reject 0.001-style inputs instead of silently rounding them away.
    if (Math.abs(scaled - value * FEN_PER_YUAN) > 1e-6 * Math.max(1, Math.abs(scaled))) {
      throw new AppError('MONEY.TOO_MANY_DECIMALS', `金额最多两位小数：${value}`);
    }
    assertSafeFen(scaled, String(value));
    return scaled;
  }
  return parseYuan(value);
}

/** Parses a yuan amount typed by a person: "1234", "1,234.5", "¥1234.50", "1234.50元". */
export function parseYuan(text: string): Fen {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
    .replace(/[,，\s]/g, '');
  const match = YUAN_TEXT.exec(cleaned);
  if (!match) throw new AppError('MONEY.INVALID_YUAN', `金额格式不正确：${text}`);
  const [, minus, whole, decimals = ''] = match;
  const amount = Number(whole) * FEN_PER_YUAN + Number(decimals.padEnd(2, '0'));
  assertSafeFen(amount, text);
  return minus ? -amount : amount;
}

// Formatting runs for every explanation line; tables of padded digits avoid most of the
// number-to-string and padding work.
const TWO_DIGITS: string[] = [];
for (let i = 0; i < 100; i++) TWO_DIGITS.push(i < 10 ? `0${i}` : String(i));
const THREE_DIGITS: string[] = [];
for (let i = 0; i < 1000; i++) THREE_DIGITS.push(i < 10 ? `00${i}` : i < 100 ? `0${i}` : String(i));

function groupThousands(whole: number): string {
  if (whole < 1000) return String(whole);
  if (whole < 1_000_000) return `${Math.floor(whole / 1000)},${THREE_DIGITS[whole % 1000]}`;
  let out = '';
  while (whole >= 1000) {
    out = `,${THREE_DIGITS[whole % 1000]}${out}`;
    whole = Math.floor(whole / 1000);
  }
  return `${whole}${out}`;
}

/** The one display format of money in this system: "¥1,234.50" (negative: "-¥1,234.50"). */
export function formatYuan(amount: Fen): string {
  assertSafeFen(amount);
  if (amount < 0) return `-${formatYuan(-amount)}`;
  const whole = Math.floor(amount / FEN_PER_YUAN);
  return `¥${groupThousands(whole)}.${TWO_DIGITS[amount - whole * FEN_PER_YUAN]}`;
}

/** Plain yuan text for forms and exports: "1234.50" (no grouping, no symbol). */
export function toYuanString(amount: Fen): string {
  assertSafeFen(amount);
  const negative = amount < 0;
  const abs = negative ? -amount : amount;
  const whole = Math.floor(abs / FEN_PER_YUAN);
  const cents = abs - whole * FEN_PER_YUAN;
  return `${negative ? '-' : ''}${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * amount × ratio, rounded half up to the fen. Works in integers: the product
 * amount × basisPoints stays below 2^53 for any amount under 9 × 10^11 fen.
 */
export function applyRatio(amount: Fen, ratio: BasisPoints): Fen {
  if (amount < 0) throw new AppError('MONEY.NEGATIVE', '按比例核算的金额不能为负数');
  if (!Number.isInteger(ratio) || ratio < 0)
    throw new AppError('MONEY.INVALID_RATIO', `比例必须是非负整数万分比：${ratio}`);
  const product = amount * ratio;
  if (!Number.isSafeInteger(product)) assertSafeFen(product, `${amount}×${ratio}`);
  return Math.floor((product + 5000) / 10000);
}

/** "34%", "54.5%", "80%" */
export function formatRatio(ratio: BasisPoints): string {
  const whole = Math.floor(ratio / 100);
  const rest = ratio % 100;
  if (rest === 0) return `${whole}%`;
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const a of amounts) total += a;
  assertSafeFen(total, 'sum');
  return total;
}
