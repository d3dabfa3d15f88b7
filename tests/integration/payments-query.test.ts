/**
 * A query WeChat Pay could not answer is not an answer: the notification is answered non-zero
 * (WeChat retries), the client is told to retry, and the timer closes nothing on it. Only
 * ORDERNOTEXIST makes an orphan; closed orders are re-checked for a day, so a payment taken
 * anyway still gives cover (or goes back).
 */
import { startApp, type TestApp } from '../helpers/app';
import {
  anomalies,
  atWeChat,
  enrolledWorker,
  enrolmentDoc,
  expireLocally,
  notify,
  order,
  paidAtWeChat,
  refunds,
} from '../helpers/pay';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());
// A fault a failed test left unused must not leak into the next one.
afterEach(() => {
  for (const api of ['queryOrder', 'closeOrder', 'refund']) app.runtime.pay.failNext(api, 0);
});

describe.each(['result', 'return', 'platform'] as const)('a queryOrder failing as %s', (kind) => {
  const seq = { result: 301, return: 302, platform: 303 }[kind];

  test('makes payNotify answer non-zero, so WeChat retries, and the retry credits', async () => {
    const { client, enrolment } = await enrolledWorker(app, `138123403${seq - 300}0`, seq);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    paidAtWeChat(app, started.orderId);

    app.runtime.pay.failNext('queryOrder', 1, kind);
    expect((await notify(app, started.orderId)).errcode).not.toBe(0);
    expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
    expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([]);

    expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
    expect(enrolmentDoc(app, enrolment.id).status).toBe('active');
  });

  test('makes syncPayment answer PAY.RETRY_LATER rather than "not paid"', async () => {
    const { client, enrolment } = await enrolledWorker(app, `138123403${seq - 300}1`, seq + 10);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    paidAtWeChat(app, started.orderId);
    app.runtime.pay.failNext('queryOrder', 1, kind);
    expect(await client.try('enrollment.syncPayment', { enrollmentId: enrolment.id })).toMatchObject({
      ok: false,
      error: { code: 'PAY.RETRY_LATER' },
    });
    expect(await client.call('enrollment.syncPayment', { enrollmentId: enrolment.id })).toMatchObject({
      status: 'active',
    });
  });
});

test('the timer closes an expired order at WeChat Pay before closing it here, never on a failed call', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340401', 321);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, started.orderId);

  // WeChat Pay cannot answer: the order stays PENDING here and payable there, for the next run.
  app.runtime.pay.failNext('queryOrder', 3, 'result');
  app.runtime.pay.failNext('closeOrder', 1, 'platform');
  await app.runtime.runTimer('timers');
  expect(order(app, started.orderId).status).toBe('PENDING');
  expect(atWeChat(app, started.orderId).state).toBe('NOTPAY');

  app.runtime.pay.failNext('queryOrder', 3, 'result');
  await app.runtime.runTimer('timers');
  expect(atWeChat(app, started.orderId).state).toBe('CLOSED');
  expect(order(app, started.orderId)).toMatchObject({ status: 'CLOSED' });
});

test('an expired order paid at WeChat Pay is applied by the timer, not closed', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340402', 322);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  paidAtWeChat(app, started.orderId);
  expireLocally(app, started.orderId);
  await app.runtime.runTimer('timers');
  expect(order(app, started.orderId).status).toBe('PAID');
  expect(enrolmentDoc(app, enrolment.id).status).toBe('active');
});

/** An order closed `ageMs` ago and last asked about then. */
function closedAgo(orderId: string, ageMs: number) {
  const at = new Date(Date.now() - ageMs);
  app.runtime.db
    .collection('orders')
    .update({ _id: orderId }, { $set: { status: 'CLOSED', closedAt: at, checkedAt: at } });
}

test('reconciliation: a closed order found paid within a day is applied (CLOSED → PAID)', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340403', 323);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  // Closed here while WeChat Pay still took the money (e.g. closed before this check existed).
  closedAgo(started.orderId, 2 * 3600_000);
  paidAtWeChat(app, started.orderId);

  await app.runtime.runTimer('timers');
  expect(order(app, started.orderId)).toMatchObject({ status: 'PAID' });
  expect(enrolmentDoc(app, enrolment.id)).toMatchObject({
    status: 'active',
    currentOrderId: started.orderId,
  });
  expect(app.runtime.db.collection('outbox').count({ enrollmentId: enrolment.id })).toBe(1);
});

test('reconciliation: a closed order paid after another order paid the enrolment is refunded', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340404', 324);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);
  const second = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  await client.http.post(`/pay/${second.orderId}/confirm`);
  expect(enrolmentDoc(app, enrolment.id).status).toBe('active');

  // The first order's close did not hold and it was paid, its notification lost.
  closedAgo(first.orderId, 2 * 3600_000);
  paidAtWeChat(app, first.orderId);
  await app.runtime.runTimer('timers');
  expect(order(app, first.orderId).status).toMatch(/PAID|REFUNDED/);
  expect(anomalies(app, { outTradeNo: first.orderId, kind: 'DOUBLE_PAYMENT' })).toHaveLength(1);
  expect(refunds(app, { outTradeNo: first.orderId })).toEqual([
    expect.objectContaining({ status: expect.stringMatching(/requested|refunded/) }),
  ]);
  expect(atWeChat(app, first.orderId).state).toBe('REFUND');
});

test('reconciliation leaves orders closed more than a day ago, and re-asks at most hourly', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340405', 325);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  closedAgo(started.orderId, 25 * 3600_000);
  paidAtWeChat(app, started.orderId);
  await app.runtime.runTimer('timers');
  expect(order(app, started.orderId).status).toBe('CLOSED');

  // Asked 10 minutes ago: not asked again yet.
  app.runtime.db
    .collection('orders')
    .update(
      { _id: started.orderId },
      { $set: { closedAt: new Date(Date.now() - 3600_000), checkedAt: new Date(Date.now() - 600_000) } },
    );
  await app.runtime.runTimer('timers');
  expect(order(app, started.orderId).status).toBe('CLOSED');
});

test('an order WeChat Pay never created (ORDERNOTEXIST) expires as an orphan', async () => {
  const { enrolment } = await enrolledWorker(app, '13812340406', 326);
  app.runtime.db.collection('orders').add({
    _id: 'P-orphan-q1',
    outTradeNo: 'P-orphan-q1',
    enrollmentId: enrolment.id,
    userId: 'nobody',
    amountFen: 2000,
    status: 'PENDING',
    expiresAt: new Date(Date.now() - 1000),
    createdAt: new Date(Date.now() - 3_600_000),
  });
  await app.runtime.runTimer('timers');
  expect(order(app, 'P-orphan-q1').status).toBe('CLOSED');
});
