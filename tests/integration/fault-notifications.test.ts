/**
 * Payment notifications as WeChat Pay (and an attacker) really send them: the same one many times
 * at once, one for an earlier attempt arriving after a later attempt was paid, one for a trade no
 * nobody knows, one from the wrong source, and ones whose paid state queryOrder does not confirm.
 * Whatever arrives, a payment is credited once, and only a payment WeChat Pay confirms.
 * (Wrong amounts, a second transaction id and the notification racing the client's sync are in
 * payments-guards.test.ts; the double payment of two attempts, one after the other, in
 * payments-double.test.ts; here both attempts' notifications arrive at once.)
 */
import { PAY_ORDERS } from '../../cloudfunctions/_runtime/pay/sandbox';
import { startApp, type TestApp } from '../helpers/app';
import {
  anomalies,
  atWeChat,
  enrolledWorker,
  enrolmentDoc,
  expireLocally,
  notify,
  order,
  ordersOf,
  paidAtWeChat,
  refunds,
} from '../helpers/pay';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

/**
 * Counts the writes to one document that reached the store: direct ones, and those inside a
 * transaction that committed (a conflicting transaction's writes are thrown away).
 */
function countWrites(collection: string, id: string): { count: () => number; stop: () => void } {
  const db = app.runtime.db;
  const original = db.handle.bind(db);
  const pending = new Map<string, number>();
  let committed = 0;
  db.handle = (action, body) => {
    const reply = original(action, body);
    const ours =
      /^database\.(modify|insert|remove)Document$/.test(action) &&
      body?.collectionName === collection &&
      String(body.query ?? body.data ?? '').includes(id);
    // A conditional update that matched nothing wrote nothing.
    const wrote =
      action !== 'database.modifyDocument' || Number((reply.data as { updated?: number })?.updated ?? 1) > 0;
    if (ours && !reply.code && wrote) {
      if (body.transactionId) pending.set(body.transactionId, (pending.get(body.transactionId) ?? 0) + 1);
      else committed++;
    }
    if (action === 'database.commitTransaction' && !reply.code)
      committed += pending.get(body.transactionId) ?? 0;
    if (action === 'database.commitTransaction' || action === 'database.abortTransaction')
      pending.delete(body.transactionId);
    return reply;
  };
  return { count: () => committed, stop: () => void (db.handle = original) };
}

const outboxOf = (enrollmentId: string) =>
  app.runtime.db.collection('outbox').find({ enrollmentId, kind: 'enrollment_paid' });

test('the same notification delivered 10 times at once credits once', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812341001', 461);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  const txn = paidAtWeChat(app, started.orderId);
  const event = app.runtime.pay.callbackEvent(atWeChat(app, started.orderId));

  const writes = countWrites('enrollments', enrolment.id);
  const replies = await Promise.all(
    Array.from({ length: 10 }, () => app.runtime.invoke('payNotify', event, { source: 'wx_paycallback' })),
  ).finally(writes.stop);
  // The enrolment was written (activated) by exactly one of them.
  expect(writes.count()).toBe(1);
  // Every copy is acknowledged (WeChat stops resending), and only one of them credited.
  expect(replies).toEqual(Array.from({ length: 10 }, () => expect.objectContaining({ errcode: 0 })));
  const paid = enrolmentDoc(app, enrolment.id);
  expect(paid).toMatchObject({ status: 'active', currentOrderId: started.orderId });
  expect(order(app, started.orderId)).toMatchObject({ status: 'PAID', transactionId: txn });
  expect(outboxOf(enrolment.id)).toHaveLength(1);
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([]);
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([]);

  // And once more later (WeChat resends for hours): nothing moves.
  expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
  expect(enrolmentDoc(app, enrolment.id)).toMatchObject({
    paidAt: paid.paidAt,
    activatedAt: paid.activatedAt,
    updatedAt: paid.updatedAt,
  });
  expect(outboxOf(enrolment.id)).toHaveLength(1);
});

test("attempt 1's notification arriving after attempt 2 was paid changes nothing", async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812341002', 462);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);
  const second = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expect(atWeChat(app, first.orderId).state).toBe('CLOSED');
  expect((await client.http.post(`/pay/${second.orderId}/confirm`)).status).toBe(303);
  const paid = enrolmentDoc(app, enrolment.id);
  expect(paid).toMatchObject({ status: 'active', currentOrderId: second.orderId });

  // A late (or replayed, or forged) "paid" notification for the first attempt, three times over:
  // WeChat Pay reports that order CLOSED, so it is recorded once and credits nothing.
  const stale = {
    ...app.runtime.pay.callbackEvent(atWeChat(app, second.orderId)),
    outTradeNo: first.orderId,
    transactionId: '4200STALE00000000001',
  };
  for (let i = 0; i < 3; i++)
    expect(await app.runtime.invoke('payNotify', stale, { source: 'wx_paycallback' })).toMatchObject({
      errcode: 0,
    });
  expect(order(app, first.orderId).status).toBe('CLOSED');
  expect(order(app, second.orderId)).toMatchObject({
    status: 'PAID',
    transactionId: atWeChat(app, second.orderId).transactionId,
  });
  expect(enrolmentDoc(app, enrolment.id)).toMatchObject({
    status: 'active',
    currentOrderId: second.orderId,
    paidAt: paid.paidAt,
  });
  expect(anomalies(app, { outTradeNo: first.orderId })).toEqual([
    expect.objectContaining({
      kind: 'NOTIFICATION_NOT_CONFIRMED',
      transactionId: '4200STALE00000000001',
      detail: { confirmed: expect.objectContaining({ tradeState: 'CLOSED' }) },
    }),
  ]);
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([]);
  expect(outboxOf(enrolment.id)).toHaveLength(1);

  // And the second attempt's own notification, delivered again after all that, is a no-op.
  expect((await client.http.post(`/pay/${second.orderId}/renotify`)).status).toBe(200);
  expect(outboxOf(enrolment.id)).toHaveLength(1);
  expect(ordersOf(app, enrolment.id)).toHaveLength(2);
});

test('two attempts both paid, their notifications at once: one credits the cover, the other is refunded', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812341003', 463);
  const first = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  expireLocally(app, first.orderId);
  const second = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  // WeChat Pay's close of the first did not hold: both took the money, neither is known here yet.
  const txns = [paidAtWeChat(app, first.orderId), paidAtWeChat(app, second.orderId)];
  const events = [first, second].map((o) => app.runtime.pay.callbackEvent(atWeChat(app, o.orderId)));

  const writes = countWrites('enrollments', enrolment.id);
  const replies = await Promise.all(
    [...events, ...events].map((e) => app.runtime.invoke('payNotify', e, { source: 'wx_paycallback' })),
  ).finally(writes.stop);
  expect(replies).toEqual(Array.from({ length: 4 }, () => expect.objectContaining({ errcode: 0 })));
  // One payment activated the enrolment, once; the other is kept paid and refunded, once.
  expect(writes.count()).toBe(1);
  const paid = enrolmentDoc(app, enrolment.id);
  expect(paid.status).toBe('active');
  const winner = [first.orderId, second.orderId].indexOf(paid.currentOrderId);
  expect(winner).toBeGreaterThanOrEqual(0);
  const loser = [first.orderId, second.orderId][1 - winner]!;
  for (const o of [first.orderId, second.orderId]) expect(order(app, o)).toMatchObject({ status: 'PAID' });
  expect(refunds(app, { enrollmentId: enrolment.id })).toEqual([
    expect.objectContaining({ outTradeNo: loser, transactionId: txns[1 - winner], status: 'requested' }),
  ]);
  expect(anomalies(app, { enrollmentId: enrolment.id })).toEqual([
    expect.objectContaining({ kind: 'DOUBLE_PAYMENT', outTradeNo: loser }),
  ]);
  // The worker is told of the cover once, whichever payment's message was queued.
  const openid = app.runtime.db.collection('users').get(paid.userId).openid;
  process.env.SUBSCRIBE_TEMPLATE_ENROLLED = 'tmpl-enrolled-test';
  try {
    await app.runtime.runTimer('timers');
  } finally {
    delete process.env.SUBSCRIBE_TEMPLATE_ENROLLED;
  }
  expect(app.runtime.db.collection('_rt_messages').find({ touser: openid }, { limit: 10 })).toHaveLength(1);
});

test('a trade no nobody issued is recorded once and credits nothing', async () => {
  const event = {
    ...app.runtime.pay.callbackEvent({
      outTradeNo: 'P-forged-0000000001',
      totalFee: 2000,
      transactionId: '4200FORGED0000000001',
      timeEnd: '20250101120000',
      openid: 'o-attacker',
      subMchId: '1900000109',
      tradeType: 'JSAPI',
    } as never),
  };
  for (let i = 0; i < 2; i++)
    expect(await app.runtime.invoke('payNotify', event, { source: 'wx_paycallback' })).toMatchObject({
      errcode: 0,
    });
  expect(order(app, 'P-forged-0000000001')).toBeNull();
  expect(anomalies(app, { outTradeNo: 'P-forged-0000000001' })).toEqual([
    expect.objectContaining({
      kind: 'NOTIFICATION_NOT_CONFIRMED',
      detail: { confirmed: expect.objectContaining({ tradeState: 'ORDERNOTEXIST' }) },
    }),
  ]);
});

test('a payment WeChat Pay confirms for a trade no that is not ours is recorded, not credited', async () => {
  // Paid at WeChat Pay under our merchant, but no order of ours has that number.
  const { client, enrolment } = await enrolledWorker(app, '13812341004', 464);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  const theirs = { ...atWeChat(app, started.orderId), outTradeNo: 'P-elsewhere-0001' };
  app.runtime.db.collection(PAY_ORDERS).set(theirs.outTradeNo, theirs);
  const txn = paidAtWeChat(app, theirs.outTradeNo);
  for (let i = 0; i < 2; i++) expect(await notify(app, theirs.outTradeNo)).toMatchObject({ errcode: 0 });
  expect(anomalies(app, { outTradeNo: theirs.outTradeNo })).toEqual([
    expect.objectContaining({ _id: `anom_UNKNOWN_ORDER_${theirs.outTradeNo}_${txn}`, kind: 'UNKNOWN_ORDER' }),
  ]);
  expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
  expect(order(app, started.orderId).status).toBe('PENDING');
  expect(outboxOf(enrolment.id)).toEqual([]);
});

test('a genuine-looking notification from a client (wrong SOURCE) is refused, over HTTP too', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812341005', 465);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  paidAtWeChat(app, started.orderId);
  const event = app.runtime.pay.callbackEvent(atWeChat(app, started.orderId));

  // The H5 client's call path: whatever it sends, the function sees SOURCE wx_client.
  for (const caller of [client, app.anonymous()]) {
    const res = await caller.http.post('/fn/payNotify', { action: 'notify', payload: event, ...event });
    expect(res.body).toMatchObject({ errcode: 403 });
  }
  // Another function calling it, and a timer trigger, are not WeChat Pay either.
  for (const source of ['wx_client,scf', 'wx_trigger', 'wx_http'])
    expect(await app.runtime.invoke('payNotify', event, { source })).toMatchObject({ errcode: 403 });
  expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
  expect(order(app, started.orderId).status).toBe('PENDING');
  // Refused before anything is written: not even an anomaly.
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([]);

  // WeChat Pay's own delivery of the same payment credits.
  expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
  expect(enrolmentDoc(app, enrolment.id).status).toBe('active');
});

test('a paid state queryOrder does not confirm (unpaid, another transaction) credits nothing', async () => {
  const { client, enrolment } = await enrolledWorker(app, '13812341006', 466);
  const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
  const claimed = {
    ...app.runtime.pay.callbackEvent({
      ...atWeChat(app, started.orderId),
      transactionId: '4200CLAIMED000000001',
      timeEnd: '20250101120000',
    }),
  };

  // The right order, the right amount, "SUCCESS" — but WeChat Pay says NOTPAY.
  expect(await app.runtime.invoke('payNotify', claimed, { source: 'wx_paycallback' })).toMatchObject({
    errcode: 0,
  });
  expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
  expect(order(app, started.orderId).status).toBe('PENDING');

  // Paid now, but under another transaction id than the notification claims: still not credited.
  const real = paidAtWeChat(app, started.orderId);
  expect(await app.runtime.invoke('payNotify', claimed, { source: 'wx_paycallback' })).toMatchObject({
    errcode: 0,
  });
  expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
  expect(anomalies(app, { outTradeNo: started.orderId })).toEqual([
    expect.objectContaining({
      _id: `anom_NOTIFICATION_NOT_CONFIRMED_${started.orderId}_4200CLAIMED000000001`,
      kind: 'NOTIFICATION_NOT_CONFIRMED',
    }),
  ]);

  // The genuine notification credits the genuine transaction.
  expect(await notify(app, started.orderId)).toMatchObject({ errcode: 0 });
  expect(order(app, started.orderId)).toMatchObject({ status: 'PAID', transactionId: real });
  expect(outboxOf(enrolment.id)).toHaveLength(1);
});
