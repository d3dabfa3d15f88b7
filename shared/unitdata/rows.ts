/**
 * Row validation of a paper sign-up sheet: pure, so the same rules run in the import and in
 * tests. Every message is Chinese and names the sheet row (第 N 行) and the column, because an
 * officer fixes the paper sheet by row.
 */
import type { IsoDate } from '../calendar';
import { ageOn, parseIdNumber, probablyRetired, type Sex } from '../identity';
import { normaliseHeader, type ColumnKey, type SheetTemplate } from './templates';

/** A cell as the reader found it (the reader maps exceljs values to these). */
export type RawCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; iso: string }
  | { kind: 'formula'; cached?: string | number }
  | { kind: 'other' };

export type RawRow = Partial<Record<ColumnKey, RawCell>>;

export interface RowIssue {
  row: number;
  column?: string;
  code: string;
  message: string;
}

export interface ParsedPerson {
  row: number;
  name: string;
  idNumber: string;
  birthDate: IsoDate;
  sex: Sex;
  phone?: string;
  unionCard?: string;
  township?: string;
  employer?: string;
}

export interface RowResult {
  row: number;
  /** A row with nothing but (at most) its 序号: not counted, not an error. */
  blank: boolean;
  errors: RowIssue[];
  warnings: RowIssue[];
  person?: ParsedPerson;
}

export interface RowRules {
  template: SheetTemplate;
  today: IsoDate;
  /** Names the 乡镇 column may hold for the unit being imported into (its own, its parents'). */
  unitNames: readonly string[];
  /** The program's fee per head in yuan, for the Guangdong 保费 column. */
  feeYuan?: number;
  /** The program requires a union card (Wujin): the card column must be filled. */
  requireCard: boolean;
}

const MAX_TEXT = 100;
const PHONE = /^1[3-9]\d{9}$/;
const CARD = /^\d{16,19}$/;
/** Chinese names, including minority names with the middle dot, and Latin letters. */
const NAME = /^[\u3400-\u9fff\u00b7·A-Za-z][\u3400-\u9fff\u00b7·A-Za-z .]{0,29}$/;

/** A template's column headers as messages name them (without the parenthesised hint), once per template. */
const headersByTemplate = new WeakMap<SheetTemplate, Map<ColumnKey, string>>();
function headerOf(rules: RowRules, key: ColumnKey): string {
  let headers = headersByTemplate.get(rules.template);
  if (!headers) {
    headers = new Map(rules.template.columns.map((c) => [c.key, c.header.replace(/\s*\(.*$/, '')]));
    headersByTemplate.set(rules.template, headers);
  }
  return headers.get(key) ?? key;
}

/** The text of a cell, or the reason it cannot be read as text. */
function textOf(
  cell: RawCell | undefined,
  allowNumber: 'never' | 'integer',
): { text?: string; problem?: string } {
  if (!cell || cell.kind === 'empty') return {};
  switch (cell.kind) {
    case 'text':
      return { text: cell.text.replace(/[\u200b\u00a0\t\r\n]/g, ' ').trim() || undefined };
    case 'number':
      if (allowNumber === 'never') return { problem: 'number' };
      // Excel keeps 15 significant digits: a longer number has already lost its last ones.
      if (!Number.isSafeInteger(cell.value) || String(cell.value).length > 15)
        return { problem: 'unsafe_number' };
      return { text: String(cell.value) };
    case 'formula':
      return { problem: 'formula' };
    case 'date':
      return { problem: 'date' };
    default:
      return { problem: 'other' };
  }
}

const PROBLEM_TEXT: Record<string, string> = {
  number: '为数字格式（18 位号码超出 Excel 数字精度，末位可能已变为 0），请将该列设为“文本”后重新填写',
  unsafe_number: '为数字格式且超过 15 位，Excel 已丢失末位数字，请将该列设为“文本”后重新填写',
  formula: '是公式，不予导入：请复制该列后“选择性粘贴为数值”再导入',
  date: '是日期格式，请填写为文本',
  other: '内容无法识别，请填写为文本',
};

export function isBlankRow(raw: RawRow): boolean {
  for (const k in raw) {
    const c = raw[k as ColumnKey];
    if (k !== 'seq' && c && c.kind !== 'empty') return false;
  }
  return true;
}

interface Acc {
  errors: RowIssue[];
  warnings: RowIssue[];
}

function field(
  raw: RawRow,
  key: ColumnKey,
  rules: RowRules,
  row: number,
  acc: Acc,
  numbers: 'never' | 'integer',
): string | undefined {
  const { text, problem } = textOf(raw[key], numbers);
  const column = headerOf(rules, key);
  if (problem) {
    acc.errors.push({
      row,
      column,
      code: `IMPORT.CELL_${problem.toUpperCase()}`,
      message: `第${row}行：“${column}”${PROBLEM_TEXT[problem]}`,
    });
    return undefined;
  }
  if (text && text.length > MAX_TEXT) {
    acc.errors.push({
      row,
      column,
      code: 'IMPORT.CELL_TOO_LONG',
      message: `第${row}行：“${column}”超过 ${MAX_TEXT} 个字`,
    });
    return undefined;
  }
  return text;
}

const err = (acc: Acc, row: number, column: string, code: string, message: string) =>
  acc.errors.push({ row, column, code, message: `第${row}行：${message}` });
const warn = (acc: Acc, row: number, column: string, code: string, message: string) =>
  acc.warnings.push({ row, column, code, message: `第${row}行：${message}` });

const bare = (s: string) => normaliseHeader(s).replace(/(总工会|工会|联合会)$/, '');

/** A sheet repeats a handful of 乡镇 values over thousands of rows: each is matched once per unit. */
const townshipMemo = new WeakMap<readonly string[], Map<string, boolean>>();
function townshipMatchesOnce(township: string, unitNames: readonly string[]): boolean {
  let memo = townshipMemo.get(unitNames);
  if (!memo) townshipMemo.set(unitNames, (memo = new Map()));
  let ok = memo.get(township);
  if (ok === undefined) {
    ok = townshipMatches(township, unitNames);
    if (memo.size < 1000) memo.set(township, ok);
  }
  return ok;
}

/** 乡镇 names the unit, or one of the orgs above it (武进区 sheets list 高新区, 雪堰镇 …). */
export function townshipMatches(township: string, unitNames: readonly string[]): boolean {
  const t = bare(township);
  if (!t) return true;
  return unitNames.some((n) => {
    const u = bare(n);
    return u !== '' && (u === t || u.includes(t) || t.includes(u));
  });
}

function checkIdentity(raw: RawRow, rules: RowRules, row: number, acc: Acc) {
  const name = field(raw, 'name', rules, row, acc, 'never');
  const idText = field(raw, 'idNumber', rules, row, acc, 'never');
  if (name === undefined && !acc.errors.some((e) => e.column === '姓名'))
    err(acc, row, '姓名', 'IMPORT.NAME_REQUIRED', '姓名不能为空');
  else if (name !== undefined && !NAME.test(name))
    err(acc, row, '姓名', 'IMPORT.NAME_INVALID', `姓名“${name.slice(0, 10)}”含有数字或符号，请核对`);
  if (idText === undefined) {
    if (!acc.errors.some((e) => e.column === '身份证号码'))
      err(acc, row, '身份证号码', 'IMPORT.ID_REQUIRED', '身份证号码不能为空');
    return { name };
  }
  const parsed = parseIdNumber(idText.replace(/\s/g, ''), rules.today);
  if (!parsed.ok) {
    err(acc, row, '身份证号码', parsed.code, parsed.message);
    return { name };
  }
  return { name, id: parsed };
}

function checkContact(raw: RawRow, rules: RowRules, row: number, acc: Acc) {
  const phone = field(raw, 'phone', rules, row, acc, 'integer')?.replace(/[\s-]/g, '');
  const phoneRequired = rules.template.columns.some((c) => c.key === 'phone' && c.required);
  if (phone === undefined) {
    if (phoneRequired && !acc.errors.some((e) => e.column === '手机号码'))
      err(acc, row, '手机号码', 'IMPORT.PHONE_REQUIRED', '手机号码不能为空');
  } else if (!PHONE.test(phone))
    err(acc, row, '手机号码', 'IMPORT.PHONE_INVALID', '手机号码应为 11 位手机号');
  let card: string | undefined;
  if (rules.template.cardColumn) {
    card = field(raw, 'unionCard', rules, row, acc, 'integer')?.replace(/\s/g, '');
    if (card === undefined) {
      if (rules.requireCard && !acc.errors.some((e) => e.column === '工会卡卡号'))
        err(acc, row, '工会卡卡号', 'IMPORT.CARD_REQUIRED', '本项目须持有工会服务卡，工会卡卡号不能为空');
    } else if (!CARD.test(card))
      err(acc, row, '工会卡卡号', 'IMPORT.CARD_INVALID', '工会卡卡号应为 16–19 位数字');
  }
  return {
    phone: phone && PHONE.test(phone) ? phone : undefined,
    card: card && CARD.test(card) ? card : undefined,
  };
}

/** Guangdong's 性别 / 年龄 / 保费 columns: checked against the ID number and the program, as warnings. */
function checkGuangdongExtras(
  raw: RawRow,
  rules: RowRules,
  row: number,
  acc: Acc,
  id: { birthDate: IsoDate; sex: Sex },
) {
  const sex = field(raw, 'sex', rules, row, acc, 'never');
  if (sex && sex !== (id.sex === 'male' ? '男' : '女'))
    warn(acc, row, '性别', 'IMPORT.SEX_MISMATCH', `性别“${sex}”与身份证号码不符，以身份证号码为准`);
  const age = field(raw, 'age', rules, row, acc, 'integer');
  if (age && Math.abs(Number(age) - ageOn(id.birthDate, rules.today)) > 1)
    warn(acc, row, '年龄', 'IMPORT.AGE_MISMATCH', `年龄“${age}”与身份证号码不符，以身份证号码为准`);
  const premium =
    raw.premium?.kind === 'number'
      ? String(raw.premium.value)
      : field(raw, 'premium', rules, row, acc, 'never');
  if (premium && rules.feeYuan !== undefined && Number(premium) !== rules.feeYuan)
    warn(
      acc,
      row,
      '保费(元)',
      'IMPORT.PREMIUM_MISMATCH',
      `保费“${premium}”与本项目标准 ${rules.feeYuan} 元不符，按项目标准计费`,
    );
}

/** One sheet row against the template's rules (no database: duplicates are found separately). */
export function validateRow(raw: RawRow, row: number, rules: RowRules): RowResult {
  if (isBlankRow(raw)) return { row, blank: true, errors: [], warnings: [] };
  const acc: Acc = { errors: [], warnings: [] };
  const { name, id } = checkIdentity(raw, rules, row, acc);
  const { phone, card } = checkContact(raw, rules, row, acc);
  const township = field(raw, 'township', rules, row, acc, 'never');
  if (township && !townshipMatchesOnce(township, rules.unitNames))
    err(
      acc,
      row,
      '乡镇',
      'IMPORT.UNIT_MISMATCH',
      `乡镇“${township.slice(0, 20)}”与导入单位（${rules.unitNames[0]}）不符`,
    );
  const employer = field(raw, 'employer', rules, row, acc, 'never');
  for (const key of ['signature', 'health', 'beneficiary', 'highRisk', 'remark'] as const)
    if (raw[key]) field(raw, key, rules, row, acc, 'integer');
  if (id) {
    if (probablyRetired(id.birthDate, id.sex, 'unknown', rules.today))
      warn(
        acc,
        row,
        '身份证号码',
        'ENROLL.PROBABLY_RETIRED',
        '按身份证出生日期已达到法定退休年龄，请单位核实确未退休',
      );
    if (ageOn(id.birthDate, rules.today) < 16)
      err(acc, row, '身份证号码', 'IMPORT.UNDER_AGE', '按身份证出生日期未满 16 周岁，不是在职职工');
    if (rules.template.id === 'guangdong') checkGuangdongExtras(raw, rules, row, acc, id);
  }
  const ok = acc.errors.length === 0 && name !== undefined && id !== undefined;
  return {
    row,
    blank: false,
    errors: acc.errors,
    warnings: acc.warnings,
    person: ok
      ? {
          row,
          name: name!,
          idNumber: id!.idNumber,
          birthDate: id!.birthDate,
          sex: id!.sex,
          ...(phone ? { phone } : {}),
          ...(card ? { unionCard: card } : {}),
          ...(township ? { township } : {}),
          ...(employer ? { employer } : {}),
        }
      : undefined,
  };
}

/**
 * The second and later rows with an ID number seen before become errors naming the first row.
 * Mutates and returns the results (rows in sheet order).
 */
export function markDuplicates(results: RowResult[]): RowResult[] {
  const first = new Map<string, number>();
  for (const r of results) {
    if (!r.person) continue;
    const seen = first.get(r.person.idNumber);
    if (seen === undefined) {
      first.set(r.person.idNumber, r.row);
      continue;
    }
    r.errors.push({
      row: r.row,
      column: '身份证号码',
      code: 'IMPORT.DUPLICATE_IN_FILE',
      message: `第${r.row}行：身份证号码与第${seen}行重复`,
    });
    r.person = undefined;
  }
  return results;
}

export interface ValidationCounts {
  rows: number;
  valid: number;
  invalid: number;
  warnings: number;
  blank: number;
}

export function countResults(results: readonly RowResult[]): ValidationCounts {
  const c: ValidationCounts = { rows: 0, valid: 0, invalid: 0, warnings: 0, blank: 0 };
  for (const r of results) {
    if (r.blank) {
      c.blank++;
      continue;
    }
    c.rows++;
    if (r.person) c.valid++;
    else c.invalid++;
    if (r.warnings.length) c.warnings++;
  }
  return c;
}
