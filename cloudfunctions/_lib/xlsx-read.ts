import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  isBlankRow,
  matchTemplate,
  missingHeaders,
  TEMPLATES,
  type ColumnKey,
  type RawCell,
  type RawRow,
  type SheetTemplate,
} from '@shared/unitdata';

/**
 * Reading an uploaded sign-up sheet, checked by content: a zip (xlsx) whose central directory
 * promises no more than MAX_INFLATED bytes (a zip bomb is refused before anything is inflated),
 * parsed by exceljs's streaming reader (rows are read one at a time, never the whole workbook
 * at once), stopped as soon as the sheet passes MAX_ROWS. Formula cells are refused at row
 * level (their cached values are not trusted: a cached value may be stale or absent), except
 * in the 序号 column, which is informative only.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_INFLATED = 300 * 1024 * 1024;
export const MAX_ROWS = 100_000;
const HEADER_SEARCH_ROWS = 30;

export const FORMULA_POLICY = '公式单元格不予导入（缓存值可能已过期），该行报错；仅“序号”列的公式忽略不计';

export type ReadRefusal = { ok: false; code: string; message: string };
export type ReadResult =
  | { ok: true; template: SheetTemplate; headerRow: number; rows: { row: number; raw: RawRow }[] }
  | ReadRefusal;

const refuse = (code: string, message: string): ReadRefusal => ({ ok: false, code, message });

/** Sum of the uncompressed sizes in the zip's central directory, or null when it is not a zip. */
export function inflatedSize(buf: Buffer): number | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return null;
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(at + 24);
    // ZIP64 markers (0xffffffff) mean "bigger than 4 GB": far past any limit.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return total;
}

function cellOf(v: unknown): RawCell {
  if (v === null || v === undefined || v === '') return { kind: 'empty' };
  if (typeof v === 'string') return v.trim() ? { kind: 'text', text: v } : { kind: 'empty' };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (v instanceof Date) return { kind: 'date', iso: v.toISOString() };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      return { kind: 'formula', cached: typeof r === 'string' || typeof r === 'number' ? r : undefined };
    }
    if (Array.isArray(o.richText))
      return cellOf((o.richText as { text?: string }[]).map((t) => t.text ?? '').join(''));
    if (typeof o.text === 'string') return cellOf(o.text);
  }
  return { kind: 'other' };
}

const headerText = (v: unknown): string => {
  const c = cellOf(v);
  return c.kind === 'text' ? c.text : c.kind === 'number' ? String(c.value) : '';
};

/** Reads the first worksheet of a sign-up sheet into raw rows under the recognised template. */
export async function readSignupSheet(buf: Buffer): Promise<ReadResult> {
  if (buf.length > MAX_FILE_BYTES)
    return refuse('IMPORT.FILE_TOO_LARGE', '文件超过 10 MB，请分成几个表格上传');
  const inflated = inflatedSize(buf);
  if (inflated === null)
    return refuse('IMPORT.NOT_XLSX', '文件不是 Excel（.xlsx）表格：请用 Excel 或 WPS 另存为 .xlsx 后上传');
  if (inflated > MAX_INFLATED) return refuse('IMPORT.FILE_TOO_LARGE', '文件解压后过大，请分成几个表格上传');
  try {
    return await readRows(buf);
  } catch (err) {
    console.warn(`xlsx read failed: ${(err as Error).message?.slice(0, 120)}`);
    return refuse(
      'IMPORT.NOT_XLSX',
      '无法读取该表格：文件已损坏或不是 .xlsx 格式，请另存为 .xlsx 后重新上传',
    );
  }
}

async function readRows(buf: Buffer): Promise<ReadResult> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  const firstHeaders: string[][] = [];
  for await (const sheet of reader) {
    let matched: { template: SheetTemplate; columns: Partial<Record<ColumnKey, number>> } | null = null;
    let headerRow = 0;
    const rows: { row: number; raw: RawRow }[] = [];
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values ?? []) as unknown[];
      if (!matched) {
        if (row.number > HEADER_SEARCH_ROWS) break;
        const headers = Array.from(values, headerText);
        if (firstHeaders.length < HEADER_SEARCH_ROWS) firstHeaders.push(headers);
        matched = matchTemplate(headers);
        if (matched) headerRow = row.number;
        continue;
      }
      const raw: RawRow = {};
      for (const [key, at] of Object.entries(matched.columns)) raw[key as ColumnKey] = cellOf(values[at]);
      if (isBlankRow(raw)) continue;
      rows.push({ row: row.number, raw });
      if (rows.length > MAX_ROWS)
        return refuse(
          'IMPORT.TOO_MANY_ROWS',
          `表格超过 ${MAX_ROWS.toLocaleString('en-US')} 行，请分成几个表格上传`,
        );
    }
    if (!matched) break;
    if (rows.length === 0) return refuse('IMPORT.EMPTY', '表格中没有参保人员（表头下方没有填写任何一行）');
    return { ok: true, template: matched.template, headerRow, rows };
  }
  if (firstHeaders.flat().every((h) => !h))
    return refuse('IMPORT.EMPTY', '表格是空的，请按模板填写参保人员后上传');
  const missing = missingHeaders(TEMPLATES.wujin, firstHeaders.flat());
  return refuse(
    'IMPORT.WRONG_TEMPLATE',
    `表格不是参保汇总表模板：前 ${HEADER_SEARCH_ROWS} 行中找不到表头（缺少：${missing.join('、') || '序号'}）。请下载模板后按模板填写`,
  );
}
