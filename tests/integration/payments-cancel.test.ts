/**
 * enrollment.cancel closes the current order at WeChat Pay before withdrawing (a paid one is
 * applied instead); the timers send each outbox kind with its own template and purge expired
 * rate-limit windows.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { startApp, type TestApp } from '../helpers/app';
import {
  ageOrder,
  atWeChat,
  enrolIn,
  enrolledWorker,
  enrolmentDoc,
  order,
  ordersOf,
  paidAtWeChat,
} from '../helpers/pay';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

describe('enrollment.cancel', () => {
  test('an enrolment with no order yet is cancelled, and cannot be paid', async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812340601', 451);
    expect(await client.call('enrollment.cancel', { enrollmentId: enrolment.id })).toMatchObject({
      id: enrolment.id,
      status: 'cancelled',
    });
    expect(await client.try('enrollment.pay', { enrollmentId: enrolment.id })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.CANCELLED' },
    });
    // A second tap answers the same.
    expect((await client.call('enrollment.cancel', { enrollmentId: enrolment.id })).status).toBe('cancelled');
  });

  test('a withdrawn enrolment is taken up again on the same id, once however many taps', async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812340609', 459);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    ageOrder(app, started.orderId);
    expect((await client.call('enrollment.cancel', { enrollmentId: enrolment.id })).status).toBe('cancelled');
    const withdrawn = enrolmentDoc(app, enrolment.id);
    expect(withdrawn).toMatchObject({ currentOrderId: started.orderId, orderAttempts: 1 });

    const again = await Promise.all([enrolIn(app, client), enrolIn(app, client), enrolIn(app, client)]);
    expect(again.map((e) => [e.id, e.status])).toEqual(Array(3).fill([enrolment.id, 'pending_payment']));
    const revived = enrolmentDoc(app, enrolment.id);
    // The attempt count goes on, so the next attempt's order id is a new one.
    expect(revived).toMatchObject({ status: 'pending_payment', orderAttempts: 1, workerFen: 2000 });
    expect(revived).not.toHaveProperty('currentOrderId');
    expect(revived).not.toHaveProperty('note');
    expect(new Date(revived.createdAt).getTime()).toBeGreaterThan(new Date(withdrawn.createdAt).getTime());
    expect(app.runtime.db.collection('enrollments').count({ userId: revived.userId })).toBe(1);

    const next = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    expect(next.orderId).not.toBe(started.orderId);
    expect((await client.http.post(`/pay/${next.orderId}/confirm`)).status).toBe(303);
    expect(enrolmentDoc(app, enrolment.id)).toMatchObject({ status: 'active', currentOrderId: next.orderId });
    expect(order(app, started.orderId).status).toBe('CLOSED');
  });

  test('the unpaid order is closed at WeChat Pay first, then the enrolment is cancelled', async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812340602', 452);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    ageOrder(app, started.orderId);
    expect((await client.call('enrollment.cancel', { enrollmentId: enrolment.id })).status).toBe('cancelled');
    expect(atWeChat(app, started.orderId).state).toBe('CLOSED');
    expect(order(app, started.orderId).status).toBe('CLOSED');
    expect((await client.http.post(`/pay/${started.orderId}/confirm`)).status).not.toBe(303);
    expect(enrolmentDoc(app, enrolment.id).status).toBe('cancelled');
  });

  test('an order WeChat Pay says is paid is applied, and the answer is that it is paid', async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812340603', 453);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    ageOrder(app, started.orderId);
    paidAtWeChat(app, started.orderId); // notification not arrived yet
    expect(await client.try('enrollment.cancel', { enrollmentId: enrolment.id })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.ALREADY_PAID' },
    });
    expect(enrolmentDoc(app, enrolment.id)).toMatchObject({ status: 'active' });
    expect(order(app, started.orderId).status).toBe('PAID');
  });

  test('WeChat Pay unable to close (or too soon to) leaves the enrolment pending', async () => {
    const { client, enrolment } = await enrolledWorker(app, '13812340604', 454);
    const started = await client.call('enrollment.pay', { enrollmentId: enrolment.id });
    // closeOrder is not allowed in an order's first five minutes.
    expect(await client.try('enrollment.cancel', { enrollmentId: enrolment.id })).toMatchObject({
      ok: false,
      error: { code: 'PAY.CLOSE_TOO_SOON' },
    });
    ageOrder(app, started.orderId);
    app.runtime.pay.failNext('closeOrder', 1, 'platform');
    expect(await client.try('enrollment.cancel', { enrollmentId: enrolment.id })).toMatchObject({
      ok: false,
      error: { code: 'PAY.RETRY_LATER' },
    });
    expect(enrolmentDoc(app, enrolment.id).status).toBe('pending_payment');
    expect(atWeChat(app, started.orderId).state).toBe('NOTPAY');
    expect(ordersOf(app, enrolment.id)).toHaveLength(1);
  });

  test("someone else's enrolment is not found", async () => {
    const { enrolment } = await enrolledWorker(app, '13812340605', 455);
    const other = await app.as(DEMO.worker);
    expect(await other.try('enrollment.cancel', { enrollmentId: enrolment.id })).toMatchObject({
      ok: false,
      status: 404,
      error: { code: 'ENROLL.NOT_FOUND' },
    });
  });
});

describe('timers', () => {
  const outbox = () => app.runtime.db.collection('outbox');
  const worker = () => app.runtime.db.collection('users').find({ openid: DEMO.worker })[0];

  test('join decisions are sent with the join template, or skipped without one', async () => {
    const userId = worker()._id;
    const entry = (id: string, kind: string, data: Record<string, string>) =>
      outbox().set(id, { kind, userId, data, status: 'pending', createdAt: new Date() });
    entry('join_approved_t1', 'join_approved', { unitName: '高新区工会' });
    entry('join_rejected_t1', 'join_rejected', { unitName: '高新区北区工会', reason: '非本单位职工' });

    process.env.SUBSCRIBE_TEMPLATE_JOIN = 'tmpl-join-test';
    process.env.SUBSCRIBE_TEMPLATE_ENROLLED = 'tmpl-enrolled-test';
    try {
      await app.runtime.runTimer('timers');
    } finally {
      delete process.env.SUBSCRIBE_TEMPLATE_JOIN;
      delete process.env.SUBSCRIBE_TEMPLATE_ENROLLED;
    }
    expect(outbox().get('join_approved_t1')).toMatchObject({ status: 'sent' });
    expect(outbox().get('join_rejected_t1')).toMatchObject({ status: 'sent' });
    const sent = app.runtime.db
      .collection('_rt_messages')
      .find({ touser: DEMO.worker, templateId: 'tmpl-join-test' }, { limit: 10 });
    expect(sent.map((m) => m.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ thing1: { value: '高新区工会' }, phrase2: { value: '已通过' } }),
        expect.objectContaining({
          thing1: { value: '高新区北区工会' },
          phrase2: { value: '未通过' },
          thing3: { value: '非本单位职工' },
        }),
      ]),
    );
    expect(sent).toHaveLength(2);

    // Without the join template (the enrolment one is set): skipped, not sent with the wrong one.
    entry('join_approved_t2', 'join_approved', { unitName: '高新区工会' });
    process.env.SUBSCRIBE_TEMPLATE_ENROLLED = 'tmpl-enrolled-test';
    try {
      await app.runtime.runTimer('timers');
    } finally {
      delete process.env.SUBSCRIBE_TEMPLATE_ENROLLED;
    }
    expect(outbox().get('join_approved_t2')).toMatchObject({
      status: 'skipped',
      lastError: expect.stringContaining('SUBSCRIBE_TEMPLATE_JOIN'),
    });
    expect(app.runtime.db.collection('_rt_messages').count({ touser: DEMO.worker })).toBe(2);
  });

  test('expired rate-limit windows are deleted, live ones kept', async () => {
    const limits = app.runtime.db.collection('rateLimits');
    for (let i = 0; i < 3; i++)
      limits.set(`rl_test_old_${i}`, { count: 1, expiresAt: new Date(Date.now() - 60_000) });
    limits.set('rl_test_live', { count: 1, expiresAt: new Date(Date.now() + 3600_000) });
    await app.runtime.runTimer('timers');
    expect(limits.count({ _id: { $regex: '^rl_test_old_' } })).toBe(0);
    expect(limits.get('rl_test_live')).toMatchObject({ count: 1 });
  });
});
