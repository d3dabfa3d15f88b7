/**
 * The medical-insurance settlement import (Wujin: stays settled through Changzhou insurance need
 * no material): the centre uploads an .xlsx by ticket, rows are matched by the ID number's keyed
 * hash, matched rows become pre-filled claims the worker submits with one tap, unmatched rows are
 * listed with the reason, and importing the same file again creates nothing.
 */
import ExcelJS from 'exceljs';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { smsSignIn, startApp, type ApiClient, type TestApp } from '../helpers/app';
import { activeEnrolment, putStaged } from '../helpers/claims';
import { centreReviewer, districtReviewer } from '../helpers/review';

jest.setTimeout(180_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

async function worker(
  name: string,
  idNumber: string,
  phone: string,
): Promise<{ client: ApiClient; userId: string }> {
  const { client, phoneCode, openid } = await smsSignIn(app, phone);
  await client.call('user.register', { name, idNumber, phoneCode, unionCardNo: '6227000011112222' });
  await client.call('org.joinUnit', { via: 'qr', scene: app.joinToken(DEMO.unit) });
  const userId = userIdFor(openid);
  activeEnrolment(app, userId);
  return { client, userId };
}

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结算');
  ws.addRow(['常州市医保结算记录导出']);
  ws.addRow(['姓名', '身份证号码', '入院日期', '出院日期', '医院', '个人自理金额']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importFile(client: ApiClient, bytes: Buffer) {
  const ticket = await client.call('review.importTicket', { orgId: DEMO.city, programId: 'wujin-2024' });
  const fileID = await putStaged(client, ticket.cloudPath, bytes);
  return client.try('review.importSettlements', { ticketId: ticket.ticketId, fileID });
}

test('matched rows become pre-filled claims the worker submits with one tap; unmatched are listed with the reason', async () => {
  const idA = demoIdNumber('1980-02-03', 401, 'male');
  const idB = demoIdNumber('1981-05-06', 402, 'female');
  const a = await worker('钱大明', idA, '13700000401');
  await worker('孙小红', idB, '13700000402');
  const stranger = demoIdNumber('1982-07-08', 403, 'male');
  const centre = await centreReviewer(app);
  const bytes = await sheet([
    ['钱大明', idA, '2024-03-01', '2024-03-10', '武进人民医院', '8000'],
    ['孙小红', idB, '2024-04-01', '2024-04-05', '武进中医院', '1200.50'],
    ['孙小红', idB, '2023-12-20', '2023-12-28', '武进中医院', '900'],
    ['李不在', stranger, '2024-05-01', '2024-05-03', '武进人民医院', '3000'],
    ['王错名', idA, '2024-06-01', '2024-06-03', '武进人民医院', '3000'],
    ['赵坏号', '320412198001011234', '2024-06-01', '2024-06-03', '武进人民医院', '3000'],
  ]);
  // A district reviewer is not the centre.
  const rv = await districtReviewer(app);
  expect(
    await rv.client.try('review.importTicket', { orgId: DEMO.city, programId: 'wujin-2024' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.OUTSIDE_SUBTREE' },
  });
  const res = await importFile(centre.client, bytes);
  if (!res.ok) throw new Error(res.error.message);
  expect(res.data).toMatchObject({ created: 2, unmatched: 4, mode: 'worker_confirms' });
  const byRow = new Map(res.data.rows.map((r) => [r.row, r]));
  expect(byRow.get(3)).toMatchObject({ status: 'created', name: '钱*明' });
  expect(byRow.get(4)).toMatchObject({ status: 'created' });
  expect(byRow.get(5)).toMatchObject({ status: 'unmatched', reason: '住院日期不在保障期内' });
  expect(byRow.get(6)).toMatchObject({ status: 'unmatched', reason: '未找到该身份证号码的注册职工' });
  expect(byRow.get(7)).toMatchObject({ status: 'unmatched', reason: '姓名与身份证号码不符' });
  expect(byRow.get(8)).toMatchObject({ status: 'invalid', reason: '身份证号码无效' });
  expect(JSON.stringify(res.data)).not.toContain(idA);

  // The worker sees the pre-filled claim and confirms it with one tap (no material needed).
  const claimId = byRow.get(3)!.claimId!;
  const draft = await a.client.call('claim.get', { claimId });
  expect(draft).toMatchObject({ status: 'draft', missing: [], filedBy: { role: 'system' } });
  expect(draft.facts).toMatchObject({
    stays: [{ settlement: 'insurance', selfPaidFen: 800_000, hospital: '武进人民医院' }],
  });
  const { claim } = await a.client.call('claim.submit', { claimId });
  expect(claim).toMatchObject({ status: 'submitted', estimateFen: 100_000 });
  const q = await centre.client.call('review.queue', { orgId: DEMO.city, status: 'submitted' });
  expect(q.items.map((i) => i.id)).toContain(claimId);

  // The same file again: nothing new, each row a duplicate; the ticket works once.
  const again = await importFile(centre.client, bytes);
  if (!again.ok) throw new Error(again.error.message);
  expect(again.data.created).toBe(0);
  expect(again.data.rows.filter((r) => r.status === 'duplicate')).toHaveLength(2);
  const ticket = await centre.client.call('review.importTicket', {
    orgId: DEMO.city,
    programId: 'wujin-2024',
  });
  const fileID = await putStaged(centre.client, ticket.cloudPath, bytes);
  await centre.client.call('review.importSettlements', { ticketId: ticket.ticketId, fileID });
  expect(
    await centre.client.try('review.importSettlements', { ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.IMPORT_TICKET_INVALID' },
  });
});

test('a file that is not a settlement sheet is refused', async () => {
  const centre = await centreReviewer(app);
  const notXlsx = await importFile(centre.client, Buffer.from('name,id\n'));
  expect(notXlsx).toMatchObject({ ok: false, error: { code: 'REVIEW.IMPORT_NOT_XLSX' } });
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('x').addRow(['姓名', '电话']);
  const wrong = await importFile(centre.client, Buffer.from(await wb.xlsx.writeBuffer()));
  expect(wrong).toMatchObject({ ok: false, error: { code: 'REVIEW.IMPORT_WRONG_COLUMNS' } });
});

test('a ticket given before the centre role was revoked imports nothing', async () => {
  const centre = await centreReviewer(app, '将离任');
  const ticket = await centre.client.call('review.importTicket', {
    orgId: DEMO.city,
    programId: 'wujin-2024',
  });
  const bytes = await sheet([
    ['钱大明', demoIdNumber('1980-02-03', 401, 'male'), '2024-07-01', '2024-07-05', '武进人民医院', '500'],
  ]);
  const fileID = await putStaged(centre.client, ticket.cloudPath, bytes);
  // Within the ticket's time the officer moves to a district post: no centre role any more.
  app.runtime.db
    .collection('users')
    .update(
      { _id: centre.userId },
      { $set: { grants: [{ role: 'district_reviewer', orgId: DEMO.district }] } },
    );
  const claimsBefore = app.runtime.db.collection('claims').count({});
  expect(
    await centre.client.try('review.importSettlements', { ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({ ok: false, error: { code: 'REVIEW.OUTSIDE_SUBTREE' } });
  expect(app.runtime.db.collection('claims').count({})).toBe(claimsBefore);
  expect(app.runtime.db.collection('settlementImports').get(ticket.ticketId).usedAt).toBeUndefined();
});
