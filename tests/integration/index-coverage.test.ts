/**
 * Every query the functions make on a growing collection is served by a declared index
 * (cloudfunctions/indexes.json, which is also what CloudBase is given): a representative journey
 * through the real functions — a worker enrolling and paying, claims filed, reviewed, batched and
 * paid, the officers' lists, a group application, the timers — with the runtime recording every
 * query SQLite answered by scanning a table or a whole index (EXPLAIN QUERY PLAN). A query that
 * scans here would scan on CloudBase too: add the index to indexes.json.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { startApp, type ApiClient, type CallResult, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import { membersOf, officerWith } from '../helpers/officer';
import { enrolIn, newWorker } from '../helpers/pay';
import {
  approveAsProposed,
  centreAdmin,
  centreFinance,
  districtReviewer,
  fileClaim,
} from '../helpers/review';
import { describeScans, resetScans, scanReport } from '../helpers/scans';
import type { ActionName, InputOf } from '../../shared/api';

jest.setTimeout(300_000);

/**
 * Collections that may be read whole, each with the reason. Everything else (claims, enrollments,
 * orders, users, auditLog, applicationMembers, …) grows with workers, claims or payments.
 */
const SMALL: Record<string, string> = {
  _rt_demo_identities: 'the dev-login identity list: local runtime only, a few dozen entries',
};

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

/** Calls that must succeed for the journey to have made its queries. */
const failures: string[] = [];
async function must<N extends ActionName>(
  client: ApiClient,
  name: N,
  input: InputOf<N>,
): Promise<CallResult<N>> {
  const r = await client.try(name, input);
  if (!r.ok) failures.push(`${name}: ${r.error.code} ${r.error.message}`);
  return r;
}

test('the journey makes no query that scans a growing collection', async () => {
  const db = app.runtime.db;
  const seed = db.collection('_rt_meta').get('seed') as { demoProgramId: string; jinanProgramId: string };
  resetScans(db);

  // A worker joins the demo unit, enrols and pays in the sandbox.
  const worker = await newWorker(app, '13700000001', 301);
  await must(worker, 'user.me', {});
  await must(worker, 'enrollment.offers', {});
  const enrolment = await enrolIn(app, worker);
  const pay = await must(worker, 'enrollment.pay', { enrollmentId: enrolment.id });
  if (pay.ok) await worker.http.post(`/pay/${pay.data.orderId}/confirm`);
  await must(worker, 'enrollment.syncPayment', { enrollmentId: enrolment.id });
  await must(worker, 'enrollment.mine', {});
  await must(worker, 'enrollment.get', { enrollmentId: enrolment.id });

  // Claims: three workers file, the reviewer works the queue, finance pays a batch.
  const w1 = await claimant(app, '张小三');
  const w2 = await claimant(app, '李四');
  const w3 = await claimant(app, '王五');
  const c1 = await fileClaim(app, w1, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
  const c2 = await fileClaim(app, w2, 'hospitalisation', hospitalFacts(stay()));
  await fileClaim(app, w3, 'hospitalisation', hospitalFacts(stay()));
  await must(w1.client, 'claim.mine', {});
  await must(w1.client, 'claim.list', { enrollmentId: w1.enrollmentId });
  await must(w1.client, 'claim.benefits', { enrollmentId: w1.enrollmentId });
  await must(w1.client, 'claim.get', { claimId: c1.id });
  await must(w1.client, 'claim.authorisations', {});

  const rv = await districtReviewer(app);
  const orgId = DEMO.district;
  await must(rv.client, 'review.queue', { orgId });
  await must(rv.client, 'review.queue', { orgId, queue: 'centre_review' });
  await must(rv.client, 'review.queue', { orgId, status: 'submitted', sort: 'newest' });
  await must(rv.client, 'review.queue', { orgId, page: 2 });
  await must(rv.client, 'review.get', { claimId: c1.id });
  await approveAsProposed(rv.client, c1.id);
  await must(rv.client, 'review.assign', { claimId: c2.id });
  await must(rv.client, 'review.reject', {
    claimId: c2.id,
    reasonCode: 'EXCLUSION:BED_WITHOUT_STAY',
    note: '挂床',
  });
  await must(rv.client, 'review.queue', { orgId, mine: true });
  await must(rv.client, 'review.queue', { orgId, status: 'approved' });

  const fin = await centreFinance(app);
  const batch = await must(fin.client, 'review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  if (batch.ok) {
    await must(fin.client, 'review.batchGet', { batchId: batch.data.id });
    await must(fin.client, 'review.batchFile', { batchId: batch.data.id });
    await must(fin.client, 'review.batchSettle', { batchId: batch.data.id, failed: [] });
  }
  await must(fin.client, 'review.batchList', { orgId: DEMO.city });

  const admin = await centreAdmin(app);
  await must(admin.client, 'review.auditLog', { orgId: DEMO.city });
  await must(admin.client, 'review.auditLog', { orgId: DEMO.city, claimId: c1.id });
  await must(admin.client, 'review.objections', { orgId: DEMO.city });
  await must(admin.client, 'review.noticeList', {});
  await must(admin.client, 'review.reasons', { programId: 'wujin-2024', benefitId: 'hospitalisation' });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await must(admin.client, 'review.report', {
    orgId: DEMO.city,
    programId: 'wujin-2024',
    from: '2020-01-01',
    to: today,
  });

  // The unit officer's lists and figures.
  const officer = await app.as(DEMO.unitOfficer);
  await must(officer, 'org.listJoinRequests', { unitId: DEMO.unit });
  await must(officer, 'org.listJoinRequests', { unitId: DEMO.unit, status: 'approved' });
  await must(officer, 'officer.listOfficers', { orgId: DEMO.unit });
  await must(officer, 'officer.createInvite', { role: 'unit_officer', orgId: DEMO.unit });
  await must(officer, 'officer.listInvites', { orgId: DEMO.unit });
  await must(officer, 'unitdata.dashboard', { programId: seed.demoProgramId, orgId: DEMO.unit });
  const districtAdmin = await app.as(DEMO.admin);
  await must(districtAdmin, 'officer.listOrgs', { parentId: DEMO.district });
  await must(districtAdmin, 'unitdata.dashboard', { programId: seed.demoProgramId, orgId: DEMO.city });

  // A group application in Jinan: quota, members put forward, the lists.
  const jinanUnit = DEMO.jinanUnit;
  const jinanOfficer = officerWith(app, 'cov-jinan-officer', [{ role: 'unit_officer', orgId: jinanUnit }]);
  const members = membersOf(app, jinanUnit, 5, 'cov-member');
  const jo = await app.as(jinanOfficer);
  const opened = await must(jo, 'officer.openApplication', {
    unitId: jinanUnit,
    programId: seed.jinanProgramId,
    route: 'puhui',
  });
  if (opened.ok) {
    await must(jo, 'officer.submitMembers', { applicationId: opened.data.id, userIds: members.slice(0, 3) });
    await must(jo, 'officer.listApplicationMembers', { applicationId: opened.data.id });
  }
  await must(jo, 'officer.quotaStatus', { programId: seed.jinanProgramId, unitId: jinanUnit });
  const jinanAdmin = await app.as(
    officerWith(app, 'cov-jinan-admin', [{ role: 'centre_admin', orgId: DEMO.jinanCity }]),
  );
  await must(jinanAdmin, 'officer.listApplications', { orgId: DEMO.jinanCity });

  // The timers' sweeps (expired orders, late payouts, the outbox, rate limits).
  await app.runtime.runTimer('timers');

  expect(failures).toEqual([]);
  const scans = scanReport(db);
  const growing = scans.filter((s) => !(s.collection in SMALL));
  expect(describeScans(growing)).toBe('');
});
