/**
 * Medical-insurance settlement records (Wujin: stays settled through Changzhou medical insurance,
 * which need no material): the rows of the centre's .xlsx export, checked one by one. Pure: the
 * handler reads the sheet into string cells and matches each valid row to an enrolled worker.
 */
import { isIsoDate, type IsoDate } from '../calendar';
import { parseIdNumber } from '../identity';
import { parseYuan } from '../money';

/** The columns of the export, by header text (any order; extra columns ignored). */
export const SETTLEMENT_COLUMNS = {
  name: ['姓名'],
  idNumber: ['身份证号码', '身份证号', '公民身份号码'],
  admittedOn: ['入院日期'],
  dischargedOn: ['出院日期'],
  hospital: ['医院', '医院名称', '就诊医院'],
  selfPaid: ['个人自理金额', '个人自理', '自理金额', '个人自理金额（元）', '个人自理金额(元)'],
} as const;
export type SettlementField = keyof typeof SETTLEMENT_COLUMNS;

export interface SettlementRecord {
  row: number;
  name: string;
  idNumber: string;
  admittedOn: IsoDate;
  dischargedOn: IsoDate;
  hospital: string;
  selfPaidFen: number;
}

export type SettlementRow =
  { ok: true; record: SettlementRecord } | { ok: false; row: number; reason: string };

/** Which column holds each field, or the fields not found. */
export function mapColumns(
  header: readonly string[],
): { map: Record<SettlementField, number> } | { missing: string[] } {
  const norm = header.map((h) => String(h ?? '').replace(/\s+/g, ''));
  const map = {} as Record<SettlementField, number>;
  const missing: string[] = [];
  for (const [field, names] of Object.entries(SETTLEMENT_COLUMNS) as [SettlementField, readonly string[]][]) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i < 0) missing.push(names[0]!);
    else map[field] = i;
  }
  return missing.length ? { missing } : { map };
}

/** 2024-03-01, 2024/3/1 or 20240301 → 2024-03-01. */
export function normaliseDate(raw: string): IsoDate | null {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(d) ? d : null;
}

/** One data row (cells as text), checked; `row` is the sheet's row number for the centre's list. */
export function parseSettlementRow(
  row: number,
  cells: readonly string[],
  map: Record<SettlementField, number>,
): SettlementRow {
  const cell = (f: SettlementField) => String(cells[map[f]] ?? '').trim();
  const fail = (reason: string): SettlementRow => ({ ok: false, row, reason });
  const name = cell('name');
  if (!name) return fail('姓名为空');
  const id = parseIdNumber(cell('idNumber').toUpperCase());
  if (!id.ok) return fail('身份证号码无效');
  const admittedOn = normaliseDate(cell('admittedOn'));
  const dischargedOn = normaliseDate(cell('dischargedOn'));
  if (!admittedOn || !dischargedOn) return fail('入院或出院日期无效');
  if (dischargedOn < admittedOn) return fail('出院日期早于入院日期');
  const hospital = cell('hospital');
  if (!hospital) return fail('医院为空');
  let selfPaidFen: number;
  try {
    selfPaidFen = parseYuan(cell('selfPaid'));
  } catch {
    return fail('个人自理金额无效');
  }
  if (selfPaidFen < 0) return fail('个人自理金额不能为负');
  return {
    ok: true,
    record: {
      row,
      name,
      idNumber: id.idNumber,
      admittedOn,
      dischargedOn,
      hospital: hospital.slice(0, 60),
      selfPaidFen,
    },
  };
}
