/**
 * The money guards, each with a test that fails when the guard is deleted: wrong amounts
 * (notification and sync), a second transaction for a paid order, parallel pay taps, the
 * notification racing the client's sync, and the outbox sending its message once. Anomalies are
 * written in the payment transaction under deterministic ids, so replays do not duplicate them.
 */
import { startApp, type TestApp } from '../helpers/app';
import {
  anomalies,
  atWeChat,
  enrolledWorker,
  enrolmentDoc,
  notify,
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

test('a notification claiming another amount than WeChat Pay reports credits nothing', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340501', 401);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  const txn = paidAtWeChat(app, started.orderId);

  for (let i = 0; i < 2; i++)
    expect(await notify(app, started.orderId, { totalFee: 1 })).toMatchObject({ errcode: 0 });
  expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
  expect(order(app, started.orderId).status).toBe('PENDING');
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([
    expect.objectContaining({
      _id: `anom_NOTIFICATION_NOT_CONFIRMED_${started.orderId}_${txn}`,
      kind: 'NOTIFICATION_NOT_CONFIRMED',
      totalFee: 1,
    }),
  ]);
});

test('a payment of another amount than the order is refused on the notification and the sync, recorded once', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340502', 402);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  // WeChat Pay holds the order with an amount that is not ours (tampered or mistaken).
  const txn = paidAtWeChat(app, started.orderId, { totalFee: 1 });

  expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
  expect((await client.call('enrollment.syncPayment', { enrollmentId: enrolment.id })).status).toBe(
    'pending_payment',
  );
  expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
  expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
  expect(order(app, started.orderId).status).toBe('PENDING');
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([
    expect.objectContaining({
      _id: `anom_AMOUNT_MISMATCH_${started.orderId}_${txn}`,
      kind: 'AMOUNT_MISMATCH',
      totalFee: 1,
      enrollmentId: enrolment.id,
      detail: { orderAmountFen: 2000 },
    }),
  ]);
  expect(app.runtime.db.collection('outbox').count({ enrollmentId: enrolment.id })).toBe(0);
});

test('a second transaction id for a paid order is recorded once and changes nothing', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340503', 403);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  await client.http.post(`/pay/${started.orderId}/confirm`);
  const paid = order(app, started.orderId);
  expect(paid.status).toBe('PAID');

  setAtWeChat(app, started.orderId, { transactionId: '4200OTHER000000000001' });
  for (let i = 0; i < 2; i++) expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
  expect(order(app, started.orderId)).toMatchObject({ status: 'PAID', transactionId: paid.transactionId });
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([
    expect.objectContaining({
      _id: `anom_SECOND_TRANSACTION_${started.orderId}_4200OTHER000000000001`,
      kind: 'SECOND_TRANSACTION',
      detail: { recordedTransactionId: paid.transactionId },
    }),
  ]);
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([]);
  expect(app.runtime.db.collection('outbox').count({ enrollmentId: enrolment.id })).toBe(1);
});

test('parallel pay taps open exactly one order', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340504', 404);
  const taps = await Promise.all(
    [0, 1, 2].map(() => client.try('enrollment.pay', { enrollmentId: enrolment.id })),
  );
  const opened = taps.flatMap((t) => (t.ok ? [t.data.orderId] : []));
  expect(opened.length).toBeGreaterThan(0);
  for (const t of taps) {
    if (!t.ok) expect(t.error.code).toBe('ENROLL.PAYMENT_BUSY');
  }
  expect(new Set(opened).size).toBe(1);
  // And the next tap hands out the same order.
  expect((await client.call('enrollment.pay', { enrollmentId: enrolment.id })).orderId).toBe(opened[0]);
  expect(ordersOf(app, enrolment.id)).toHaveLength(1);
  expect(app.runtime.db.collection('_rt_pay_orders').count({ outTradeNo: opened[0] })).toBe(1);
});

test('payNotify racing syncPayment credits once, with one outbox entry', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340505', 405);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  paidAtWeChat(app, started.orderId);

  const [notified, synced] = await Promise.all([
    notify(app, started.orderId),
    client.call('enrollment.syncPayment', { enrollmentId: enrolment.id }),
    notify(app, started.orderId),
  ]);
  expect(notified).toMatchObject({ errcode: 0 });
  expect(synced.status).toBe('active');
  expect(await client.call('enrollment.syncPayment', { enrollmentId: enrolment.id })).toMatchObject({
    status: 'active',
    paidAt: synced.paidAt,
  });
  expect(order(app, started.orderId)).toMatchObject({
    status: 'PAID',
    transactionId: atWeChat(app, started.orderId).transactionId,
  });
  expect(app.runtime.db.collection('outbox').count({ enrollmentId: enrolment.id })).toBe(1);
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([]);
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([]);
});

test('with a template configured, the 已参保 message is sent once and marked sent', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812340506', 406);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  await client.http.post(`/pay/${started.orderId}/confirm`);
  const user = app.runtime.db.collection('users').get(enrolmentDoc(app, enrolment.id).userId);

  process.env.SUBSCRIBE_TEMPLATE_ENROLLED = 'tmpl-enrolled-test';
  try {
    // Two overlapping runs (a slow run meeting the next trigger), then one more.
    const trigger = () => app.runtime.invoke('timers', {}, { source: 'wx_trigger' });
    await Promise.all([trigger(), trigger(), trigger()]);
    await app.runtime.runTimer('timers');
  } finally {
    delete process.env.SUBSCRIBE_TEMPLATE_ENROLLED;
  }
  const messages = app.runtime.db.collection('_rt_messages').find({ touser: user.openid }, { limit: 10 });
  expect(messages).toEqual([
    expect.objectContaining({
      templateId: 'tmpl-enrolled-test',
      page: `pages/policy/index?id=${enrolment.id}`,
      fromFunction: 'timers',
    }),
  ]);
  expect(messages[0].data.character_string2.value).toBe(enrolmentDoc(app, enrolment.id).certificateNo);
  expect(app.runtime.db.collection('outbox').find({ enrollmentId: enrolment.id })).toEqual([
    expect.objectContaining({ status: 'sent', kind: 'enrollment_paid' }),
  ]);
});
