/** The audit log (append-only, paged, exportable) and the review report through the real functions. */
import ExcelJS from 'exceljs';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { chinaToday } from '../../shared/calendar';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import {
  approveAsProposed,
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

test('report: by status, stage times, paid within the deadline, rejection reasons, claims ratio; audit log', async () => {
  const rv = await districtReviewer(app);
  const fin = await centreFinance(app);
  const admin = await centreAdmin(app);
  const w1 = await claimant(app);
  const w2 = await claimant(app);
  const w3 = await claimant(app);
  const paid = await fileClaim(app, w1, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
  const rejected = await fileClaim(app, w2, 'hospitalisation', hospitalFacts(stay()));
  await fileClaim(app, w3, 'hospitalisation', hospitalFacts(stay()));
  await approveAsProposed(rv.client, paid.id);
  await rv.client.call('review.assign', { claimId: rejected.id });
  await rv.client.call('review.reject', {
    claimId: rejected.id,
    reasonCode: 'EXCLUSION:BED_WITHOUT_STAY',
    note: '挂床',
  });
  const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  await fin.client.call('review.batchFile', { batchId: batch.id });
  await fin.client.call('review.batchSettle', { batchId: batch.id, failed: [] });

  const today = chinaToday();
  const input = { orgId: DEMO.city, programId: 'wujin-2024', from: '2020-01-01', to: today };
  expect(await rv.client.try('review.report', input)).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.OUTSIDE_SUBTREE' },
  });
  const r = await admin.client.call('review.report', input);
  expect(r.total).toBe(3);
  expect(r.byStatus).toEqual(
    expect.arrayContaining([
      { status: 'paid', label: '已发放', count: 1 },
      { status: 'rejected', label: '未通过', count: 1 },
      { status: 'submitted', label: '已提交', count: 1 },
    ]),
  );
  expect(r.stages.map((s) => s.status)).toEqual(
    expect.arrayContaining(['submitted', 'centre_review', 'approved', 'in_payout']),
  );
  expect(r.paid).toEqual({ count: 1, withinDeadline: 1, withinDeadlineBp: 10000, amountFen: 100_000 });
  expect(r.rejections).toEqual([
    { code: 'EXCLUSION:BED_WITHOUT_STAY', label: expect.stringContaining('挂床'), count: 1 },
  ]);
  // Premiums of the subtree's active Wujin enrolments (100 yuan each; at least these three).
  expect(r.premiumsFen).toBeGreaterThanOrEqual(30_000);
  expect(r.claimsRatioBp).toBe(Math.round((100_000 * 10000) / r.premiumsFen));
  const xlsx = await admin.client.call('review.reportExport', input);
  expect((await fetch(xlsx.url)).status).toBe(200);

  // The audit log: the admin only; every step of the paid claim is there.
  expect(await rv.client.try('review.auditLog', { orgId: DEMO.city })).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.OUTSIDE_SUBTREE' },
  });
  const log = await admin.client.call('review.auditLog', { orgId: DEMO.city, claimId: paid.id });
  expect(log.items.map((i) => i.action)).toEqual(
    expect.arrayContaining(['review.assign', 'review.approve', 'review.batch.add', 'review.batch.paid']),
  );
  expect(log.items[0]!.actorName).toBeTruthy();
  const all = await admin.client.call('review.auditLog', { orgId: DEMO.city, pageSize: 5 });
  expect(all).toMatchObject({ pageSize: 5, items: expect.any(Array) });
  expect(all.total).toBeGreaterThan(5);
  expect(all.items.map((i) => i.action)).toContain('review.batch.file.full_accounts');
  const exp = await admin.client.call('review.auditExport', {
    orgId: DEMO.city,
    from: '2020-01-01',
    to: today,
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await (await fetch(exp.url)).arrayBuffer()) as never);
  expect(wb.worksheets[0]!.rowCount).toBe(exp.rows + 2);
  expect(exp.rows).toBe(all.total);

  const reasons = await rv.client.call('review.reasons', {
    programId: 'wujin-2024',
    benefitId: 'critical_illness',
  });
  expect(reasons.reasons.map((x) => x.code)).toEqual(
    expect.arrayContaining(['NOT_FIRST_DIAGNOSIS', 'EXCLUSION:PRE_EXISTING']),
  );
});
