/** Sign-up sheets built with exceljs for the import tests, and the ticket → upload → validate path. */
import ExcelJS from 'exceljs';
import { idCheckChar } from '../../shared/identity';
import type { ApiClient } from './app';

export const WUJIN_HEADERS = [
  '序号',
  '乡镇',
  '姓名',
  '身份证号码',
  '手机号码',
  '工作单位',
  '工会卡卡号',
  '签字 (自愿同意参加武进区在职职工医疗互助保障,并同意缴纳参保资金 20 元)',
];
export const GUANGDONG_HEADERS = [
  '顺序号',
  '姓名',
  '身份证号码',
  '性别',
  '年龄',
  '健康状况',
  '指定受益人',
  '从事高危行业',
  '保费(元)',
  '手机号码',
  '备注',
];

type Cell = ExcelJS.CellValue;

/** A valid ID number, unique per i (i < 56,000): born 1975-01-01 + (i mod 7000) days, Wujin. */
export function idFor(i: number, sex: 'male' | 'female' = i % 2 ? 'male' : 'female'): string {
  const birth = new Date(Date.UTC(1975, 0, 1) + (i % 7000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const order = String(Math.floor(i / 7000) * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `320411${birth}${order}`;
  return first17 + idCheckChar(first17);
}

/** A Chinese-looking name that passes the name rule. */
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '建国伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
export const nameFor = (i: number) =>
  SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + GIVEN[(i * 13) % GIVEN.length]!;

export function wujinRow(i: number, township = '高新区'): Cell[] {
  return [
    i + 1,
    township,
    nameFor(i),
    idFor(i),
    `139${String(10_000_000 + i).slice(-8)}`,
    '常州某某科技有限公司',
    `6227001${String(100_000_000 + i).slice(-9)}`,
    nameFor(i),
  ];
}

/** The Wujin sheet: title rows, the header, then the rows. */
export async function wujinSheet(
  rows: Cell[][],
  opts: { headers?: string[]; title?: boolean } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('汇总表');
  if (opts.title !== false) {
    ws.addRow(['2024 年武进区在职职工医疗互助保障参保职工授权签字汇总表']);
    ws.addRow(['申请单位工会:(盖章)', '', '', '', '年 月 日']);
  }
  ws.addRow(opts.headers ?? WUJIN_HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function guangdongSheet(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报名表');
  ws.addRow(['保障类型', '', '住院医疗综合', '', '新保/续保', '', '新保']);
  ws.addRow(['单位名称', '', '高新区工会']);
  ws.addRow(GUANGDONG_HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The sheet row number of data row k (0-based) in a sheet built above: two title rows + header. */
export const sheetRow = (k: number) => k + 4;

/** ticket → upload to the staging path (as the H5 client does) → validate. */
export async function uploadAndValidate(client: ApiClient, bytes: Buffer, unitId: string, programId: string) {
  const ticket = await client.call('unitdata.importTicket', { unitId });
  const up = await client.http.request(
    'POST',
    `/storage/upload?path=${encodeURIComponent(ticket.path)}`,
    undefined,
    {
      raw: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    },
  );
  if (up.status !== 200) throw new Error(`upload failed: ${up.status} ${up.text}`);
  const fileID = (up.body as { data: { fileID: string } }).data.fileID;
  const res = await client.try('unitdata.validateImport', {
    ticketId: ticket.ticketId,
    fileID,
    programId,
    unitId,
  });
  return { ticket, fileID, res };
}

/** Calls commitImport until done; returns the last summary and the number of calls. */
export async function commitAll(client: ApiClient, importId: string, mode: 'all_or_nothing' | 'valid_rows') {
  for (let calls = 1; calls <= 200; calls++) {
    const s = await client.call('unitdata.commitImport', { importId, mode });
    if (s.commit?.done) return { summary: s, calls };
  }
  throw new Error('commit did not finish in 200 calls');
}

/** Reads an exported workbook's first sheet as rows of strings. */
export async function readWorkbook(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    out.push((row.values as Cell[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
  );
  return out;
}
