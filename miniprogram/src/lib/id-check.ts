/**
 * Instant feedback on an ID number while the worker types. The rules and messages are those of
 * shared/identity.ts `parseIdNumber` (the server checks again with it); that module cannot be
 * imported here because it pulls shared/calendar, whose zod and ESM holiday tables break and
 * bloat the weapp build. tests/component/id-check.test.ts keeps the two in agreement.
 * Once the pure ID checks live in a calendar-free shared module, import that and delete this.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const chinaToday = (): string => new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** The problem with an ID number in Chinese, or null when it is valid. */
export function idNumberProblem(input: string, today: string = chinaToday()): string | null {
  const s = input.trim().toUpperCase();
  if (/^\d{15}$/.test(s)) return '15 位旧身份证号码已停用，请使用 18 位身份证号码';
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X';
  if (!PROVINCES.has(s.slice(0, 2))) return '身份证号码前 6 位不是有效的行政区划代码';
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (
    !realDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))) ||
    birth < '1900-01-01' ||
    birth > today
  ) {
    return '身份证号码中的出生日期无效';
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * WEIGHTS[i];
  if (CHECK_CHARS[sum % 11] !== s[17]) return '身份证号码校验位不正确，请核对';
  return null;
}
