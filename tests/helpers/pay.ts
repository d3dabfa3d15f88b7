/**
 * Builders for payment tests on the local runtime: a worker enrolled in the demo program, and
 * ways to put an order into the states WeChat Pay can leave it in (paid with the notification
 * still to come, expired here, a close that did not hold) without waiting for real time.
 */
import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import { demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { PAY_ORDERS, type PayOrder } from '../../cloudfunctions/_runtime/pay/sandbox';
import { ApiClient, smsSignIn, type TestApp } from './app';

export const demoProgramId = (app: TestApp) =>
  app.runtime.db.collection('_rt_meta').get('seed').demoProgramId as string;

/** A registered worker who joined the demo unit by its QR code. */
export async function newWorker(app: TestApp, phone: string, seq: number): Promise<ApiClient> {
  const { client, phoneCode } = await smsSignIn(app, phone);
  await client.call('user.register', {
    name: '李秀英',
    idNumber: demoIdNumber('1990-02-14', seq, 'female'),
    phoneCode,
    unionCardNo: `6227${String(seq).padStart(12, '0')}`,
  });
  await client.call('org.joinUnit', { via: 'qr', scene: app.joinToken() });
  return client;
}

let signature: string | undefined;

/** Enrols the worker in the demo program (¥20 worker share) and returns the enrolment. */
export async function enrolIn(app: TestApp, client: ApiClient) {
  signature ??= (await QRCode.toBuffer('李秀英的签名')).toString('base64');
  const programId = demoProgramId(app);
  const detail = await client.call('enrollment.programDetail', { programId });
  return client.call('enrollment.enrol', {
    programId,
    consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true },
    signaturePng: signature,
    declarations: [],
  });
}

/** A worker with a pending enrolment: the starting point of every payment test. */
export async function enrolledWorker(app: TestApp, phone: string, seq: number) {
  const client = await newWorker(app, phone, seq);
  const enrolment = await enrolIn(app, client);
  return { client, enrolment };
}

export const order = (app: TestApp, id: string) => app.runtime.db.collection('orders').get(id);
export const enrolmentDoc = (app: TestApp, id: string) => app.runtime.db.collection('enrollments').get(id);
export const atWeChat = (app: TestApp, id: string) => app.runtime.pay.get(id) as PayOrder;

/** Our order as if it was created `ageMs` ago with the usual 30-minute TTL already past. */
export function expireLocally(app: TestApp, orderId: string, ageMs = 31 * 60_000) {
  app.runtime.db
    .collection('orders')
    .update(
      { _id: orderId },
      { $set: { createdAt: new Date(Date.now() - ageMs), expiresAt: new Date(Date.now() - 1000) } },
    );
}

/** Our order as if it was created `ageMs` ago, still unexpired (closeOrder needs 5 minutes). */
export function ageOrder(app: TestApp, orderId: string, ageMs = 6 * 60_000) {
  app.runtime.db
    .collection('orders')
    .update({ _id: orderId }, { $set: { createdAt: new Date(Date.now() - ageMs) } });
}

/** Changes the sandbox's record of an order (what WeChat Pay's side holds). */
export function setAtWeChat(app: TestApp, id: string, patch: Partial<PayOrder>) {
  const current = atWeChat(app, id);
  app.runtime.db.collection(PAY_ORDERS).set(id, { ...current, ...patch });
}

/**
 * The worker paid at WeChat Pay but the notification has not arrived (delayed or lost): the
 * sandbox order is SUCCESS with a transaction id, nothing delivered yet.
 */
export function paidAtWeChat(app: TestApp, id: string, patch: Partial<PayOrder> = {}): string {
  const transactionId = `4200TEST${String(randomInt(0, 10 ** 12)).padStart(12, '0')}`;
  setAtWeChat(app, id, { state: 'SUCCESS', transactionId, timeEnd: '20250101120000', ...patch });
  return patch.transactionId ?? transactionId;
}

/** The notification WeChat Pay sends for the sandbox order, delivered once now. */
export function notify(app: TestApp, id: string, override: Record<string, unknown> = {}) {
  const event = { ...app.runtime.pay.callbackEvent(atWeChat(app, id)), ...override };
  return app.runtime.invoke('payNotify', event, { source: 'wx_paycallback' }) as Promise<{
    errcode: number;
  }>;
}

export const anomalies = (app: TestApp, query: Record<string, unknown>) =>
  app.runtime.db.collection('payAnomalies').find(query, { limit: 100 });
export const refunds = (app: TestApp, query: Record<string, unknown>) =>
  app.runtime.db.collection('refunds').find(query, { limit: 100 });
export const ordersOf = (app: TestApp, enrollmentId: string) =>
  app.runtime.db.collection('orders').find({ enrollmentId }, { limit: 100 });
