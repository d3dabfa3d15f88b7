/**
 * Crashes at the two money seams, simulated by making the database refuse the write at that
 * point (`runtime.faults.failWrites`), and what repairs them:
 * - between a payment WeChat Pay confirmed and the enrolment's activation: the order stays marked
 *   paid with its credit pending, and the next call for that payment — WeChat's retry, the
 *   worker's return (syncPayment), the timers' resume pass — finishes it, exactly once;
 * - between a batch's bank file and its items' paid marks: the bank's result cannot commit, so the
 *   batch stays exported with every item pending (never part paid); the timers escalate the
 *   payouts once their deadline passes, and finance recording the result again pays each item
 *   exactly once. No pass may mark items paid by itself: only the bank's result says they were.
 */
import collections from '../../cloudfunctions/collections.json';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import {
  anomalies,
  atWeChat,
  enrolledWorker,
  enrolmentDoc,
  expireLocally,
  order,
  ordersOf,
  refunds,
} from '../helpers/pay';
import { approveAsProposed, auditOf, centreFinance, districtReviewer, fileClaim } from '../helpers/review';

jest.setTimeout(120_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());
afterEach(() => app.runtime.faults.clear());

const db = () => app.runtime.db;
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
const paidMessages = (enrollmentId: string) =>
  db().collection('outbox').count({ enrollmentId, kind: 'enrollment_paid' });

/** Paid on the sandbox page; the JSON reply says whether the notification was acknowledged. */
async function payAtWeChat(orderId: string) {
  const res = await app
    .anonymous()
    .http.request('POST', `/pay/${orderId}/confirm`, undefined, { headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  return res.body.data as { state: string; transactionId: string; delivered: boolean };
}

/** Exactly one activation, from exactly this order and WeChat Pay's transaction. */
function expectActivatedOnce(enrollmentId: string, orderId: string) {
  const txn = atWeChat(app, orderId).transactionId;
  expect(order(app, orderId)).toMatchObject({ status: 'PAID', transactionId: txn });
  expect(enrolmentDoc(app, enrollmentId)).toMatchObject({
    status: 'active',
    currentOrderId: orderId,
    activatedAt: expect.any(Date),
    certificateNo: expect.any(String),
  });
  expect(ordersOf(app, enrollmentId)).toHaveLength(1);
  expect(paidMessages(enrollmentId)).toBe(1);
  expect(anomalies(app, { enrollmentId })).toEqual([]);
  expect(refunds(app, { enrollmentId })).toEqual([]);
}

describe('between a verified payment and the enrolment becoming active', () => {
  test("the activation is refused: the order stays marked; the timers' resume pass credits it once", async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812343001', 481);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });

    // The order is marked paid; the enrolment's activation after it is refused, until cleared.
    app.runtime.faults.failWrites({ collection: 'enrollments', action: 'modifyDocument' });
    const paid = await payAtWeChat(started.orderId);
    expect(paid).toMatchObject({ state: 'SUCCESS', delivered: false });
    expect(app.runtime.faults.injected).toBeGreaterThan(0);
    expect(order(app, started.orderId)).toMatchObject({ status: 'PAID', credit: 'pending' });
    expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');

    // WeChat Pay's retries are used up (none configured here): the timers finish it. While the
    // activation is still refused, the 已参保 message queued beside it waits, unsent.
    const openid = db().collection('users').get(enrolmentDoc(app, enrolment.id).userId).openid;
    const sent = () => db().collection('_rt_messages').find({ touser: openid }, { limit: 10 });
    process.env.SUBSCRIBE_TEMPLATE_ENROLLED = 'tmpl-enrolled-test';
    try {
      await app.runtime.runTimer('timers');
      expect(order(app, started.orderId).credit).toBe('pending');
      expect(db().collection('outbox').find({ enrollmentId: enrolment.id })).toEqual([
        expect.objectContaining({ kind: 'enrollment_paid', status: 'pending' }),
      ]);
      expect(sent()).toEqual([]);
      app.runtime.faults.clear();
      await app.runtime.runTimer('timers');
      expect(sent()).toHaveLength(1);
    } finally {
      delete process.env.SUBSCRIBE_TEMPLATE_ENROLLED;
    }
    expect(order(app, started.orderId).credit).toBeUndefined();
    expectActivatedOnce(enrolment.id, started.orderId);
    const once = enrolmentDoc(app, enrolment.id);

    // Every other path that could apply it again finds it applied.
    await app.runtime.runTimer('timers');
    expect((await client.http.post(`/pay/${started.orderId}/renotify`)).body.data).toMatchObject({
      acknowledged: true,
    });
    expect(await client.call('enrollment.syncPayment', { enrollmentId: enrolment.id })).toMatchObject({
      status: 'active',
    });
    expectActivatedOnce(enrolment.id, started.orderId);
    expect(enrolmentDoc(app, enrolment.id)).toMatchObject({
      paidAt: once.paidAt,
      activatedAt: once.activatedAt,
      updatedAt: once.updatedAt,
    });
  });

  test("the activation is stored but its answer lost: the worker's return finishes it once, and the timer then finds it applied", async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812343002', 482);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    app.runtime.faults.failWrites({
      collection: 'enrollments',
      action: 'modifyDocument',
      times: 1,
      error: 'lost_reply',
    });
    expect(await payAtWeChat(started.orderId)).toMatchObject({ state: 'SUCCESS', delivered: false });
    expect(enrolmentDoc(app, enrolment.id).status).toBe('active');
    expect(order(app, started.orderId).credit).toBe('pending');

    expect(await client.call('enrollment.syncPayment', { enrollmentId: enrolment.id })).toMatchObject({
      status: 'active',
    });
    expectActivatedOnce(enrolment.id, started.orderId);
    expireLocally(app, started.orderId);
    await app.runtime.runTimer('timers');
    expectActivatedOnce(enrolment.id, started.orderId);
  });
});

describe("between a batch's bank file and its items' paid marks", () => {
  test('the result cannot commit: the batch stays whole; escalated when late; recorded again, paid once', async () => {
    const rv = await districtReviewer(app);
    const claims = await Promise.all(
      ['郑小燕', '冯大伟', '陈美玲'].map(async (name) => {
        const w = await claimant(app, name);
        return (await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })))).id;
      }),
    );
    for (const id of claims) await approveAsProposed(rv.client, id);
    const fin = await centreFinance(app);
    const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
    expect(batch.items.map((i) => i.claimId).sort()).toEqual([...claims].sort());
    const file = await fin.client.call('review.batchFile', { batchId: batch.id });
    expect(file.fullAccounts).toBe(true);
    expect(db().collection('payoutBatches').get(batch.id).status).toBe('exported');
    const before = snapshot();

    // The bank paid; recording it fails part-way through the claims' writes.
    app.runtime.faults.failWrites({ collection: 'claims', times: 1 });
    const refused = await fin.client.try('review.batchSettle', { batchId: batch.id, failed: [] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'COMMON.UNAVAILABLE' } });
    expect(refused.status).toBe(503);
    expect(changedSince(before)).toEqual([]);
    const stuck = db().collection('payoutBatches').get(batch.id);
    expect(stuck.status).toBe('exported');
    expect(stuck.items.map((i: { status: string }) => i.status)).toEqual(['pending', 'pending', 'pending']);
    for (const id of claims) expect(db().collection('claims').get(id).status).toBe('in_payout');

    // Nobody records it again for days: the payout deadlines pass and the timer escalates each
    // claim to the centre admins, once however often it runs. It marks nothing paid.
    db()
      .collection('claims')
      .update({ _id: { $in: claims } }, { $set: { payoutDue: '2024-01-10' } });
    await app.runtime.runTimer('timers');
    await app.runtime.runTimer('timers');
    for (const id of claims) {
      const doc = db().collection('claims').get(id);
      expect(doc).toMatchObject({ status: 'in_payout', flags: expect.arrayContaining(['late']) });
      const told = db()
        .collection('outbox')
        .find({ claimId: id, kind: 'payout_late' })
        .map((t: { userId: string }) => t.userId);
      expect(told).toContain(userIdFor(DEMO.admin));
      expect(new Set(told).size).toBe(told.length);
    }
    expect(db().collection('payoutBatches').get(batch.id).status).toBe('exported');

    // Finance records the bank's result again: every item paid, each claim exactly once.
    const settled = await fin.client.call('review.batchSettle', {
      batchId: batch.id,
      failed: [{ claimId: claims[2]!, reason: '账户已冻结' }],
    });
    expect(settled.status).toBe('settled');
    expect(Object.fromEntries(settled.items.map((i) => [i.claimId, i.status]))).toEqual({
      [claims[0]!]: 'paid',
      [claims[1]!]: 'paid',
      [claims[2]!]: 'failed',
    });
    const paidOnce = (id: string) => {
      const doc = db().collection('claims').get(id);
      expect(doc.timeline.filter((e: { action: string }) => e.action === 'paid')).toHaveLength(1);
      expect(auditOf(app, id).filter((a) => a.action === 'review.batch.paid')).toHaveLength(1);
      return doc;
    };
    for (const id of claims.slice(0, 2)) {
      expect(paidOnce(id)).toMatchObject({ status: 'paid', paidAt: expect.any(Date) });
      expect(paidOnce(id).flags ?? []).not.toContain('late');
    }
    expect(db().collection('claims').get(claims[2]!)).toMatchObject({ status: 'approved' });

    // Again (a retry after a lost reply), and the timer: refused, nothing moves.
    const after = snapshot();
    expect(await fin.client.try('review.batchSettle', { batchId: batch.id, failed: [] })).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'REVIEW.BATCH_ALREADY_SETTLED' },
    });
    expect(changedSince(after)).toEqual([]);
    await app.runtime.runTimer('timers');
    for (const id of claims.slice(0, 2)) paidOnce(id);
  });
});
