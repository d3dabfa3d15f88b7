/**
 * kill -9 in the middle of an enrolment-and-payment burst. The runtime runs as its own process
 * (the CLI) on a seeded data directory; 60 workers sign in, register, join the demo unit, enrol,
 * open an order and pay it on the sandbox page over HTTP, each starting 150 ms after the last, while a unit
 * officer reserves free (普惠) places for more members than an allocation has. Once 20 payments
 * have been acknowledged (or after 45 s on a slow machine) the process is SIGKILLed. The app is then restarted on the same directory, the
 * unacknowledged notifications resume, and the reconciliation timer runs (again after every
 * open order's expiry). Then:
 * - everything a client was told succeeded is there: registrations, unit joins, enrolments,
 *   orders, payments (as active cover), reserved places;
 * - nothing is there twice: one enrolment, at most one order, one credit and one message per worker;
 * - money and cover agree: every payment WeChat Pay took is credited to its enrolment, no
 *   enrolment is active without a payment, nothing was refunded or flagged;
 * - the free places are not over-consumed, and every acknowledged reservation holds one.
 * A call answered 5xx (the shared machine overloaded, a timeout) counts as not acknowledged; a
 * refusal (4xx) before the kill fails the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { chinaToday } from '../../shared/calendar';
import { sliceCount, spread } from '../../shared/officer/quota';
import { DEMO, demoIdNumber, demoJoinToken } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { allocationIdFor, sliceIdFor } from '../../cloudfunctions/_lib/officer-model';
import { PAY_ORDERS } from '../../cloudfunctions/_runtime/pay/sandbox';
import type { DatabaseService } from '../../cloudfunctions/_runtime/db/service';
import { ApiClient, devClient, openApp, type TestApp } from '../helpers/app';
import { killHard, seedDataDir, smsCode, startCli, type Cli } from '../helpers/cli';
import { RuntimeClient } from '../helpers/runtime';

jest.setTimeout(110_000);

const WORKERS = 60;
const STAGGER_MS = 150;
const KILL_AFTER_PAID = 20;
const KILL_DEADLINE_MS = 45_000;
const QUOTA_UNIT = 'unit_jn_k9';
const QUOTA_PLACES = 10;
const QUOTA_MEMBERS = 200;
const OFFICER = 'k9-unit-officer';

const base = mkdtempSync(join(tmpdir(), 'fault-k9-pay-'));
const dataDir = join(base, 'data');
let cli: Cli | undefined;
let app: TestApp | undefined;
afterAll(async () => {
  if (cli) await killHard(cli.child);
  await app?.close();
  rmSync(base, { recursive: true, force: true });
});

/** What one worker was told succeeded, step by step (nothing after the first failure). */
interface Acked {
  phone: string;
  openid?: string;
  token?: string;
  registered?: boolean;
  joined?: boolean;
  enrolmentId?: string;
  orderId?: string;
  transactionId?: string;
  /** A refusal (not a dead connection): must not happen before the kill. */
  refusal?: string;
}

/** A small free allocation for a Jinan unit, its officer, and its members, written before start. */
function seedQuota(db: DatabaseService): { programId: string; batchId: string; members: string[] } {
  const now = new Date();
  const programId = db.collection('_rt_meta').get('seed').jinanProgramId as string;
  const program = db.collection('programs').get(programId).program;
  const today = chinaToday(now);
  const batchId = program.enrolment.batches.find(
    (b: { opens: string; closes: string }) => b.opens <= today && today <= b.closes,
  ).id as string;
  db.collection('orgs').set(QUOTA_UNIT, {
    name: '历下区试点企业工会',
    level: 'grassroots',
    parentId: DEMO.jinanDistrict,
    parentName: '历下区总工会',
    ancestors: [DEMO.jinanProvince, DEMO.jinanCity, DEMO.jinanDistrict],
    region: { province: '山东省', city: '济南市', district: '历下区' },
  });
  const id = allocationIdFor(programId, batchId, QUOTA_UNIT);
  const slices = sliceCount(QUOTA_PLACES);
  spread(QUOTA_PLACES, slices).forEach((n, i) =>
    db
      .collection('quotaCounters')
      .set(sliceIdFor(id, i), { allocationId: id, slice: i, places: n, remaining: n }),
  );
  db.collection('quotaAllocations').set(id, {
    programId,
    batchId,
    unitId: QUOTA_UNIT,
    places: QUOTA_PLACES,
    slices,
    updatedBy: 'seed',
    createdAt: now,
    updatedAt: now,
  });
  db.collection('users').set(userIdFor(OFFICER), {
    openid: OFFICER,
    registered: true,
    name: '试点干部',
    nameMasked: '试*部',
    unitStatus: 'none',
    roles: [],
    grants: [{ role: 'unit_officer', orgId: QUOTA_UNIT }],
    createdAt: now,
    updatedAt: now,
  });
  db.collection('_rt_demo_identities').set(`test_${OFFICER}`, {
    openid: OFFICER,
    label: OFFICER,
    role: 'test',
    order: 999,
  });
  const members = Array.from({ length: QUOTA_MEMBERS }, (_, i) => {
    const openid = `k9-member-${i}`;
    db.collection('users').set(userIdFor(openid), {
      openid,
      registered: true,
      name: '职工',
      nameMasked: '职*',
      unitId: QUOTA_UNIT,
      unitStatus: 'approved',
      roles: ['worker'],
      createdAt: now,
      updatedAt: now,
    });
    return userIdFor(openid);
  });
  return { programId, batchId, members };
}

test('every acknowledged enrolment and payment survives kill -9, once; places are not over-consumed', async () => {
  const started = Date.now();
  let programId = '';
  let scene = '';
  let quota = { programId: '', batchId: '', members: [] as string[] };
  seedDataDir(dataDir, (db) => {
    programId = db.collection('_rt_meta').get('seed').demoProgramId as string;
    scene = demoJoinToken(db, DEMO.unit);
    quota = seedQuota(db);
  });
  const signature = (await QRCode.toBuffer('职工签名')).toString('base64');

  cli = await startCli(dataDir, ['--no-timers', '--dev-login']);
  const url = cli.url;
  const officer = await devClient(url, OFFICER);
  const opened = await officer.call('officer.openApplication', {
    unitId: QUOTA_UNIT,
    programId: quota.programId,
    route: 'puhui',
  });
  expect(opened.funding).toBe('quota');

  let killing: Promise<void> | null = null;
  let paid = 0;
  const killNow = () => (killing ??= killHard(cli!.child));

  /** One worker's whole journey; a step that fails (the process died) ends it. */
  async function worker(i: number): Promise<Acked> {
    const ack: Acked = { phone: `13966${String(100000 + i).slice(-6)}` };
    const http = new RuntimeClient(url);
    const client = new ApiClient(http);
    const step = async <T>(run: () => Promise<T>): Promise<T> => {
      if (killing) throw new Error('killed');
      return run();
    };
    const call = async <T>(name: Parameters<ApiClient['try']>[0], input: unknown): Promise<T> => {
      const res = await step(() => client.try(name, input as never));
      if (!res.ok) {
        // A 5xx (the process overloaded, a timeout) is just not acknowledged; a refusal is a bug.
        if (!killing && res.status < 500) ack.refusal = `${name}: ${res.error.code}`;
        throw new Error(res.error.code);
      }
      return res.data as T;
    };
    try {
      const sent = await step(() => http.post('/auth/sms/send', { phone: ack.phone }));
      if (sent.status !== 200) throw new Error(sent.text);
      const code = await smsCode(cli!, ack.phone);
      const verified = await step(() => http.post('/auth/sms/verify', { phone: ack.phone, code }));
      if (verified.status !== 200) throw new Error(verified.text);
      http.token = ack.token = verified.body.data.token;
      ack.openid = verified.body.data.openid;
      await call('user.register', {
        name: '林小红',
        idNumber: demoIdNumber('1991-03-21', 200 + i, 'female'),
        phoneCode: verified.body.data.phoneCode,
        unionCardNo: `6227${String(500_000 + i).padStart(12, '0')}`,
      });
      ack.registered = true;
      await call('org.joinUnit', { via: 'qr', scene });
      ack.joined = true;
      const detail = await call<{ notice: { version: string; hash: string } }>('enrollment.programDetail', {
        programId,
      });
      const enrolled = await call<{ id: string }>('enrollment.enrol', {
        programId,
        consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true },
        signaturePng: signature,
        declarations: [],
      });
      ack.enrolmentId = enrolled.id;
      const order = await call<{ orderId: string }>('enrollment.pay', { enrollmentId: enrolled.id });
      ack.orderId = order.orderId;
      const confirmed = await step(() =>
        http.request('POST', `/pay/${order.orderId}/confirm`, undefined, {
          headers: { accept: 'application/json' },
        }),
      );
      if (confirmed.status !== 200 || confirmed.body.data?.state !== 'SUCCESS')
        throw new Error(confirmed.text);
      ack.transactionId = confirmed.body.data.transactionId;
      if (++paid >= KILL_AFTER_PAID) void killNow();
    } catch {
      /* the process is gone (or going): what was acknowledged so far stands */
    }
    return ack;
  }

  /** The officer reserving places member by member, 2 in flight; the acknowledged placements. */
  async function reserve(): Promise<{ placed: Set<string>; refusals: string[] }> {
    const placed = new Set<string>();
    const refusals: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < quota.members.length && !killing) {
          const userId = quota.members[next++]!;
          try {
            const res = await officer.try('officer.submitMembers', {
              applicationId: opened.id,
              userIds: [userId],
            });
            if (res.ok) {
              if (res.data.added[0]?.quotaPlace) placed.add(userId);
              else if (res.data.refused[0]?.code !== 'QUOTA.EXHAUSTED')
                refusals.push(res.data.refused[0]!.code);
            } else if (!killing) refusals.push(res.error.code);
          } catch {
            /* killed */
          }
        }
      }),
    );
    return { placed, refusals };
  }

  const deadline = setTimeout(() => void killNow(), KILL_DEADLINE_MS);
  // The journeys start STAGGER_MS apart, so at the kill they are spread over every step.
  const [acks, reserved] = await Promise.all([
    Promise.all(
      Array.from({ length: WORKERS }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * STAGGER_MS));
        return worker(i);
      }),
    ),
    reserve(),
  ]);
  clearTimeout(deadline);
  await killNow();
  expect(cli.child.signalCode).toBe('SIGKILL');
  const burstMs = Date.now() - started;

  const count = (f: (a: Acked) => unknown) => acks.filter(f).length;
  console.log(
    `[kill9 burst] ${burstMs} ms: signed in ${count((a) => a.openid)}, registered ${count((a) => a.registered)}, ` +
      `joined ${count((a) => a.joined)}, enrolled ${count((a) => a.enrolmentId)}, ordered ${count((a) => a.orderId)}, ` +
      `paid ${count((a) => a.transactionId)} of ${WORKERS}; places acknowledged ${reserved.placed.size}`,
  );
  // Nothing was refused before the kill, and the kill did land mid-way.
  expect(acks.filter((a) => a.refusal).map((a) => a.refusal)).toEqual([]);
  expect(reserved.refusals).toEqual([]);
  expect(count((a) => a.transactionId)).toBeGreaterThan(0);
  expect(count((a) => a.transactionId)).toBeLessThan(WORKERS);

  // Restart on the same directory: unacknowledged notifications resume, then the timer runs.
  app = await openApp(dataDir, { devLogin: false, payRetryDelaysMs: [20, 50, 100] });
  const db = app.runtime.db;
  const undelivered = () => db.collection(PAY_ORDERS).count({ state: 'SUCCESS', delivered: false });
  for (const until = Date.now() + 15_000; undelivered() > 0 && Date.now() < until;)
    await new Promise((r) => setTimeout(r, 50));
  expect(undelivered()).toBe(0);
  await app.runtime.runTimer('timers');
  // Half an hour later every open order has expired: the timer closes or applies each.
  db.collection('orders').update(
    { status: 'PENDING' },
    { $set: { createdAt: new Date(Date.now() - 31 * 60_000), expiresAt: new Date(Date.now() - 1000) } },
  );
  await app.runtime.runTimer('timers');
  expect(db.collection('orders').count({ status: 'PENDING' })).toBe(0);

  // Everything acknowledged is there, once.
  for (const a of acks) {
    if (!a.openid) continue;
    const userId = userIdFor(a.openid);
    const user = db.collection('users').get(userId);
    if (a.registered) expect(user).toMatchObject({ registered: true, openid: a.openid });
    if (a.joined) expect(user).toMatchObject({ unitId: DEMO.unit, unitStatus: 'approved' });
    const enrolments = db.collection('enrollments').find({ userId, programId });
    expect(enrolments.length).toBeLessThanOrEqual(1);
    if (a.enrolmentId) expect(enrolments.map((e) => e._id)).toEqual([a.enrolmentId]);
    for (const e of enrolments) {
      const orders = db.collection('orders').find({ enrollmentId: e._id });
      expect(orders.length).toBeLessThanOrEqual(1);
      if (a.orderId) expect(orders.map((o) => o._id)).toEqual([a.orderId]);
      const paidOrders = orders.filter((o) => o.status === 'PAID');
      expect(paidOrders.length).toBe(e.status === 'active' ? 1 : 0);
      expect(db.collection('outbox').count({ enrollmentId: e._id, kind: 'enrollment_paid' })).toBe(
        e.status === 'active' ? 1 : 0,
      );
      if (e.status === 'active') expect(e.currentOrderId).toBe(paidOrders[0]._id);
    }
    if (a.transactionId) {
      expect(enrolments[0]).toMatchObject({ status: 'active', currentOrderId: a.orderId });
      expect(db.collection('orders').get(a.orderId!)).toMatchObject({
        status: 'PAID',
        transactionId: a.transactionId,
      });
      // And the worker sees it so, with the session issued before the crash.
      const seen = new ApiClient(Object.assign(new RuntimeClient(app.url), { token: a.token }));
      expect(await seen.call('enrollment.get', { enrollmentId: a.enrolmentId! })).toMatchObject({
        status: 'active',
      });
    }
  }

  // Money and cover agree, whoever's call was cut off.
  const takenAtWeChat = db.collection(PAY_ORDERS).find({ state: 'SUCCESS' }, { limit: 1000 });
  expect(takenAtWeChat.length).toBeGreaterThanOrEqual(count((a) => a.transactionId));
  for (const p of takenAtWeChat) {
    const ours = db.collection('orders').get(p.outTradeNo);
    expect(ours).toMatchObject({ status: 'PAID', transactionId: p.transactionId, amountFen: p.totalFee });
    expect(db.collection('enrollments').get(ours.enrollmentId)).toMatchObject({
      status: 'active',
      currentOrderId: p.outTradeNo,
    });
  }
  const active = db.collection('enrollments').find({ programId, status: 'active' }, { limit: 1000 });
  expect(active.length).toBe(takenAtWeChat.length);
  expect(db.collection('payAnomalies').count({})).toBe(0);
  expect(db.collection('refunds').count({})).toBe(0);

  // Free places: never more held than there are, every acknowledged one held.
  const allocationId = allocationIdFor(quota.programId, quota.batchId, QUOTA_UNIT);
  const counters = db.collection('quotaCounters').find({ allocationId });
  const remaining = counters.reduce((t, c) => t + c.remaining, 0);
  const held = db
    .collection('applicationMembers')
    .find({ applicationId: opened.id, status: 'held' }, { limit: 1000 });
  const heldWithPlace = held.filter((m) => m.sliceId);
  expect(counters.every((c) => c.remaining >= 0)).toBe(true);
  expect(reserved.placed.size).toBeLessThanOrEqual(QUOTA_PLACES);
  expect(heldWithPlace.length + remaining).toBeLessThanOrEqual(QUOTA_PLACES);
  for (const userId of reserved.placed) expect(heldWithPlace.map((m) => m.userId)).toContain(userId);
  expect(new Set(held.map((m) => m.userId)).size).toBe(held.length);
  console.log(
    `[kill9 burst] after restart: ${active.length} active, ${heldWithPlace.length} places held, ${remaining} free, ` +
      `${QUOTA_PLACES - remaining - heldWithPlace.length} taken by a reservation cut off mid-way; total ${Date.now() - started} ms`,
  );
});
