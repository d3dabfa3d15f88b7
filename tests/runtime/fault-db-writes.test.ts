/**
 * The database fault hook (`runtime.faults.failWrites`): writes fail as SQLite fails them on a
 * full disk, seen through the real wx-server-sdk; a transaction that wrote while armed fails at
 * its commit and leaves nothing; reads go on; `times` and `clear()` bound it; unarmed it is inert.
 */
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime({
    functions: {
      store: `exports.main = async (event) => {
        const db = cloud.database();
        const wrap = async (f) => { try { return { ok: true, data: await f() }; } catch (e) { return { ok: false, errCode: e.errCode, code: e.code, errMsg: String(e.errMsg || e.message) }; } };
        if (event.action === 'add') return wrap(() => db.collection(event.coll || 'things').add({ data: { n: event.n } }));
        if (event.action === 'tx') return wrap(() => db.runTransaction(async (tx) => {
          await tx.collection('things').doc('t' + event.n).set({ data: { n: event.n } });
          await tx.collection('log').doc('l' + event.n).set({ data: { n: event.n } });
          return 'committed';
        }));
        return wrap(async () => (await db.collection(event.coll || 'things').get()).data.map((d) => d.n));
      };`,
    },
  });
});
afterAll(() => rt?.cleanup());
afterEach(() => rt.faults.clear());

const call = (event: object) => rt.invoke('store', event) as Promise<Record<string, any>>;

test('unarmed, writes succeed; armed, they fail as a full disk and nothing is written; clear() resumes', async () => {
  expect(await call({ action: 'add', n: 1 })).toMatchObject({ ok: true });
  rt.faults.failWrites({ error: 'disk_full' });
  const refused = await call({ action: 'add', n: 2 });
  expect(refused).toMatchObject({ ok: false, errCode: -501001 });
  expect(refused.errMsg).toContain('database or disk is full');
  // Reads are not writes.
  expect(await call({ action: 'list' })).toEqual({ ok: true, data: [1] });
  rt.faults.clear();
  expect(await call({ action: 'add', n: 3 })).toMatchObject({ ok: true });
  expect(
    rt.db
      .collection('things')
      .find({})
      .map((d) => d.n),
  ).toEqual([1, 3]);
});

test('collection and times narrow the fault', async () => {
  const before = rt.faults.injected;
  rt.faults.failWrites({ collection: 'audit', times: 2 });
  expect(await call({ action: 'add', coll: 'things', n: 10 })).toMatchObject({ ok: true });
  expect(await call({ action: 'add', coll: 'audit', n: 1 })).toMatchObject({ ok: false });
  expect(await call({ action: 'add', coll: 'audit', n: 2 })).toMatchObject({ ok: false });
  expect(await call({ action: 'add', coll: 'audit', n: 3 })).toMatchObject({ ok: true });
  expect(rt.faults.injected - before).toBe(2);
  expect(
    rt.db
      .collection('audit')
      .find({})
      .map((d) => d.n),
  ).toEqual([3]);
});

test('a transaction that writes to the failing collection fails at commit and writes nothing', async () => {
  rt.faults.failWrites({ collection: 'log', times: 1 });
  const failed = await call({ action: 'tx', n: 20 });
  // A failed commit reaches the caller as the raw TCB error (TCB-WIRE §1.3), not an errCode.
  expect(failed).toMatchObject({ ok: false, code: 'SYS_ERR' });
  expect(failed.errMsg).toContain('database or disk is full');
  expect(rt.db.collection('things').get('t20')).toBeNull();
  expect(rt.db.collection('log').get('l20')).toBeNull();
  // Used up: the same transaction now commits.
  expect(await call({ action: 'tx', n: 20 })).toEqual({ ok: true, data: 'committed' });
  expect(rt.db.collection('things').get('t20')).toMatchObject({ n: 20 });
});

test('a commit fault fails the next commit only', async () => {
  rt.faults.failWrites({ action: 'commitTransaction', times: 1 });
  expect(await call({ action: 'add', n: 30 })).toMatchObject({ ok: true });
  expect(await call({ action: 'tx', n: 31 })).toMatchObject({ ok: false });
  expect(rt.db.collection('things').get('t31')).toBeNull();
  expect(await call({ action: 'tx', n: 31 })).toMatchObject({ ok: true });
});

test('a commit fault naming a collection fails only the commits of transactions writing there', async () => {
  rt.faults.failWrites({ collection: 'log', action: 'commitTransaction' });
  expect(await call({ action: 'add', coll: 'log', n: 40 })).toMatchObject({ ok: true });
  expect(await call({ action: 'tx', n: 41 })).toMatchObject({ ok: false, code: 'SYS_ERR' });
  expect(await call({ action: 'tx', n: 42 })).toMatchObject({ ok: false, code: 'SYS_ERR' });
  expect(rt.db.collection('things').get('t41')).toBeNull();
  rt.faults.clear();
  expect(await call({ action: 'tx', n: 41 })).toMatchObject({ ok: true });
});
