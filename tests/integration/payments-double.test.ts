/**
 * A worker must not pay twice for one enrolment: every order carries WeChat Pay's own expiry,
 * an expired attempt is closed at WeChat Pay (and its answer read) before another is opened, and
 * a double payment that happens anyway is refunded, recorded and confirmed.
 */
import { chinaTimestamp } from '../../cloudfunctions/_runtime/pay/sandbox';
import { startApp, type TestApp } from '../helpers/app';
import {
  anomalies,
  atWeChat,
  enrolledWorker,
  enrolmentDoc,
  expireLocally,
  order,
  ordersOf,
  paidAtWeChat,
  refunds,
  setAtWeChat,
} from '../helpers/pay';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

test('an order carries time_expire: the same instant as its local expiry, in China time', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340001', 201);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  const local = order(app, started.orderId);
  expect(atWeChat(app, started.orderId).timeExpire).toBe(chinaTimestamp(new Date(local.expiresAt).getTime()));
  expect(new Date(local.expiresAt).getTime() - new Date(local.createdAt).getTime()).toBe(30 * 60_000);
});

test('an expired attempt is closed at WeChat Pay before the next one is opened', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340002', 202);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);

  const second = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expect(second.orderId).not.toBe(first.orderId);
  expect(atWeChat(app, first.orderId).state).toBe('CLOSED');
  expect(order(app, first.orderId)).toMatchObject({ status: 'CLOSED' });
  // The old pay sheet can no longer take money.
  expect((await client.http.post(`/pay/${first.orderId}/confirm`)).status).not.toBe(303);
});

test('an expired attempt that WeChat Pay says is paid is applied, and no new order is opened', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340003', 203);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  paidAtWeChat(app, first.orderId); // the notification is late
  expireLocally(app, first.orderId);

  expect(await client.try('enrollment.pay', { enrollmentId: enrolment.id })).toMatchObject({
    ok: false,
    error: { code: 'ENROLL.ALREADY_PAID' },
  });
  expect(ordersOf(app, enrolment.id)).toHaveLength(1);
  expect(order(app, first.orderId)).toMatchObject({ status: 'PAID' });
  expect(enrolmentDoc(app, enrolment.id)).toMatchObject({ status: 'active' });
});

test('a close WeChat Pay cannot answer opens nothing new', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340004', 204);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);
  app.runtime.pay.failNext('closeOrder', 1, 'result');
  expect(await client.try('enrollment.pay', { enrollmentId: enrolment.id })).toMatchObject({
    ok: false,
    error: { code: 'PAY.RETRY_LATER' },
  });
  expect(ordersOf(app, enrolment.id)).toHaveLength(1);
  expect(order(app, first.orderId).status).toBe('PENDING');
});

test('a double payment is refunded once, recorded once, and confirmed by the timer', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340005', 205);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);
  const second = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  // WeChat Pay's close of the first order did not hold (the case the refund exists for).
  setAtWeChat(app, first.orderId, { state: 'NOTPAY' });

  expect((await client.http.post(`/pay/${second.orderId}/confirm`)).status).toBe(303);
  const paid = enrolmentDoc(app, enrolment.id);
  expect(paid).toMatchObject({ status: 'active' });
  expect((await client.http.post(`/pay/${first.orderId}/confirm`)).status).toBe(303);
  const secondTxn = atWeChat(app, first.orderId).transactionId!;

  // The cover is the first payment's; the second is kept as paid, refunded and recorded.
  const after = enrolmentDoc(app, enrolment.id);
  expect(after.paidAt).toEqual(paid.paidAt);
  expect(after.currentOrderId).toBe(second.orderId);
  expect(app.runtime.db.collection('outbox').count({ enrollmentId: enrolment.id })).toBe(1);
  expect(anomalies(app, { outTradeNo: first.orderId })).toEqual([
    expect.objectContaining({
      _id: `anom_DOUBLE_PAYMENT_${first.orderId}_${secondTxn}`,
      kind: 'DOUBLE_PAYMENT',
      enrollmentId: enrolment.id,
      resolved: false,
    }),
  ]);
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([
    expect.objectContaining({
      _id: `rf_${first.orderId}`,
      outRefundNo: `R${first.orderId}`,
      outTradeNo: first.orderId,
      amountFen: 2000,
      status: 'requested',
    }),
  ]);
  expect(atWeChat(app, first.orderId).state).toBe('REFUND');
  expect(atWeChat(app, first.orderId).refunds).toHaveLength(1);

  // A replay of the second notification changes nothing.
  expect((await client.http.post(`/pay/${first.orderId}/renotify`)).status).toBe(200);
  expect(anomalies(app, { outTradeNo: first.orderId })).toHaveLength(1);
  expect(refunds(app, { enrollmentId: enrolment.id })).toHaveLength(1);

  await app.runtime.runTimer('timers');
  expect(refunds(app, { enrollmentId: enrolment.id })[0]).toMatchObject({ status: 'refunded' });
  expect(order(app, first.orderId)).toMatchObject({ status: 'REFUNDED' });
  expect(order(app, second.orderId)).toMatchObject({ status: 'PAID' });
  expect(atWeChat(app, first.orderId).refunds).toHaveLength(1);
});

test('a refund WeChat Pay refuses is retried by the timer with the same out_refund_no', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340006', 206);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);
  const second = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  setAtWeChat(app, first.orderId, { state: 'NOTPAY' });
  await client.http.post(`/pay/${second.orderId}/confirm`);

  app.runtime.pay.failNext('refund', 1, 'platform');
  await client.http.post(`/pay/${first.orderId}/confirm`);
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([
    expect.objectContaining({ status: 'pending', attempts: 1, lastError: expect.any(String) }),
  ]);
  expect(atWeChat(app, first.orderId).state).toBe('SUCCESS');

  await app.runtime.runTimer('timers');
  expect(refunds(app, { enrollmentId: enrolment.id })[0]).toMatchObject({ status: 'refunded', attempts: 2 });
  expect(atWeChat(app, first.orderId).refunds).toEqual([
    expect.objectContaining({ outRefundNo: `R${first.orderId}`, refundFee: 2000 }),
  ]);
});
