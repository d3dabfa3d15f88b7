/**
 * CloudBase database behaviour as seen through the REAL wx-server-sdk 4.0.2, served by the local
 * runtime's DatabaseService. Each test pins a documented CloudBase behaviour that cloud functions
 * rely on.
 */
import { startDbHarness, type DbHarness } from '../helpers/tcb-db-harness';

let h: DbHarness;
let db: any;
let _: any;

beforeAll(async () => {
  h = await startDbHarness({
    indexes: [
      { collection: 'users', fields: ['openid'], unique: true },
      { collection: 'quotas', fields: ['unitId', 'batch'] },
      { collection: 'members', fields: ['idHash'], unique: true },
      { collection: 'people', fields: ['idHash'], unique: true, sparse: true },
      { collection: 'seats', fields: ['row', 'col'], unique: true, sparse: true },
    ],
  });
  db = h.database();
  _ = db.command;
});

afterAll(async () => {
  await h.close();
});

/** A collection name per test, so tests do not see each other's data. */
let seq = 0;
const fresh = (prefix = 'c'): string => `${prefix}${++seq}`;

async function seed(name: string, docs: object[]): Promise<void> {
  await db.collection(name).add({ data: docs });
}

async function ids(name: string, where: object, extra: (q: any) => any = (q) => q): Promise<string[]> {
  const res = await extra(db.collection(name).where(where)).get();
  return res.data.map((d: any) => d._id);
}

describe('add and doc get', () => {
  it('generates 32-hex ids and reads the document back', async () => {
    const name = fresh();
    const res = await db.collection(name).add({ data: { title: 'hello', n: 1 } });
    expect(res._id).toMatch(/^[0-9a-f]{32}$/);
    const got = await db.collection(name).doc(res._id).get();
    expect(got.data).toEqual({ _id: res._id, title: 'hello', n: 1 });
  });

  it('rejects an existing _id with -502001 and an E11000 message', async () => {
    const name = fresh();
    await db.collection(name).add({ data: { _id: 'dup', v: 1 } });
    await expect(db.collection(name).add({ data: { _id: 'dup', v: 2 } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/E11000 duplicate key/),
    });
    expect((await db.collection(name).doc('dup').get()).data.v).toBe(1);
  });

  it('adds an array of documents in one request', async () => {
    const name = fresh();
    const res = await db.collection(name).add({ data: [{ _id: 'a' }, { _id: 'b' }, { x: 1 }] });
    expect(res._ids.slice(0, 2)).toEqual(['a', 'b']);
    expect(res._ids[2]).toMatch(/^[0-9a-f]{32}$/);
    expect((await db.collection(name).count()).total).toBe(3);
  });

  it('doc(id).get() on a missing id throws, and returns null with throwOnNotFound:false', async () => {
    const name = fresh();
    await seed(name, [{ _id: 'here' }]);
    await expect(db.collection(name).doc('nope').get()).rejects.toMatchObject({
      errMsg: expect.stringMatching(/document with _id nope does not exist/),
    });
    const lenient = h.database({ throwOnNotFound: false });
    expect((await lenient.collection(name).doc('nope').get()).data).toBeNull();
  });

  it('round-trips Dates, nested objects, arrays and numbers', async () => {
    const name = fresh();
    const when = new Date('2026-01-02T03:04:05.678Z');
    const data = { _id: 'd', when, nested: { a: [1, 2.5, 'x'], b: { c: true } }, big: 2 ** 40, nil: null };
    await db.collection(name).add({ data });
    const got = (await db.collection(name).doc('d').get()).data;
    expect(got.when).toBeInstanceOf(Date);
    expect(got).toEqual(data);
  });
});

describe('serverDate', () => {
  it('replaces db.serverDate() with the server clock in add and update, with offsets', async () => {
    const name = fresh();
    const before = Date.now();
    await db
      .collection(name)
      .add({ data: { _id: 's', at: db.serverDate(), later: db.serverDate({ offset: 3_600_000 }) } });
    const after = Date.now();
    let got = (await db.collection(name).doc('s').get()).data;
    expect(got.at).toBeInstanceOf(Date);
    expect(got.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(got.at.getTime()).toBeLessThanOrEqual(after);
    expect(got.later.getTime() - got.at.getTime()).toBe(3_600_000);

    // serverDate also works as a query operand.
    await db.collection(name).add({ data: { _id: 'future', at: new Date(Date.now() + 86_400_000) } });
    expect(await ids(name, { at: _.lt(db.serverDate()) })).toEqual(['s']);
    expect(await ids(name, { at: _.lt(db.serverDate({ offset: 2 * 86_400_000 })) })).toEqual(['s', 'future']);

    await db
      .collection(name)
      .doc('s')
      .update({ data: { touched: db.serverDate() } });
    got = (await db.collection(name).doc('s').get()).data;
    expect(got.touched).toBeInstanceOf(Date);
    expect(got.touched.getTime()).toBeGreaterThanOrEqual(after);
  });
});

describe('get limits', () => {
  const name = 'many';
  beforeAll(async () => {
    const docs = Array.from({ length: 1100 }, (_v, i) => ({ _id: `m${String(i).padStart(4, '0')}`, i }));
    await db.collection(name).add({ data: docs });
  });

  it('returns 100 documents by default and at most 1000', async () => {
    expect((await db.collection(name).get()).data).toHaveLength(100);
    expect((await db.collection(name).limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection(name).count()).total).toBe(1100);
  });

  it('enforces the 1000 cap on the server too', () => {
    const reply = h.handle('database.getDocument', { collectionName: name, queryType: 'WHERE', limit: 5000 });
    expect((reply.data as any).list).toHaveLength(1000);
  });

  it('pages with skip and limit in natural order', async () => {
    const page = await db.collection(name).orderBy('i', 'asc').skip(1050).limit(100).get();
    expect(page.data.map((d: any) => d.i)).toEqual(Array.from({ length: 50 }, (_v, k) => 1050 + k));
  });
});

describe('query operators', () => {
  const name = 'ops';
  beforeAll(async () => {
    await seed(name, [
      { _id: 'a', n: 1, s: 'apple', tags: ['x', 'y'], items: [{ k: 'p', q: 1 }], style: { color: 'red' } },
      {
        _id: 'b',
        n: 5,
        s: 'Banana',
        tags: ['y'],
        items: [
          { k: 'p', q: 5 },
          { k: 'r', q: 2 },
        ],
        style: { color: 'blue' },
      },
      { _id: 'c', n: 10, s: 'cherry', tags: [], items: [], flag: true },
      { _id: 'd', s: 'date', tags: ['x', 'y', 'z'] },
    ]);
  });

  const cases: [string, () => object, string[]][] = [
    ['plain equality', () => ({ n: 5 }), ['b']],
    ['$eq', () => ({ n: _.eq(10) }), ['c']],
    ['$ne (includes missing)', () => ({ n: _.neq(5) }), ['a', 'c', 'd']],
    ['$gt', () => ({ n: _.gt(1) }), ['b', 'c']],
    ['$gte', () => ({ n: _.gte(5) }), ['b', 'c']],
    ['$lt', () => ({ n: _.lt(5) }), ['a']],
    ['$lte', () => ({ n: _.lte(5) }), ['a', 'b']],
    ['$in', () => ({ s: _.in(['apple', 'date', 'zzz']) }), ['a', 'd']],
    ['$nin', () => ({ n: _.nin([1, 5]) }), ['c', 'd']],
    ['field-level and', () => ({ n: _.gt(1).and(_.lt(10)) }), ['b']],
    ['field-level or', () => ({ n: _.lt(2).or(_.gt(9)) }), ['a', 'c']],
    ['$and', () => _.and([{ n: _.gt(0) }, { tags: 'x' }]), ['a']],
    ['$or', () => _.or([{ n: 10 }, { s: 'date' }]), ['c', 'd']],
    ['$nor', () => _.nor([{ n: 10 }, { s: 'date' }]), ['a', 'b']],
    ['$not', () => ({ n: _.not(_.gt(1)) }), ['a', 'd']],
    ['$exists true', () => ({ flag: _.exists(true) }), ['c']],
    ['$exists false', () => ({ n: _.exists(false) }), ['d']],
    ['$elemMatch', () => ({ items: _.elemMatch({ k: 'p', q: _.gt(2) }) }), ['b']],
    ['$all', () => ({ tags: _.all(['x', 'y']) }), ['a', 'd']],
    ['$size', () => ({ tags: _.size(1) }), ['b']],
    ['array element equality', () => ({ tags: 'z' }), ['d']],
    ['db.RegExp with options', () => ({ s: db.RegExp({ regexp: '^b', options: 'i' }) }), ['b']],
    ['native RegExp', () => ({ s: /rr/ }), ['c']],
    ['nested object → dot path', () => ({ style: { color: 'red' } }), ['a']],
    ['explicit dot path', () => ({ 'items.k': 'r' }), ['b']],
  ];

  it.each(cases)('%s', async (_label, where, expected) => {
    expect((await ids(name, where())).sort()).toEqual(expected);
  });

  it('counts with a query', async () => {
    expect((await db.collection(name).where({ tags: 'y' }).count()).total).toBe(3);
  });
});

describe('orderBy, skip, limit, field', () => {
  const name = 'sorted';
  beforeAll(async () => {
    await seed(name, [
      { _id: '1', g: 'b', n: 2, secret: 's1' },
      { _id: '2', g: 'a', n: 3, secret: 's2' },
      { _id: '3', g: 'b', n: 1, secret: 's3' },
      { _id: '4', g: 'a', n: 1, secret: 's4' },
      { _id: '5', g: 'c', n: 9, secret: 's5' },
    ]);
  });

  it('sorts on several keys in the order given', async () => {
    const res = await db.collection(name).orderBy('g', 'asc').orderBy('n', 'desc').get();
    expect(res.data.map((d: any) => d._id)).toEqual(['2', '4', '1', '3', '5']);
  });

  it('applies skip and limit after sorting', async () => {
    expect(await ids(name, {}, (q) => q.orderBy('n', 'asc').orderBy('_id', 'asc').skip(1).limit(2))).toEqual([
      '4',
      '1',
    ]);
  });

  it('projects fields with field()', async () => {
    const only = await db.collection(name).where({ _id: '1' }).field({ g: true }).get();
    expect(only.data).toEqual([{ _id: '1', g: 'b' }]);
    const without = await db.collection(name).doc('2').field({ secret: false }).get();
    expect(without.data).toEqual({ _id: '2', g: 'a', n: 3 });
  });
});

describe('update', () => {
  it('where().update() reports how many documents changed', async () => {
    const name = fresh();
    await seed(name, [
      { _id: 'a', g: 1, v: 0 },
      { _id: 'b', g: 1, v: 7 },
      { _id: 'c', g: 2, v: 0 },
    ]);
    const res = await db
      .collection(name)
      .where({ g: 1 })
      .update({ data: { v: 7 } });
    // b already had v:7, so only a changed (CloudBase reports modified documents).
    expect(res.stats.updated).toBe(1);
    expect((await db.collection(name).where({ v: 7 }).count()).total).toBe(2);
    const none = await db
      .collection(name)
      .where({ g: 99 })
      .update({ data: { v: 1 } });
    expect(none.stats.updated).toBe(0);
  });

  it('doc(id).update() on a missing doc reports 0 without error', async () => {
    const name = fresh();
    await seed(name, [{ _id: 'x' }]);
    const res = await db
      .collection(name)
      .doc('ghost')
      .update({ data: { v: 1 } });
    expect(res.stats.updated).toBe(0);
    expect((await db.collection(name).count()).total).toBe(1);
  });

  it('applies every update operator', async () => {
    const name = fresh();
    await seed(name, [
      {
        _id: 'u',
        keep: 'k',
        gone: 1,
        n: 10,
        m: 3,
        lo: 5,
        hi: 5,
        old: 'renamed',
        arr: [3, 4],
        sorted: [{ v: 5 }],
        pull: [1, 2, 3, 2],
        pullAll: [1, 2, 3, 4],
        pop: [1, 2, 3],
        shift: [1, 2, 3],
        set: ['a'],
        nested: { a: 1, b: 2 },
        obj: { deep: 1, other: 2 },
      },
    ]);
    await db
      .collection(name)
      .doc('u')
      .update({
        data: {
          gone: _.remove(),
          n: _.inc(-3),
          m: _.mul(4),
          lo: _.min(2),
          hi: _.max(9),
          old: _.rename('renamedTo'),
          arr: _.push({ each: [1, 2], position: 0, slice: 3 }),
          sorted: _.push({ each: [{ v: 1 }, { v: 9 }], sort: { v: -1 } }),
          pull: _.pull(2),
          pullAll: _.pullAll([1, 3]),
          pop: _.pop(),
          shift: _.shift(),
          set: _.addToSet('a'),
          nested: { a: 10 },
          obj: _.set({ replaced: true }),
          added: 'new',
        },
      });
    await db
      .collection(name)
      .doc('u')
      .update({ data: { set: _.addToSet({ $each: ['b', 'a', 'c'] }), unshifted: _.unshift([0]) } });
    const got = (await db.collection(name).doc('u').get()).data;
    expect(got).toEqual({
      _id: 'u',
      keep: 'k',
      n: 7,
      m: 12,
      lo: 2,
      hi: 9,
      renamedTo: 'renamed',
      arr: [1, 2, 3],
      sorted: [{ v: 9 }, { v: 5 }, { v: 1 }],
      pull: [1, 3],
      pullAll: [2, 4],
      pop: [1, 2],
      shift: [2, 3],
      set: ['a', 'b', 'c'],
      nested: { a: 10, b: 2 },
      obj: { replaced: true },
      added: 'new',
      unshifted: [0],
    });
  });

  it('conditional decrement is atomic: concurrent takers never overdraw', async () => {
    const name = fresh();
    await seed(name, [{ _id: 'q', remaining: 3 }]);
    const take = () =>
      db
        .collection(name)
        .where({ _id: 'q', remaining: _.gt(0) })
        .update({ data: { remaining: _.inc(-1) } });
    const results = await Promise.all(Array.from({ length: 10 }, take));
    expect(results.map((r: any) => r.stats.updated).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect((await db.collection(name).doc('q').get()).data.remaining).toBe(0);
  });
});

describe('set and remove', () => {
  it('doc(id).set() replaces the whole document, or creates it', async () => {
    const name = fresh();
    await seed(name, [{ _id: 's', a: 1, b: 2 }]);
    const replaced = await db
      .collection(name)
      .doc('s')
      .set({ data: { c: 3 } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect((await db.collection(name).doc('s').get()).data).toEqual({ _id: 's', c: 3 });

    const created = await db
      .collection(name)
      .doc('new')
      .set({ data: { d: 4 } });
    expect(created).toMatchObject({ _id: 'new', stats: { updated: 0, created: 1 } });
    expect((await db.collection(name).doc('new').get()).data).toEqual({ _id: 'new', d: 4 });
  });

  it('removes by query and by id, reporting counts', async () => {
    const name = fresh();
    await seed(name, [
      { _id: '1', g: 1 },
      { _id: '2', g: 1 },
      { _id: '3', g: 2 },
    ]);
    expect((await db.collection(name).where({ g: 1 }).remove()).stats.removed).toBe(2);
    expect((await db.collection(name).doc('3').remove()).stats.removed).toBe(1);
    expect((await db.collection(name).doc('3').remove()).stats.removed).toBe(0);
    expect((await db.collection(name).count()).total).toBe(0);
  });
});

describe('unique indexes', () => {
  it('rejects a duplicate unique key on add and on update with -502001 E11000', async () => {
    await db.collection('users').add({ data: { _id: 'u1', openid: 'o-1' } });
    await db.collection('users').add({ data: { _id: 'u2', openid: 'o-2' } });
    await expect(db.collection('users').add({ data: { openid: 'o-1' } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/E11000 duplicate key error collection: users index: openid_1/),
    });
    await expect(
      db
        .collection('users')
        .doc('u2')
        .update({ data: { openid: 'o-1' } }),
    ).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/E11000/),
    });
    expect((await db.collection('users').doc('u2').get()).data.openid).toBe('o-2');
  });

  it('a non-sparse unique index indexes a missing field as null: the second such document is refused', async () => {
    await db.collection('members').add({ data: { _id: 'm1', idHash: 'h1' } });
    await db.collection('members').add({ data: { _id: 'm2' } });
    await expect(db.collection('members').add({ data: { _id: 'm3' } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/E11000 duplicate key error collection: members index: idHash_1/),
    });
    // An explicit null is the same key as a missing field, as in MongoDB.
    await expect(db.collection('members').add({ data: { _id: 'm4', idHash: null } })).rejects.toMatchObject({
      errCode: -502001,
    });
    // Removing the field from a document that had one collides too.
    await expect(
      db
        .collection('members')
        .doc('m1')
        .update({ data: { idHash: _.remove() } }),
    ).rejects.toMatchObject({ errCode: -502001 });
    expect((await db.collection('members').count()).total).toBe(2);
  });

  it('a sparse unique index skips documents lacking the field but still refuses a duplicate value', async () => {
    await db.collection('people').add({ data: [{ _id: 'p1' }, { _id: 'p2' }, { _id: 'p3', other: 1 }] });
    await db.collection('people').add({ data: { _id: 'p4', idHash: 'h1' } });
    await expect(db.collection('people').add({ data: { _id: 'p5', idHash: 'h1' } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/E11000 duplicate key error collection: people index: idHash_1/),
    });
    await expect(
      db
        .collection('people')
        .doc('p1')
        .update({ data: { idHash: 'h1' } }),
    ).rejects.toMatchObject({ errCode: -502001 });
    // Setting a new value on a document that lacked it is fine; lookups by value still find it.
    await db
      .collection('people')
      .doc('p2')
      .update({ data: { idHash: 'h2' } });
    expect((await ids('people', { idHash: 'h2' })).sort()).toEqual(['p2']);
    expect((await ids('people', { idHash: _.in(['h1', 'h2']) })).sort()).toEqual(['p2', 'p4']);
    // MongoDB's sparse indexes do index an explicit null: two nulls collide.
    await db.collection('people').add({ data: { _id: 'p6', idHash: null } });
    await expect(db.collection('people').add({ data: { _id: 'p7', idHash: null } })).rejects.toMatchObject({
      errCode: -502001,
    });
    expect((await db.collection('people').count()).total).toBe(5);
  });

  it('a sparse compound unique index indexes a document holding any of its fields', async () => {
    await db.collection('seats').add({ data: [{ _id: 's1' }, { _id: 's2' }] });
    await db.collection('seats').add({
      data: [
        { _id: 's3', row: 1 },
        { _id: 's4', row: 1, col: 2 },
      ],
    });
    // {row:1} is indexed as (1, null): a second one collides, (1, 2) does not.
    await expect(db.collection('seats').add({ data: { _id: 's5', row: 1 } })).rejects.toMatchObject({
      errCode: -502001,
      errMsg: expect.stringMatching(/index: row_1_col_1/),
    });
    await db.collection('seats').add({ data: { _id: 's6', col: 2 } });
    expect((await db.collection('seats').count()).total).toBe(5);
  });

  it('finds documents through an indexed equality filter', async () => {
    await seed('quotas', [
      { _id: 'q1', unitId: 'u1', batch: 1, remaining: 5 },
      { _id: 'q2', unitId: 'u1', batch: 2, remaining: 0 },
      { _id: 'q3', unitId: 'u2', batch: 1, remaining: 5 },
    ]);
    expect((await ids('quotas', { unitId: 'u1', batch: 1 })).sort()).toEqual(['q1']);
    expect((await ids('quotas', { unitId: 'u1', remaining: _.gt(0) })).sort()).toEqual(['q1']);
  });
});

describe('transactions', () => {
  it('writes nothing when the callback throws', async () => {
    const name = fresh();
    await seed(name, [{ _id: 'acct', balance: 10 }]);
    await expect(
      db.runTransaction(async (t: any) => {
        await t
          .collection(name)
          .doc('acct')
          .update({ data: { balance: _.inc(-5) } });
        await t.collection(name).add({ data: { _id: 'log', note: 'x' } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.collection(name).doc('acct').get()).data.balance).toBe(10);
    expect((await db.collection(name).count()).total).toBe(1);
  });

  it('writes everything on success and returns the callback value', async () => {
    const a = fresh();
    const b = fresh();
    await seed(a, [{ _id: 'acct', balance: 10 }]);
    const result = await db.runTransaction(async (t: any) => {
      const acct = (await t.collection(a).doc('acct').get()).data;
      await t
        .collection(a)
        .doc('acct')
        .update({ data: { balance: acct.balance - 4 } });
      await t.collection(b).add({ data: { _id: 'entry', amount: 4 } });
      await t
        .collection(b)
        .doc('other')
        .set({ data: { v: 1 } });
      // The transaction reads its own writes.
      expect((await t.collection(a).doc('acct').get()).data.balance).toBe(6);
      return { ok: true };
    });
    expect(result).toEqual({ ok: true });
    expect((await db.collection(a).doc('acct').get()).data.balance).toBe(6);
    expect((await db.collection(b).count()).total).toBe(2);
  });

  it('hides uncommitted writes from other readers until commit', async () => {
    const name = fresh();
    await seed(name, [{ _id: 'x', v: 1 }]);
    const t = await db.startTransaction();
    await t
      .collection(name)
      .doc('x')
      .update({ data: { v: 2 } });
    expect((await db.collection(name).doc('x').get()).data.v).toBe(1);
    await t.commit();
    expect((await db.collection(name).doc('x').get()).data.v).toBe(2);
  });

  it('rollback discards the writes and rejects runTransaction with the reason', async () => {
    const name = fresh();
    await expect(
      db.runTransaction(async (t: any) => {
        await t.collection(name).add({ data: { _id: 'r' } });
        await t.rollback('changed my mind');
      }),
    ).rejects.toBe('changed my mind');
    expect((await db.collection(name).count()).total).toBe(0);
  });

  it('retries the callback after a conflicting concurrent write', async () => {
    const name = fresh();
    await seed(name, [{ _id: 'quota', remaining: 5 }]);
    let attempts = 0;
    await db.runTransaction(async (t: any) => {
      attempts += 1;
      const q = (await t.collection(name).doc('quota').get()).data;
      if (attempts === 1) {
        // Someone else takes a place between our read and our commit.
        await db
          .collection(name)
          .doc('quota')
          .update({ data: { remaining: _.inc(-1) } });
      }
      await t
        .collection(name)
        .doc('quota')
        .update({ data: { remaining: q.remaining - 1 } });
    });
    expect(attempts).toBe(2);
    expect((await db.collection(name).doc('quota').get()).data.remaining).toBe(3);
  });

  it('commits with a unique violation fail with E11000 and write nothing', async () => {
    await db.collection('users').add({ data: { _id: 'tx-u1', openid: 'tx-o1' } });
    await expect(
      db.runTransaction(async (t: any) => {
        await t
          .collection('users')
          .doc('tx-u2')
          .set({ data: { openid: 'tx-o2' } });
        await t
          .collection('users')
          .doc('tx-u3')
          .set({ data: { openid: 'tx-o1' } });
      }),
    ).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringMatching(/E11000/) });
    const lenient = h.database({ throwOnNotFound: false });
    expect((await lenient.collection('users').doc('tx-u2').get()).data).toBeNull();
  });
});

describe('aggregate', () => {
  const name = 'agg';
  beforeAll(async () => {
    await seed(name, [
      { _id: '1', unit: 'a', amount: 10, tags: ['x', 'y'] },
      { _id: '2', unit: 'a', amount: 20, tags: ['y'] },
      { _id: '3', unit: 'b', amount: 5, tags: [] },
      { _id: '4', unit: 'c', amount: 1, tags: ['x'] },
    ]);
  });

  it('runs match, group, sort, skip, limit and project', async () => {
    const $ = _.aggregate;
    const res = await db
      .collection(name)
      .aggregate()
      .match({ amount: _.gt(1) })
      .group({ _id: '$unit', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .skip(0)
      .limit(5)
      .project({ _id: 0, unit: '$_id', total: 1, n: 1 })
      .end();
    expect(res.list).toEqual([
      { unit: 'a', total: 30, n: 2 },
      { unit: 'b', total: 5, n: 1 },
    ]);
  });

  it('runs unwind and count', async () => {
    const res = await db
      .collection(name)
      .aggregate()
      .unwind('$tags')
      .match({ tags: 'x' })
      .count('hits')
      .end();
    expect(res.list).toEqual([{ hits: 2 }]);
  });

  it('reports an invalid stage as an error', async () => {
    await expect(db.collection(name).aggregate().project({ unit: 1, amount: 0 }).end()).rejects.toMatchObject(
      {
        code: 'DATABASE_REQUEST_FAILED',
      },
    );
  });
});

describe('createCollection', () => {
  it('creates a collection once, then reports it exists', async () => {
    const name = fresh('created');
    await expect(db.createCollection(name)).resolves.toMatchObject({ errMsg: 'createCollection:ok' });
    await expect(db.createCollection(name)).rejects.toMatchObject({
      code: 'DATABASE_COLLECTION_ALREADY_EXIST',
    });
  });
});
