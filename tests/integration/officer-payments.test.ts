/**
 * Part 5: payment issues for the centre. Anomalies and refunds are placed in an officer's
 * subtree through their enrolment's unit, listed newest first by cursor with the amount and
 * the worker's masked name, and resolved once with a note that is audited.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { startApp, type TestApp } from '../helpers/app';
import { officerWith } from '../helpers/officer';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
  seedIssues();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
type Reply = { ok: boolean; data?: any; error?: { code: string } };
const invoke = (openid: string, action: string, payload: object) =>
  app.runtime.invoke('officer', { action, payload }, { openid }) as Promise<Reply>;

const base = Date.parse('2026-11-01T00:00:00Z');
function enrolment(id: string, unitId: string, userId: string) {
  db()
    .collection('enrollments')
    .set(id, { userId, unitId, programId: 'p', status: 'active', createdAt: new Date(base) });
}
function seedIssues() {
  enrolment('en_wj', DEMO.unit, userIdFor(DEMO.worker));
  enrolment('en_jn', DEMO.jinanUnit, userIdFor(DEMO.worker));
  db()
    .collection('orders')
    .set('Pwj-1', { outTradeNo: 'Pwj-1', enrollmentId: 'en_wj', amountFen: 2000, status: 'PAID' });
  for (let i = 0; i < 30; i++)
    db()
      .collection('payAnomalies')
      .set(`anom_wj_${i}`, {
        kind: 'AMOUNT_MISMATCH',
        outTradeNo: 'Pwj-1',
        totalFee: 100 + i,
        at: new Date(base + i * 60_000),
        resolved: false,
      });
  db()
    .collection('payAnomalies')
    .set('anom_jn', {
      kind: 'NOTIFICATION_NOT_CONFIRMED',
      enrollmentId: 'en_jn',
      totalFee: 2000,
      at: new Date(base + 3600_000),
      resolved: false,
    });
  db()
    .collection('payAnomalies')
    .set('anom_none', { kind: 'MALFORMED_NOTIFICATION', at: new Date(base + 7200_000), resolved: false });
  db()
    .collection('refunds')
    .set('rf_Pwj-1', {
      outTradeNo: 'Pwj-1',
      outRefundNo: 'RPwj-1',
      enrollmentId: 'en_wj',
      userId: userIdFor(DEMO.worker),
      amountFen: 2000,
      reason: 'DOUBLE_PAYMENT',
      status: 'failed',
      createdAt: new Date(base),
      updatedAt: new Date(base),
    });
}

test('the Jiangsu centre admin sees its subtree (and unattributed issues), newest first, paged by cursor', async () => {
  const first = await invoke(DEMO.admin, 'paymentIssues', {
    kind: 'anomaly',
    orgId: DEMO.province,
    pageSize: 20,
  });
  expect(first.ok).toBe(true);
  const ids = first.data.items.map((i: { id: string }) => i.id);
  expect(ids[0]).toBe('anom_none');
  expect(ids[1]).toBe('anom_wj_29');
  expect(ids).not.toContain('anom_jn');
  expect(first.data.items[1]).toMatchObject({
    amountFen: 129,
    workerNameMasked: '王*国',
    unitId: DEMO.unit,
    enrollmentId: 'en_wj',
  });
  expect(first.data.next).toBeDefined();
  const second = await invoke(DEMO.admin, 'paymentIssues', {
    kind: 'anomaly',
    orgId: DEMO.province,
    pageSize: 20,
    before: first.data.next,
  });
  const all = [...ids, ...second.data.items.map((i: { id: string }) => i.id)];
  expect(all).toHaveLength(31);
  expect(new Set(all).size).toBe(31);
  const refunds = await invoke(DEMO.admin, 'paymentIssues', { kind: 'refund', orgId: DEMO.province });
  expect(refunds.data.items).toEqual([
    expect.objectContaining({ id: 'rf_Pwj-1', amountFen: 2000, status: 'failed', workerNameMasked: '王*国' }),
  ]);
});

test('a finance officer below the root sees only their subtree; others are refused', async () => {
  const finance = officerWith(app, 'p-finance', [{ role: 'centre_finance', orgId: DEMO.jinanCity }]);
  const seen = await invoke(finance, 'paymentIssues', { kind: 'anomaly', orgId: DEMO.jinanCity });
  expect(seen.data.items.map((i: { id: string }) => i.id)).toEqual(['anom_jn']);
  for (const who of [DEMO.unitOfficer, DEMO.reviewer])
    expect(await invoke(who, 'paymentIssues', { kind: 'anomaly', orgId: DEMO.district })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  expect(await invoke(finance, 'paymentIssues', { kind: 'anomaly', orgId: DEMO.province })).toMatchObject({
    ok: false,
    error: { code: 'AUTH.FORBIDDEN' },
  });
  expect(
    await invoke(finance, 'resolvePaymentIssue', { kind: 'anomaly', id: 'anom_wj_3', note: '已核实' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'AUTH.FORBIDDEN' },
  });
  expect(
    await invoke(finance, 'resolvePaymentIssue', { kind: 'anomaly', id: 'anom_none', note: '已核实' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'AUTH.FORBIDDEN' },
  });
});

test('resolving marks the issue once with a note, recorded in the audit log', async () => {
  expect(
    await invoke(DEMO.admin, 'resolvePaymentIssue', { kind: 'refund', id: 'rf_Pwj-1', note: '已线下退款' }),
  ).toMatchObject({
    ok: true,
  });
  await invoke(DEMO.admin, 'resolvePaymentIssue', { kind: 'refund', id: 'rf_Pwj-1', note: '再次标记' });
  expect(db().collection('refunds').get('rf_Pwj-1')).toMatchObject({
    resolved: true,
    resolution: { note: '已线下退款' },
  });
  expect(
    db().collection('auditLog').find({ action: 'officer.resolvePaymentIssue', 'subject.id': 'rf_Pwj-1' }),
  ).toHaveLength(1);
  const open = await invoke(DEMO.admin, 'paymentIssues', { kind: 'refund', orgId: DEMO.province });
  expect(open.data.items).toEqual([]);
  const done = await invoke(DEMO.admin, 'paymentIssues', {
    kind: 'refund',
    orgId: DEMO.province,
    resolved: true,
  });
  expect(done.data.items).toEqual([
    expect.objectContaining({ id: 'rf_Pwj-1', resolved: true, note: '已线下退款' }),
  ]);
  expect(
    await invoke(DEMO.admin, 'resolvePaymentIssue', { kind: 'anomaly', id: 'anom_missing', note: '已核实' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'PAYISSUE.NOT_FOUND' },
  });
});
