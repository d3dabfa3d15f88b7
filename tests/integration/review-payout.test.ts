/**
 * Payout batches through the real functions: approved claims into a batch, the bank's transfer
 * list (full account numbers only for the finance role, audited), paid and failed items (a failed
 * one into the next batch), settling twice refused, and the timers escalating a late payout.
 */
import ExcelJS from 'exceljs';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay, type Claimant } from '../helpers/claims';
import {
  approveAsProposed,
  auditOf,
  centreAdmin,
  centreFinance,
  districtReviewer,
  fileClaim,
} from '../helpers/review';

jest.setTimeout(180_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const claimDoc = (id: string) => db().collection('claims').get(id);
const cardOf = (w: Claimant) => db().collection('users').get(w.userId).unionCardMasked as string;

async function sheetRows(url: string): Promise<string[][]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

test('approved claims → batch → transfer list → paid and failed; twice refused; failed into the next batch', async () => {
  const rv = await districtReviewer(app);
  const w1 = await claimant(app, '张小三');
  const w2 = await claimant(app, '李四');
  const c1 = await fileClaim(app, w1, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
  const c2 = await fileClaim(app, w2, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 2_500_000 })));
  await approveAsProposed(rv.client, c1.id);
  await approveAsProposed(rv.client, c2.id);

  // A reviewer is not finance.
  expect(
    await rv.client.try('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.OUTSIDE_SUBTREE' },
  });
  const fin = await centreFinance(app);
  const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  expect(batch).toMatchObject({ status: 'open', count: 2, totalFen: 100_000 + 300_000 });
  expect(batch.items.map((i) => i.payoutDue)).toEqual([expect.any(String), expect.any(String)]);
  expect(claimDoc(c1.id)).toMatchObject({ status: 'in_payout', payoutBatchId: batch.id });

  // Nothing to settle before the bank had the list.
  expect(await fin.client.try('review.batchSettle', { batchId: batch.id, failed: [] })).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.BATCH_NOT_EXPORTED' },
  });

  // The centre admin's copy is masked; the finance role's has the full number; both audited.
  const full1 = `6227${'0'.repeat(12)}`.slice(0, 4); // prefix of every demo card
  const admin = await centreAdmin(app);
  const masked = await admin.client.call('review.batchFile', { batchId: batch.id });
  expect(masked.fullAccounts).toBe(false);
  const maskedRows = await sheetRows(masked.url);
  expect(maskedRows.flat().join('|')).not.toMatch(/6227\d{12}/);
  expect(maskedRows.flat()).toContain(cardOf(w1));
  const bank = await fin.client.call('review.batchFile', { batchId: batch.id });
  expect(bank.fullAccounts).toBe(true);
  const bankRows = await sheetRows(bank.url);
  const line = bankRows.find((r) => r.includes(c1.id))!;
  expect(line).toEqual(
    expect.arrayContaining([
      '张小三',
      expect.stringMatching(/^32\*+\d\w$/),
      expect.stringMatching(new RegExp(`^${full1}\\d{12}$`)),
      '1000.00',
    ]),
  );
  const fileAudits = db().collection('auditLog').find({ 'subject.id': batch.id });
  expect(fileAudits.map((a: { action: string }) => a.action).sort()).toEqual([
    'review.batch.file',
    'review.batch.file.full_accounts',
  ]);
  // No response carries the full number.
  const everything = JSON.stringify([
    await fin.client.call('review.batchGet', { batchId: batch.id }),
    await rv.client.call('review.get', { claimId: c1.id }),
    await fin.client.call('review.batchList', { orgId: DEMO.city }),
  ]);
  expect(everything).not.toMatch(/6227\d{12}/);

  // The bank paid one, the other failed.
  const settled = await fin.client.call('review.batchSettle', {
    batchId: batch.id,
    failed: [{ claimId: c2.id, reason: '账户已销户' }],
  });
  expect(settled.status).toBe('settled');
  expect(settled.items.map((i) => [i.claimId, i.status])).toEqual(
    expect.arrayContaining([
      [c1.id, 'paid'],
      [c2.id, 'failed'],
    ]),
  );
  expect(claimDoc(c1.id)).toMatchObject({ status: 'paid', paidAt: expect.any(Date) });
  const failed = claimDoc(c2.id);
  expect(failed.status).toBe('approved');
  expect(failed.payoutBatchId).toBeUndefined();
  expect(failed.timeline.at(-1).text).toContain('账户已销户');
  const msgs = db().collection('outbox').find({ claimId: c2.id, kind: 'claim_status' });
  expect(msgs.map((m: { data: { note: string } }) => m.data.note).join('|')).toContain('账户已销户');

  // Settling twice is refused and changes nothing.
  const versions = [claimDoc(c1.id).version, claimDoc(c2.id).version];
  const twice = await fin.client.try('review.batchSettle', { batchId: batch.id, failed: [] });
  expect(twice).toMatchObject({ ok: false, status: 409, error: { code: 'REVIEW.BATCH_ALREADY_SETTLED' } });
  expect([claimDoc(c1.id).version, claimDoc(c2.id).version]).toEqual(versions);
  expect(claimDoc(c2.id).status).toBe('approved');

  // The failed transfer goes into the next batch.
  const next = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  expect(next.items.map((i) => i.claimId)).toEqual([c2.id]);
  expect(auditOf(app, c2.id).map((e) => e.action)).toEqual(
    expect.arrayContaining(['review.batch.add', 'review.batch.failed']),
  );

  // A second hospital claim after the first was paid pays the difference, through approve.
  const again = await fileClaim(
    app,
    w1,
    'hospitalisation',
    hospitalFacts(stay({ admittedOn: '2024-09-01', dischargedOn: '2024-09-05', selfPaidFen: 400_000 })),
  );
  const taken = await rv.client.call('review.assign', { claimId: again.id });
  expect(taken.proposal).toMatchObject({ amountFen: 50_000, alreadyPaidFen: 100_000 });
  expect(taken.proposal.earlierClaims).toEqual([{ claimId: c1.id, status: 'paid', amountFen: 100_000 }]);
  await rv.client.call('review.approve', { claimId: again.id, amountFen: 50_000 });
});

test('a payout past its deadline is highlighted and escalated to the centre admin once', async () => {
  const rv = await districtReviewer(app);
  const w = await claimant(app);
  const c = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
  await approveAsProposed(rv.client, c.id);
  db()
    .collection('claims')
    .update({ _id: c.id }, { $set: { payoutDue: '2024-01-10' } });
  await app.runtime.runTimer('timers');
  await app.runtime.runTimer('timers');
  const doc = claimDoc(c.id);
  expect(doc.flags).toContain('late');
  const told = db().collection('outbox').find({ claimId: c.id, kind: 'payout_late' });
  const told2 = told.map((t: { userId: string }) => t.userId);
  // Every centre admin over the unit (the demo one on the province, the test's on the city), each once.
  expect(told2).toContain(userIdFor(DEMO.admin));
  expect(new Set(told2).size).toBe(told2.length);
  const q = await rv.client.call('review.queue', { orgId: DEMO.district, status: 'approved', flag: 'late' });
  expect(q.items.find((i) => i.id === c.id)).toMatchObject({
    dueStatus: 'late',
    flags: expect.arrayContaining(['late']),
  });
});
