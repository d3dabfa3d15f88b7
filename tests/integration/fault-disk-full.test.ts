/**
 * The database refusing writes (a full disk, simulated with `runtime.faults.failWrites`): claim
 * submit, enrol and pay answer the client with a clear error (a catalogue code, a Chinese
 * message, no stack, HTTP 5xx), leave nothing half-written in any collection, and the same call
 * succeeds once writes resume. A disk that fills up mid-way (one collection's write fails after
 * others went through) leaves no partial claim either: a claim change is one write that carries
 * its records (message, audit entry) until they are written, by the change or by the timer.
 */
import QRCode from 'qrcode';
import { ERROR_MESSAGES, isErrorCode } from '../../shared/errors';
import collections from '../../cloudfunctions/collections.json';
import type { CallResult } from '../helpers/app';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, files, hospitalFacts, stay, upload, type Claimant } from '../helpers/claims';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { membersOf, officerWith } from '../helpers/officer';
import { demoProgramId, enrolledWorker, enrolmentDoc, newWorker, ordersOf } from '../helpers/pay';
import { districtReviewer } from '../helpers/review';
import type { ActionName } from '../../shared/api';

jest.setTimeout(90_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());
afterEach(() => app.runtime.faults.clear());

/** Every application collection, as stored (the runtime's own `_rt_*` bookkeeping left out). */
const snapshot = () =>
  new Map(
    (collections as string[]).map((name) => [
      name,
      JSON.stringify(app.runtime.db.collection(name).find({}, { limit: 1000 })),
    ]),
  );
/** The collections whose documents differ from a snapshot taken earlier. */
const changedSince = (before: ReturnType<typeof snapshot>) =>
  [...snapshot()].filter(([name, docs]) => before.get(name) !== docs).map(([name]) => name);

/** What the client is shown: a catalogue code with its Chinese message, a 5xx, nothing internal. */
function expectClearFailure<N extends ActionName>(res: CallResult<N>) {
  expect(res.ok).toBe(false);
  if (res.ok) return;
  // The platform failed, not the code: the client is told to retry (every write is idempotent).
  expect(res.status).toBe(503);
  expect(res.error.code).toBe('COMMON.UNAVAILABLE');
  expect(isErrorCode(res.error.code)).toBe(true);
  expect(res.error.message).toBe(ERROR_MESSAGES[res.error.code as keyof typeof ERROR_MESSAGES]);
  expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
  const shown = JSON.stringify(res);
  for (const leak of ['SQLITE', 'disk is full', 'database', 'Error', '    at ', '.js:'])
    expect(shown).not.toContain(leak);
}

/** A hospital claim with every material uploaded: one submit away from filed. */
async function readyDraft(w: Claimant) {
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay({ selfPaidFen: 600_000 })),
  });
  for (const m of draft.missing) {
    const res = await upload(app, w.client, draft.id, m.materialId, files.jpeg(), m.stayIndex);
    if (!res.ok) throw new Error(res.error.message);
  }
  return draft.id;
}

test('claim submit on a full disk: a clear 5xx, nothing written; after, the same submit files it', async () => {
  const w = await claimant(app, '周晓梅');
  const claimId = await readyDraft(w);
  const before = snapshot();

  app.runtime.faults.failWrites({ error: 'disk_full' });
  const refused = await w.client.try('claim.submit', { claimId, confirmDuplicates: true });
  expectClearFailure(refused);
  expect(app.runtime.faults.injected).toBeGreaterThan(0);
  expect(changedSince(before)).toEqual([]);

  app.runtime.faults.clear();
  const filed = await w.client.try('claim.submit', { claimId, confirmDuplicates: true });
  expect(filed).toMatchObject({ ok: true, data: { claim: { id: claimId, status: 'submitted' } } });
  const doc = app.runtime.db.collection('claims').get(claimId);
  expect(doc.timeline.filter((e: { action: string }) => e.action === 'submitted')).toHaveLength(1);
  expect(app.runtime.db.collection('outbox').count({ claimId, kind: 'claim_status' })).toBe(1);
});

/** The claim's records as if its change was made `ageMs` ago (the timer leaves younger ones be). */
function ageRecords(claimId: string, ageMs = 2 * 60_000) {
  app.runtime.db
    .collection('claims')
    .update({ _id: claimId }, { $set: { recordsSince: new Date(Date.now() - ageMs) } });
}

test('the disk filling mid-submit (the message write fails): the claim is filed whole, its message kept on it until the timer writes it once', async () => {
  const w = await claimant(app, '吴建华');
  const claimId = await readyDraft(w);
  const claims = app.runtime.db.collection('claims');
  const outbox = app.runtime.db.collection('outbox');

  // The claim's write (carrying its message) is accepted; the outbox write after it is not.
  app.runtime.faults.failWrites({ collection: 'outbox', times: 1 });
  const filed = await w.client.call('claim.submit', { claimId, confirmDuplicates: true });
  expect(filed.claim.status).toBe('submitted');
  expect(app.runtime.faults.injected).toBeGreaterThan(0);
  expect(outbox.count({ claimId, kind: 'claim_status' })).toBe(0);
  const carried = claims.get(claimId);
  expect(carried.records.outbox).toEqual([expect.objectContaining({ claimId, kind: 'claim_status' })]);

  // A young change is left to itself by the timer.
  await app.runtime.runTimer('timers');
  expect(outbox.count({ claimId, kind: 'claim_status' })).toBe(0);
  // The next change carries the records still on the claim and writes them with its own.
  const { client: rv } = await districtReviewer(app);
  await rv.call('review.assign', { claimId });
  const told = () =>
    outbox.find({ claimId, kind: 'claim_status' }).map((m: { data: { note: string } }) => m.data.note);
  expect(told().sort()).toEqual(['申请已提交，请等待审核', '申请已进入审核'].sort());
  // An old change's records are written (each once), then taken off the claim.
  ageRecords(claimId);
  await app.runtime.runTimer('timers');
  await app.runtime.runTimer('timers');
  expect(told()).toHaveLength(2);
  expect(claims.get(claimId).records).toBeUndefined();
  expect(claims.get(claimId).recordsSince).toBeUndefined();
});

test('a decision whose audit write fails is recorded; the audit entry rides on the claim, written once', async () => {
  const w = await claimant(app, '郑秀兰');
  const claimId = await readyDraft(w);
  await w.client.call('claim.submit', { claimId, confirmDuplicates: true });
  const { client: rv } = await districtReviewer(app);
  const taken = await rv.call('review.assign', { claimId });
  const claims = app.runtime.db.collection('claims');
  const audit = app.runtime.db.collection('auditLog');
  const approvals = () => audit.count({ claimId, action: 'review.approve' });

  app.runtime.faults.failWrites({ collection: 'auditLog' });
  const decided = await rv.call('review.approve', { claimId, amountFen: taken.proposal.amountFen });
  expect(decided.status).toBe('approved');
  expect(approvals()).toBe(0);
  expect(claims.get(claimId).records.audit).toEqual(
    expect.arrayContaining([expect.objectContaining({ claimId, action: 'review.approve' })]),
  );
  // The worker's message of the same change went out beside it.
  const told = app.runtime.db.collection('outbox').find({ claimId, kind: 'claim_status' });
  expect(told.map((m: { data: { status: string } }) => m.data.status)).toContain('审核通过');

  // While the disk stays full the timer keeps them; once it has room, it writes them.
  ageRecords(claimId);
  await app.runtime.runTimer('timers');
  expect(approvals()).toBe(0);
  expect(claims.get(claimId).records.audit).toHaveLength(2);
  app.runtime.faults.clear();
  await app.runtime.runTimer('timers');
  expect(approvals()).toBe(1);
  expect(audit.count({ claimId, action: 'review.assign' })).toBe(1);
  expect(claims.get(claimId).records).toBeUndefined();
});

test('enrol on a full disk: a clear 5xx, no enrolment; after, the same enrol creates one', async () => {
  const client = await newWorker(app, '13812342001', 471);
  const programId = demoProgramId(app);
  const detail = await client.call('enrollment.programDetail', { programId });
  const input = {
    programId,
    consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true as const },
    signaturePng: (await QRCode.toBuffer('周晓梅的签名')).toString('base64'),
    declarations: [],
  };
  const before = snapshot();

  app.runtime.faults.failWrites({ error: 'disk_full' });
  expectClearFailure(await client.try('enrollment.enrol', input));
  expect(changedSince(before)).toEqual([]);

  app.runtime.faults.clear();
  const enrolment = await client.call('enrollment.enrol', input);
  expect(enrolment.status).toBe('pending_payment');
  const userId = enrolmentDoc(app, enrolment.id).userId;
  expect(app.runtime.db.collection('enrollments').count({ userId, programId })).toBe(1);
});

test('pay on a full disk: a clear 5xx, no order here or at WeChat Pay; after, the same pay opens one', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812342002', 472);
  const before = snapshot();
  const payOrders = app.runtime.db.collection('_rt_pay_orders').count({});

  app.runtime.faults.failWrites({ error: 'disk_full' });
  expectClearFailure(await client.try('enrollment.pay', { enrollmentId: enrolment.id }));
  expect(changedSince(before)).toEqual([]);
  expect(app.runtime.db.collection('_rt_pay_orders').count({})).toBe(payOrders);

  app.runtime.faults.clear();
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expect(ordersOf(app, enrolment.id)).toEqual([
    expect.objectContaining({ _id: started.orderId, status: 'PENDING', amountFen: 2000 }),
  ]);
  expect((await client.http.post(`/pay/${started.orderId}/confirm`)).status).toBe(303);
  expect(enrolmentDoc(app, enrolment.id).status).toBe('active');
});

test('the disk filling between claiming the attempt and writing its order charges nothing twice', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812342003', 473);
  app.runtime.faults.failWrites({ collection: 'orders', action: 'insertDocument', times: 1 });
  expectClearFailure(await client.try('enrollment.pay', { enrollmentId: enrolment.id }));
  // The attempt number was claimed; no order exists, here or at WeChat Pay.
  const claimed = enrolmentDoc(app, enrolment.id);
  expect(claimed).toMatchObject({ status: 'pending_payment', orderAttempts: 1 });
  expect(ordersOf(app, enrolment.id)).toEqual([]);
  expect(app.runtime.pay.get(claimed.currentOrderId)).toBeNull();

  // Right away the claim looks like another tap still starting (told to wait, nothing opened);
  // once that window has passed, the next tap opens the next attempt, once.
  const soon = await client.try('enrollment.pay', { enrollmentId: enrolment.id });
  if (!soon.ok) {
    expect(soon).toMatchObject({ status: 409, error: { code: 'ENROLL.PAYMENT_BUSY' } });
    app.runtime.db
      .collection('enrollments')
      .update({ _id: enrolment.id }, { $set: { updatedAt: new Date(Date.now() - 31_000) } });
  }
  const started = soon.ok ? soon.data : await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expect(ordersOf(app, enrolment.id)).toEqual([expect.objectContaining({ _id: started.orderId })]);
  expect((await client.http.post(`/pay/${started.orderId}/confirm`)).status).toBe(303);
  expect(enrolmentDoc(app, enrolment.id)).toMatchObject({
    status: 'active',
    currentOrderId: started.orderId,
  });
});

/**
 * The free place is taken before the member record is written (cloudfunctions/_lib/
 * group-applications.ts, submitMember): a write that fails must give it back, or the place
 * stays reserved for nobody.
 */
test('a member write that fails gives its free place back; one stored but unanswered keeps it', async () => {
  const db = app.runtime.db;
  const programId = db.collection('_rt_meta').get('seed').jinanProgramId as string;
  const officer = officerWith(app, 'df-officer', [{ role: 'unit_officer', orgId: DEMO.jinanUnit }]);
  const [member, second] = membersOf(app, DEMO.jinanUnit, 2, 'df-member');
  const client = await app.as(officer);
  const opened = await client.call('officer.openApplication', {
    unitId: DEMO.jinanUnit,
    programId,
    route: 'puhui',
  });
  const reserved = async () =>
    (await client.call('officer.quotaStatus', { programId, unitId: DEMO.jinanUnit })).items.find(
      (i) => i.batchId === opened.batchId,
    )!.reserved;
  const before = await reserved();

  app.runtime.faults.failWrites({ collection: 'applicationMembers', action: 'insertDocument', times: 1 });
  expectClearFailure(
    await client.try('officer.submitMembers', { applicationId: opened.id, userIds: [member!] }),
  );
  expect(await reserved()).toBe(before);
  expect(
    await client.call('officer.submitMembers', { applicationId: opened.id, userIds: [member!] }),
  ).toMatchObject({
    added: [{ quotaPlace: true }],
  });
  expect(await reserved()).toBe(before + 1);

  // The record was stored and holds the place; only the answer was lost. Giving the place back
  // would oversell: the retry finds the member held and takes nothing more.
  app.runtime.faults.failWrites({
    collection: 'applicationMembers',
    action: 'insertDocument',
    times: 1,
    error: 'lost_reply',
  });
  expectClearFailure(
    await client.try('officer.submitMembers', { applicationId: opened.id, userIds: [second!] }),
  );
  expect(await reserved()).toBe(before + 2);
  expect(
    await client.call('officer.submitMembers', { applicationId: opened.id, userIds: [second!] }),
  ).toMatchObject({ added: [{ quotaPlace: true }] });
  expect(await reserved()).toBe(before + 2);
});
