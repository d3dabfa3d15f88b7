/**
 * Sheets that must be refused as a whole (not an xlsx, zip bomb, wrong template, empty, over
 * 100,000 rows) or row by row (wrong types, duplicates, formulas), each writing nothing it should
 * not; tickets bound to their caller; the Guangdong form; a commit replayed after a lost cursor.
 */
import ExcelJS from 'exceljs';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { startApp, type ApiClient, type TestApp } from '../helpers/app';
import {
  commitAll,
  guangdongSheet,
  idFor,
  sheetRow,
  uploadAndValidate,
  wujinRow,
  wujinSheet,
} from '../helpers/xlsx';

jest.setTimeout(180_000);

let app: TestApp;
let officer: ApiClient;
beforeAll(async () => {
  // One chunk per commit call, so a replay can be staged between calls.
  process.env.UNITDATA_COMMIT_BUDGET_MS = '1';
  app = await startApp();
  officer = await app.as(DEMO.unitOfficer);
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const programId = () => db().collection('_rt_meta').get('seed').demoProgramId as string;
const nothingWritten = () => {
  expect(db().collection('members').count({})).toBe(0);
  expect(db().collection('enrollments').count({ unitId: DEMO.unit, programId: programId() })).toBe(0);
};

async function refused(bytes: Buffer) {
  const { res } = await uploadAndValidate(officer, bytes, DEMO.unit, programId());
  if (!res.ok) throw new Error(res.error.message);
  expect(res.data.status).toBe('refused');
  nothingWritten();
  return res.data.refusal!;
}

describe('whole-file refusals, by content', () => {
  test('not an xlsx: a PNG, a CSV, a broken zip', async () => {
    expect((await refused(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).code).toBe(
      'IMPORT.NOT_XLSX',
    );
    expect((await refused(Buffer.from('序号,乡镇,姓名\n1,高新区,王建国\n'))).code).toBe('IMPORT.NOT_XLSX');
    const good = await wujinSheet([wujinRow(1)]);
    expect((await refused(Buffer.concat([good.subarray(0, 200), Buffer.alloc(500)]))).code).toBe(
      'IMPORT.NOT_XLSX',
    );
  });

  test('a zip bomb is refused from its central directory, before inflating', async () => {
    const bytes = Buffer.from(await wujinSheet([wujinRow(1)]));
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = bytes.readUInt32LE(eocd + 16);
    bytes.writeUInt32LE(0x7fff0000, cd + 24); // first entry claims ~2 GB uncompressed
    expect((await refused(bytes)).code).toBe('IMPORT.FILE_TOO_LARGE');
  });

  test('wrong template and empty sheets', async () => {
    const wrong = await refused(await wujinSheet([['1', '张三']], { headers: ['编号', '名字', '电话'] }));
    expect(wrong.code).toBe('IMPORT.WRONG_TEMPLATE');
    expect(wrong.message).toContain('身份证号码');
    expect((await refused(await wujinSheet([]))).code).toBe('IMPORT.EMPTY');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空');
    expect((await refused(Buffer.from(await wb.xlsx.writeBuffer()))).code).toBe('IMPORT.EMPTY');
  });

  test('more than 100,000 rows is refused with a clear message', async () => {
    const rows = Array.from({ length: 100_001 }, (_, k) => [k + 1, '高新区', '王建国', idFor(k % 50_000)]);
    const r = await refused(await wujinSheet(rows));
    expect(r).toMatchObject({ code: 'IMPORT.TOO_MANY_ROWS' });
    expect(r.message).toContain('100,000');
  });
});

describe('row-level errors', () => {
  test('wrong types, duplicates and formulas are reported by row; all_or_nothing writes nothing', async () => {
    const rows = Array.from({ length: 8 }, (_, k) => wujinRow(k));
    rows[1]![3] = Number(idFor(1).slice(0, 17)); // a number: Excel dropped the last digits
    rows[2]![3] = idFor(0); // duplicate of the first row
    rows[3]![4] = { formula: 'E4+1', result: 13900000004 }; // formula in 手机号码
    // A date in 工会卡卡号: with styles not read, it arrives as its serial number, refused as a card number.
    rows[4]![6] = new Date('2024-01-01');
    rows[5]![2] = '张三123';
    const { res } = await uploadAndValidate(officer, await wujinSheet(rows), DEMO.unit, programId());
    if (!res.ok) throw new Error(res.error.message);
    const v = res.data;
    expect(v.counts).toMatchObject({ rows: 8, valid: 3, invalid: 5 });
    const at = (k: number) => v.errors.filter((e) => e.row === sheetRow(k)).map((e) => e.code);
    expect(at(1)).toEqual(['IMPORT.CELL_NUMBER']);
    expect(at(2)).toEqual(['IMPORT.DUPLICATE_IN_FILE']);
    expect(v.errors.find((e) => e.row === sheetRow(2))!.message).toBe(
      `第${sheetRow(2)}行：身份证号码与第${sheetRow(0)}行重复`,
    );
    expect(at(3)).toEqual(['IMPORT.CELL_FORMULA']);
    expect(at(4)).toEqual(['IMPORT.CARD_INVALID']);
    expect(at(5)).toEqual(['IMPORT.NAME_INVALID']);
    expect(v.formulaPolicy).toContain('公式');
    expect(
      await officer.try('unitdata.commitImport', { importId: v.importId, mode: 'all_or_nothing' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'IMPORT.HAS_ERRORS' },
    });
    nothingWritten();
  });

  test('a ticket is one caller’s, one unit’s, one path; a fileID elsewhere is refused', async () => {
    const ticket = await officer.call('unitdata.importTicket', { unitId: DEMO.unit });
    const other = await app.as(DEMO.reviewer);
    expect(
      await other.try('unitdata.validateImport', {
        ticketId: ticket.ticketId,
        fileID: `cloud://x.local/${ticket.path}`,
        programId: programId(),
        unitId: DEMO.unit,
      }),
    ).toMatchObject({ ok: false, error: { code: 'IMPORT.TICKET_INVALID' } });
    expect(
      await officer.try('unitdata.validateImport', {
        ticketId: ticket.ticketId,
        fileID: 'cloud://x.local/uploads/0000/1111',
        programId: programId(),
        unitId: DEMO.unit,
      }),
    ).toMatchObject({ ok: false, error: { code: 'IMPORT.TICKET_INVALID' } });
    expect(
      await officer.try('unitdata.validateImport', {
        ticketId: ticket.ticketId,
        fileID: `cloud://x.local/${ticket.path}`,
        programId: programId(),
        unitId: DEMO.unit,
      }),
    ).toMatchObject({ ok: false, error: { code: 'IMPORT.FILE_NOT_UPLOADED' } });
  });
});

describe('commit', () => {
  test('a chunk replayed after a lost cursor creates nothing twice', async () => {
    const rows = Array.from({ length: 1200 }, (_, k) => wujinRow(20_000 + k));
    const { res } = await uploadAndValidate(officer, await wujinSheet(rows), DEMO.unit, programId());
    if (!res.ok) throw new Error(res.error.message);
    const importId = res.data.importId;
    const first = await officer.call('unitdata.commitImport', { importId, mode: 'all_or_nothing' });
    expect(first.commit).toMatchObject({ chunksDone: 1, chunks: 2, enrolmentsCreated: 1000, done: false });
    // The call died after writing chunk 0 but before the cursor moved: rewind it.
    db()
      .collection('imports')
      .update(
        { _id: importId },
        {
          $set: {
            'commit.cursor': 0,
            'commit.rowsDone': 0,
            'commit.enrolmentsCreated': 0,
            'commit.membersCreated': 0,
          },
        },
      );
    const { summary, calls } = await commitAll(officer, importId, 'all_or_nothing');
    expect(calls).toBe(2);
    expect(summary.commit).toMatchObject({ done: true, enrolmentsCreated: 1200, rowsDone: 1200 });
    expect(db().collection('enrollments').count({ importId })).toBe(1200);
    expect(db().collection('members').count({ importId })).toBe(1200);
    // The mode chosen stays the mode; a second import of the same people is refused row by row.
    expect(await officer.try('unitdata.commitImport', { importId, mode: 'valid_rows' })).toMatchObject({
      ok: false,
      error: { code: 'IMPORT.MODE_CHANGED' },
    });
    const again = await uploadAndValidate(
      officer,
      await wujinSheet(rows.slice(0, 3)),
      DEMO.unit,
      programId(),
    );
    if (!again.res.ok) throw new Error(again.res.error.message);
    expect(again.res.data.errors.map((e) => e.code)).toEqual([
      'IMPORT.ALREADY_ENROLLED',
      'IMPORT.ALREADY_ENROLLED',
      'IMPORT.ALREADY_ENROLLED',
    ]);
    // Paper enrolments wait for the unit's transfer; their fee lines are the program's split.
    const e = db().collection('enrollments').find({ importId }, { limit: 1 })[0];
    expect(e).toMatchObject({
      status: 'pending_payment',
      channel: 'paper',
      collectedBy: 'unit',
      totalFen: 10000,
      workerFen: 2000,
    });
    expect(e.feeLines.map((l: { payer: string }) => l.payer)).toEqual(['worker', 'county_union']);
  });

  test('a commit killed mid-chunk resumes at once and writes and counts each row once', async () => {
    const rows = Array.from({ length: 1500 }, (_, k) => wujinRow(40_000 + k));
    const { res } = await uploadAndValidate(officer, await wujinSheet(rows), DEMO.unit, programId());
    if (!res.ok) throw new Error(res.error.message);
    const importId = res.data.importId;
    const commit = () => officer.try('unitdata.commitImport', { importId, mode: 'all_or_nothing' });
    // Chunk 0 dies after its members went in, before its enrolments did.
    app.runtime.faults.failWrites({ collection: 'enrollments', action: 'insertDocument', times: 1 });
    expect(await commit()).toMatchObject({ ok: false });
    expect(db().collection('members').count({ importId })).toBe(1000);
    expect(db().collection('enrollments').count({ importId })).toBe(0);
    // The failed call let go of its lease: the next one resumes from the cursor, not 90 s later.
    expect(await commit()).toMatchObject({ ok: true, data: { commit: { chunksDone: 1, done: false } } });
    // Chunk 1 dies after its enrolments went in, before its members did.
    app.runtime.faults.failWrites({ collection: 'members', action: 'insertDocument', times: 1 });
    expect(await commit()).toMatchObject({ ok: false });
    expect(db().collection('enrollments').count({ importId })).toBe(1500);
    expect(db().collection('members').count({ importId })).toBe(1000);
    const { summary } = await commitAll(officer, importId, 'all_or_nothing');
    expect(summary.commit).toMatchObject({
      done: true,
      rowsDone: 1500,
      enrolmentsCreated: 1500,
      membersCreated: 1500,
      alreadyEnrolled: 0,
      lateErrors: [],
    });
    const enrolments = db().collection('enrollments').find({ importId });
    const members = db().collection('members').find({ importId });
    expect(new Set(enrolments.map((e) => e.importRow)).size).toBe(1500);
    expect(new Set(members.map((m) => m._id))).toEqual(new Set(enrolments.map((e) => e.userId)));
  });

  test('the Guangdong group form is recognised and validated', async () => {
    const { res } = await uploadAndValidate(
      officer,
      await guangdongSheet([
        [2, '张三', idFor(30_001, 'female'), '女', 27, '健康', '法定', '', 100, '13888888888', ''],
        [3, '李四', idFor(30_003, 'male'), '女', 27, '健康', '法定', '', 100, '139', ''],
      ]),
      DEMO.unit,
      programId(),
    );
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.template).toBe('guangdong');
    expect(res.data.counts).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
    expect(res.data.errors[0]).toMatchObject({ row: 5, code: 'IMPORT.PHONE_INVALID' });
    expect(res.data.warnings.map((w) => w.code)).toContain('IMPORT.SEX_MISMATCH');
  });
});
