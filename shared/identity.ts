/**
 * Resident identity numbers (GB 11643-1999), masking for display, and the statutory
 * retirement age after the 2025 reform (全国人大常委会关于实施渐进式延迟法定退休年龄的决定).
 *
 * The ID-derived age is only a hint: the unit confirms whether a worker is retired, so
 * `probablyRetired` feeds a warning for the officer and never a refusal.
 */
// Deliberately free of imports (no zod, no holiday data) so the mini-program can use it
// for instant feedback while a worker types.

/** A calendar date in China, 'YYYY-MM-DD'. */
type IsoDate = string;

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** Today in China (UTC+8 all year, no daylight saving). */
function chinaTodayOf(now: number): IsoDate {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function isRealDate(date: string): boolean {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export type Sex = 'male' | 'female';

export type IdNumberErrorCode =
  | 'IDENTITY.ID_FORMAT'
  | 'IDENTITY.ID_LEGACY_15'
  | 'IDENTITY.ID_REGION'
  | 'IDENTITY.ID_BIRTH_DATE'
  | 'IDENTITY.ID_CHECKSUM';

export type ParsedIdNumber =
  | { ok: true; idNumber: string; birthDate: IsoDate; sex: Sex; regionCode: string }
  | { ok: false; code: IdNumberErrorCode; message: string };

/**
 * First two digits of the administrative-division code (GB/T 2260) in use on resident ID
 * numbers, plus 81/82/83 used on residence permits of Hong Kong, Macao and Taiwan residents.
 */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

const fail = (code: IdNumberErrorCode, message: string): ParsedIdNumber => ({ ok: false, code, message });

/**
 * Validates an 18-character resident ID number: shape, region-code shape, a real birth date
 * not after `today`, and the check digit. A lower-case x is accepted and normalised.
 */
export function parseIdNumber(input: string, today: IsoDate = chinaTodayOf(Date.now())): ParsedIdNumber {
  const s = String(input ?? '')
    .trim()
    .toUpperCase();
  if (/^\d{15}$/.test(s))
    return fail('IDENTITY.ID_LEGACY_15', '15 位旧身份证号码已停用，请使用 18 位身份证号码');
  if (!/^\d{17}[\dX]$/.test(s))
    return fail('IDENTITY.ID_FORMAT', '身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X');
  const regionCode = s.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) {
    return fail('IDENTITY.ID_REGION', '身份证号码前 6 位不是有效的行政区划代码');
  }
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isRealDate(birthDate) || birthDate < '1900-01-01' || birthDate > today) {
    return fail('IDENTITY.ID_BIRTH_DATE', '身份证号码中的出生日期无效');
  }
  if (idCheckChar(s) !== s[17]) return fail('IDENTITY.ID_CHECKSUM', '身份证号码校验位不正确，请核对');
  const sex: Sex = (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber: s, birthDate, sex, regionCode };
}

/** Age in whole years on a date. */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** `320***********1234`: first 3 and last 4 characters kept. */
export function maskIdNumber(idNumber: string): string {
  const s = String(idNumber ?? '').trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  // First 2 (province) and last 2 only: with the unit's district known, the first 6 and last 4
  // would leave the birth date as the only unknown, about a thousand candidates or fewer.
  return `${s.slice(0, 2)}${'*'.repeat(s.length - 4)}${s.slice(-2)}`;
}

/** The last 4 of an ID number, as a unit officer sees it for their own unit's members (audited). */
export function idLast4(idNumber: string): string {
  return `****${String(idNumber ?? '')
    .trim()
    .slice(-4)}`;
}

/** A bank or union card: the last 4 digits only (6227 **** **** 0012 → **** 0012). */
export function maskCardNumber(card: string): string {
  const s = String(card ?? '').replace(/\s+/g, '');
  return s.length <= 4 ? '*'.repeat(s.length) : `**** ${s.slice(-4)}`;
}

/** 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = Array.from(String(name ?? '').trim());
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const s = String(phone ?? '').replace(/\s|-/g, '');
  if (s.length < 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/**
 * Whose original retirement age applies to a woman: 女干部 (55) or 女工人 (50). Unknown
 * uses the earlier (worker) age, because the result only raises a warning to check.
 */
export type RetirementCategory = 'cadre' | 'worker' | 'unknown';

interface ReformSchedule {
  baseYears: number;
  /** First birth month affected, as year*12 + monthIndex. */
  firstAffected: number;
  /** Birth months per extra month of retirement age. */
  monthsPerStep: number;
  maxExtraMonths: number;
}

// The decision's schedule: men 60→63 and women cadres 55→58 (one month more every four
// birth months, from those born in 1965-01 / 1970-01); women workers 50→55 (one month more
// every two birth months, from those born in 1975-01).
const SCHEDULES: Record<'male' | 'female_cadre' | 'female_worker', ReformSchedule> = {
  male: { baseYears: 60, firstAffected: 1965 * 12, monthsPerStep: 4, maxExtraMonths: 36 },
  female_cadre: { baseYears: 55, firstAffected: 1970 * 12, monthsPerStep: 4, maxExtraMonths: 36 },
  female_worker: { baseYears: 50, firstAffected: 1975 * 12, monthsPerStep: 2, maxExtraMonths: 60 },
};

export interface StatutoryRetirement {
  /** Statutory retirement age as years + months. */
  age: { years: number; months: number };
  /** The date the worker reaches it. */
  date: IsoDate;
  /** Which schedule was applied (a woman of unknown category is treated as a worker). */
  schedule: 'male' | 'female_cadre' | 'female_worker';
}

export function statutoryRetirement(
  birthDate: IsoDate,
  sex: Sex,
  category: RetirementCategory = 'unknown',
): StatutoryRetirement {
  const schedule = sex === 'male' ? 'male' : category === 'cadre' ? 'female_cadre' : 'female_worker';
  const rule = SCHEDULES[schedule];
  const by = Number(birthDate.slice(0, 4));
  const bm = Number(birthDate.slice(5, 7)) - 1;
  const bd = Number(birthDate.slice(8, 10));
  const offset = by * 12 + bm - rule.firstAffected;
  const extra = offset < 0 ? 0 : Math.min(rule.maxExtraMonths, Math.floor(offset / rule.monthsPerStep) + 1);
  const totalMonths = by * 12 + bm + rule.baseYears * 12 + extra;
  const ry = Math.floor(totalMonths / 12);
  const rm = totalMonths % 12;
  const lastDay = new Date(Date.UTC(ry, rm + 1, 0)).getUTCDate();
  const day = Math.min(bd, lastDay);
  const date = `${ry}-${String(rm + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { age: { years: rule.baseYears + Math.floor(extra / 12), months: extra % 12 }, date, schedule };
}

/** True when, by the ID birth date, the worker has reached the statutory retirement age. */
export function probablyRetired(
  birthDate: IsoDate,
  sex: Sex,
  category: RetirementCategory,
  onDate: IsoDate,
): boolean {
  return statutoryRetirement(birthDate, sex, category).date <= onDate;
}

/** "60岁3个月" */
export function formatRetirementAge(age: { years: number; months: number }): string {
  return age.months ? `${age.years}岁${age.months}个月` : `${age.years}岁`;
}
