import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { AppError } from '@shared/errors';
import { cloud } from './cloud';

/** Exported files live privately under exports/<random>.xlsx and are handed out as temp URLs. */
export const EXPORT_URL_SECONDS = 15 * 60;

export interface SheetSpec {
  name: string;
  /** Title rows above the header (merged across the columns). */
  titles: string[];
  columns: { header: string; width: number }[];
  rows: (string | number | null)[][];
}

/** One workbook of plain sheets: text cells stay text (ID numbers and card numbers never become numbers). */
export async function workbookBuffer(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '职工互助保障';
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name.slice(0, 31));
    ws.columns = spec.columns.map((c) => ({ width: c.width }));
    for (const t of spec.titles) {
      const r = ws.addRow([t]);
      ws.mergeCells(r.number, 1, r.number, spec.columns.length);
      r.font = { bold: true };
    }
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    for (const row of spec.rows) ws.addRow(row);
    // Text format for every data cell, so a worker typing an ID number into the template keeps all 18 digits.
    for (let c = 1; c <= spec.columns.length; c++) ws.getColumn(c).numFmt = '@';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function storeExport(bytes: Buffer): Promise<string> {
  const res = (await cloud.uploadFile({
    cloudPath: `exports/${randomBytes(16).toString('hex')}.xlsx`,
    fileContent: bytes,
  })) as unknown as { fileID: string };
  return res.fileID;
}

export async function storePrivateCopy(bytes: Buffer): Promise<string> {
  const res = (await cloud.uploadFile({
    cloudPath: `imports/${randomBytes(16).toString('hex')}.xlsx`,
    fileContent: bytes,
  })) as unknown as { fileID: string };
  return res.fileID;
}

export async function exportUrl(fileID: string, now: Date): Promise<{ url: string; expiresAt: string }> {
  const res = (await cloud.getTempFileURL({
    fileList: [{ fileID, maxAge: EXPORT_URL_SECONDS }],
  })) as unknown as {
    fileList: { tempFileURL: string }[];
  };
  const url = res.fileList[0]?.tempFileURL;
  if (!url) throw new AppError('COMMON.UNAVAILABLE', '文件生成失败，请稍后重试');
  return { url, expiresAt: new Date(now.getTime() + EXPORT_URL_SECONDS * 1000).toISOString() };
}

/** Build, store and hand out one workbook: the reply every export action returns. */
export async function exportWorkbook(sheets: SheetSpec[], fileName: string, now: Date) {
  const fileID = await storeExport(await workbookBuffer(sheets));
  const { url, expiresAt } = await exportUrl(fileID, now);
  return { url, fileName, expiresAt, rows: sheets.reduce((t, s) => t + s.rows.length, 0) };
}

export async function downloadUpload(fileID: string): Promise<Buffer | null> {
  try {
    const res = (await cloud.downloadFile({ fileID })) as unknown as { fileContent: Buffer };
    return Buffer.from(res.fileContent);
  } catch {
    return null;
  }
}

export async function deleteQuietly(fileIDs: string[]): Promise<void> {
  if (fileIDs.length === 0) return;
  try {
    await cloud.deleteFile({ fileList: fileIDs });
  } catch (err) {
    console.error(`[unitdata] deleting ${fileIDs.length} file(s) failed: ${(err as Error)?.message ?? err}`);
  }
}
