/**
 * DatabaseService behaviour the SDK cannot reach or does not show: request validation,
 * transaction isolation and expiry, index pushdown correctness, the direct in-process API.
 */
import { EJSON } from 'bson';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseService, loadIndexes, type IndexDecl } from '../../cloudfunctions/_runtime/db/service';
import { validateIndexes } from '../../cloudfunctions/_runtime/db/indexes';

const E = (v: unknown): string => EJSON.stringify(v, { relaxed: false });
const list = (reply: { data?: unknown }): any[] =>
  ((reply.data as { list: string[] }).list ?? []).map((s) => EJSON.parse(s, { relaxed: true }));

let root: string;
let n = 0;
let now = 1_700_000_000_000;
const opened: DatabaseService[] = [];

function open(indexes: IndexDecl[] = [], dataDir = join(root, `db${++n}`)): DatabaseService {
  const s = new DatabaseService({ dataDir, indexes, clock: () => now, transactionTtlMs: 30_000 });
  opened.push(s);
  return s;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tcb-db-service-'));
});
afterAll(() => {
  for (const s of opened) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const insert = (s: DatabaseService, collectionName: string, docs: object[], extra: object = {}) =>
  s.handle('database.insertDocument', { collectionName, data: docs.map(E), ...extra });
const get = (s: DatabaseService, collectionName: string, query: object, extra: object = {}) =>
  s.handle('database.getDocument', { collectionName, queryType: 'WHERE', query: E(query), ...extra });
const update = (
  s: DatabaseService,
  collectionName: string,
  query: object,
  data: object,
  extra: object = {},
) =>
  s.handle('database.modifyDocument', {
    collectionName,
    queryType: 'WHERE',
    multi: true,
    merge: true,
    upsert: false,
    query: E(query),
    data: E(data),
    ...extra,
  });
const docUpdate = (
  s: DatabaseService,
  collectionName: string,
  id: string,
  data: object,
  transactionId?: string,
) =>
  s.handle('database.modifyDocument', {
    collectionName,
    queryType: 'DOC',
    multi: false,
    merge: true,
    upsert: false,
    query: E({ _id: id }),
    data: E(data),
    transactionId,
  });
const docGet = (s: DatabaseService, collectionName: string, id: unknown, transactionId?: string) =>
  list(
    s.handle('database.getDocument', {
      collectionName,
      queryType: 'DOC',
      multi: false,
      query: E({ _id: id }),
      transactionId,
    }),
  )[0] ?? null;

describe('request validation', () => {
  it('answers unknown actions, bad EJSON and bad names with INVALID_PARAM', () => {
    const s = open();
    expect(s.handle('database.dropEverything', {})).toMatchObject({
      code: 'INVALID_PARAM',
      requestId: expect.any(String),
    });
    expect(
      s.handle('database.getDocument', { collectionName: 'x', queryType: 'WHERE', query: '{nope' }).code,
    ).toBe('INVALID_PARAM');
    expect(s.handle('database.getDocument', { collectionName: '../x', queryType: 'WHERE' }).code).toBe(
      'INVALID_PARAM',
    );
    expect(
      s.handle('database.getDocument', { collectionName: 'x', queryType: 'WHERE', limit: -1 }).code,
    ).toBe('INVALID_PARAM');
    expect(insert(s, 'x', [{ _id: { nested: 1 } }]).code).toBe('INVALID_PARAM');
    expect(get(s, 'x', { s: { $regularExpression: { pattern: 'a b', options: 'x' } } }).code).toBe(
      'INVALID_PARAM',
    );
  });

  it('reads a never-written collection as empty', () => {
    const s = open();
    expect(list(get(s, 'nothing', {}))).toEqual([]);
    expect(
      s.handle('database.calculateDocument', { collectionName: 'nothing', queryType: 'WHERE' }).data,
    ).toEqual({ total: 0 });
  });

  it('refuses to change _id and to run scripts', () => {
    const s = open();
    insert(s, 'x', [{ _id: 'k', v: 1 }]);
    expect(update(s, 'x', { _id: 'k' }, { $set: { _id: 'other' } })).toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: expect.stringMatching(/immutable field '_id'/),
    });
    expect(get(s, 'x', { $where: 'true' }).code).toBe('DATABASE_REQUEST_FAILED');
    expect(docGet(s, 'x', 'k')).toEqual({ _id: 'k', v: 1 });
  });

  it('keeps numeric and string ids apart', () => {
    const s = open();
    expect(
      insert(s, 'x', [
        { _id: 5, v: 'num' },
        { _id: '5', v: 'str' },
      ]).data,
    ).toEqual({ insertedIds: [5, '5'] });
    expect(docGet(s, 'x', 5)).toEqual({ _id: 5, v: 'num' });
    expect(docGet(s, 'x', '5')).toEqual({ _id: '5', v: 'str' });
  });

  it('updates only the first match when multi is false, and inserts all of a batch or none', () => {
    const s = open();
    insert(s, 'x', [
      { _id: 'a', g: 1 },
      { _id: 'b', g: 1 },
    ]);
    expect(update(s, 'x', { g: 1 }, { $set: { hit: true } }, { multi: false }).data).toEqual({
      updated: 1,
      upsert_id: null,
    });
    expect(list(get(s, 'x', { hit: true })).map((d) => d._id)).toEqual(['a']);
    expect(insert(s, 'x', [{ _id: 'c' }, { _id: 'a' }]).code).toBe('DATABASE_REQUEST_FAILED');
    expect(docGet(s, 'x', 'c')).toBeNull();
  });
});

describe('transactions', () => {
  it('isolates writes until commit and discards them on abort', () => {
    const s = open();
    insert(s, 'x', [{ _id: 'a', v: 1 }]);
    const t = s.handle('database.startTransaction', {}).transactionId!;
    expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(docUpdate(s, 'x', 'a', { $inc: { v: 1 } }, t).data).toEqual({ updated: 1, upsert_id: null });
    expect(docGet(s, 'x', 'a', t)).toEqual({ _id: 'a', v: 2 });
    expect(docGet(s, 'x', 'a')).toEqual({ _id: 'a', v: 1 });
    expect(s.handle('database.abortTransaction', { transactionId: t }).code).toBeUndefined();
    expect(docGet(s, 'x', 'a')).toEqual({ _id: 'a', v: 1 });
    expect(docUpdate(s, 'x', 'a', { $inc: { v: 1 } }, t).code).toBe('DATABASE_REQUEST_FAILED');
  });

  it('lets the first of two conflicting transactions win', () => {
    const s = open();
    insert(s, 'x', [{ _id: 'q', remaining: 1 }]);
    const t1 = s.handle('database.startTransaction', {}).transactionId!;
    const t2 = s.handle('database.startTransaction', {}).transactionId!;
    for (const t of [t1, t2]) {
      expect(docGet(s, 'x', 'q', t).remaining).toBe(1);
      docUpdate(s, 'x', 'q', { $set: { remaining: 0 } }, t);
    }
    expect(s.handle('database.commitTransaction', { transactionId: t1 }).code).toBeUndefined();
    expect(s.handle('database.commitTransaction', { transactionId: t2 }).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    );
  });

  it('conflicts when a document it saw missing was inserted meanwhile', () => {
    const s = open();
    const t = s.handle('database.startTransaction', {}).transactionId!;
    expect(docGet(s, 'x', 'k', t)).toBeNull();
    insert(s, 'x', [{ _id: 'k', by: 'other' }]);
    insert(s, 'x', [{ _id: 'k', by: 'tx' }], { transactionId: t });
    expect(s.handle('database.commitTransaction', { transactionId: t }).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    );
    expect(docGet(s, 'x', 'k')).toEqual({ _id: 'k', by: 'other' });
  });

  it('conflicts when a where-query it ran could have gained a document', () => {
    const s = open();
    insert(s, 'x', [{ _id: 'a', g: 1 }]);
    const t = s.handle('database.startTransaction', {}).transactionId!;
    expect(list(get(s, 'x', { g: 1 }, { transactionId: t }))).toHaveLength(1);
    insert(s, 'x', [{ _id: 'b', g: 1 }]);
    insert(s, 'y', [{ _id: 'summary', count: 1 }], { transactionId: t });
    expect(s.handle('database.commitTransaction', { transactionId: t }).code).toBe(
      'DATABASE_TRANSACTION_CONFLICT',
    );
    expect(docGet(s, 'y', 'summary')).toBeNull();
  });

  it('sees its own inserts, updates and removes in where-queries', () => {
    const s = open();
    insert(s, 'x', [
      { _id: 'a', g: 1 },
      { _id: 'b', g: 1 },
      { _id: 'c', g: 2 },
    ]);
    const t = s.handle('database.startTransaction', {}).transactionId!;
    insert(s, 'x', [{ _id: 'd', g: 1 }], { transactionId: t });
    docUpdate(s, 'x', 'c', { $set: { g: 1 } }, t);
    s.handle('database.removeDocument', {
      collectionName: 'x',
      queryType: 'DOC',
      query: E({ _id: 'a' }),
      transactionId: t,
    });
    expect(list(get(s, 'x', { g: 1 }, { transactionId: t })).map((d) => d._id)).toEqual(['b', 'c', 'd']);
    expect(s.handle('database.commitTransaction', { transactionId: t }).code).toBeUndefined();
    expect(list(get(s, 'x', { g: 1 })).map((d) => d._id)).toEqual(['b', 'c', 'd']);
  });

  it('expires abandoned transactions', () => {
    const s = open();
    const t = s.handle('database.startTransaction', {}).transactionId!;
    insert(s, 'x', [{ _id: 'late' }], { transactionId: t });
    now += 30_001;
    expect(s.handle('database.commitTransaction', { transactionId: t })).toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: expect.stringMatching(/does not exist or has expired/),
    });
    expect(docGet(s, 'x', 'late')).toBeNull();
  });
});

describe('indexes', () => {
  it('still finds documents whose indexed field holds an array (no unsafe pushdown)', () => {
    const s = open([{ collection: 'x', fields: ['tag'] }]);
    insert(s, 'x', [
      { _id: 'a', tag: 'p' },
      { _id: 'b', tag: ['p', 'q'] },
      { _id: 'c', tag: 'q' },
    ]);
    expect(list(get(s, 'x', { tag: 'p' })).map((d) => d._id)).toEqual(['a', 'b']);
    expect(list(get(s, 'x', { tag: { $in: ['q'] } })).map((d) => d._id)).toEqual(['b', 'c']);
  });

  it('prefilters unindexed equality in SQL without losing array, dot-path or boolean matches', () => {
    const s = open();
    insert(s, 'x', [
      { _id: 'a', state: 'open', flag: true, n: 1, o: { p: 'v' } },
      { _id: 'b', state: ['open', 'shut'], flag: false, n: '1', o: [{ p: 'v' }, { p: 'w' }] },
      { _id: 'c', state: 'shut', flag: 1, n: 1.0, o: { p: ['v'] } },
      { _id: 'd', o: { p: 'w' } },
    ]);
    const ids = (q: object) => list(get(s, 'x', q)).map((d) => d._id);
    expect(ids({ state: 'open' })).toEqual(['a', 'b']);
    expect(ids({ state: { $in: ['shut'] } })).toEqual(['b', 'c']);
    expect(ids({ flag: true })).toEqual(['a']);
    expect(ids({ flag: { $eq: false } })).toEqual(['b']);
    expect(ids({ n: 1 })).toEqual(['a', 'c']);
    expect(ids({ n: '1' })).toEqual(['b']);
    expect(ids({ 'o.p': 'v' })).toEqual(['a', 'b', 'c']);
    expect(ids({ 'o.p': 'w', state: { $exists: false } })).toEqual(['d']);
  });

  it('answers indexed equality, $in on _id and numeric values correctly', () => {
    const s = open([{ collection: 'x', fields: ['unitId', 'batch'] }]);
    insert(s, 'x', [
      { _id: 'a', unitId: 'u1', batch: 1 },
      { _id: 'b', unitId: 'u1', batch: 2.0 },
      { _id: 'c', unitId: 'u2', batch: 1 },
      { _id: 'd', unitId: 1, batch: 1 },
    ]);
    expect(list(get(s, 'x', { unitId: 'u1', batch: 2 })).map((d) => d._id)).toEqual(['b']);
    expect(list(get(s, 'x', { unitId: '1' }))).toEqual([]);
    expect(list(get(s, 'x', { _id: { $in: ['c', 'a', 'zz'] } })).map((d) => d._id)).toEqual(['a', 'c']);
  });

  it('recreates a changed index on reopen and refuses one the data violates', () => {
    const dataDir = join(root, 'reindex');
    const first = open([{ collection: 'x', fields: ['code'] }], dataDir);
    insert(first, 'x', [{ code: 'A' }, { code: 'A' }]);
    first.close();
    expect(() => open([{ collection: 'x', fields: ['code'], unique: true }], dataDir)).toThrow(
      /cannot create index code_1 on x/,
    );
  });

  /** Open file descriptors of this process that point into `dir` (Linux: /proc/self/fd). */
  const fdsInto = (dir: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
      } catch {
        return false; // closed while listing (e.g. the fd of readdir itself)
      }
    });

  (existsSync('/proc/self/fd') ? it : it.skip)(
    'closes its SQLite handle when creating an index throws at start',
    () => {
      const dataDir = join(root, 'reindex-leak');
      const first = open([{ collection: 'x', fields: ['code'] }], dataDir);
      insert(first, 'x', [{ code: 'A' }, { code: 'A' }]);
      first.close();
      expect(fdsInto(dataDir)).toEqual([]);
      for (let i = 0; i < 3; i++) {
        expect(() => open([{ collection: 'x', fields: ['code'], unique: true }], dataDir)).toThrow(
          /cannot create index code_1 on x/,
        );
      }
      expect(fdsInto(dataDir)).toEqual([]);
      // And the data is intact for a start with the index fixed.
      const again = open([{ collection: 'x', fields: ['code'] }], dataDir);
      expect(again.collection('x').count()).toBe(2);
      again.close();
    },
  );

  it("replaces an older runtime's index of the same name, so an existing data dir gets null semantics", () => {
    const dataDir = join(root, 'old-index');
    open([], dataDir).close();
    // What the previous runtime created: a plain expression index, under which NULLs never collide.
    const raw = new Database(join(dataDir, 'db.sqlite'));
    raw.exec(`CREATE TABLE c_x (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL, rev INTEGER NOT NULL)`);
    raw.exec(`CREATE UNIQUE INDEX "ix_x__code_1" ON "c_x" (json_extract(doc, '$.code'))`);
    raw.exec(`CREATE INDEX "ix_x__gone_1" ON "c_x" (json_extract(doc, '$.gone'))`);
    raw.prepare(`INSERT INTO c_x VALUES ('a', '{"_id":"a"}', 1)`).run();
    raw.close();
    const s = open([{ collection: 'x', fields: ['code'], unique: true }], dataDir);
    expect(insert(s, 'x', [{ _id: 'b' }])).toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: expect.stringMatching(/E11000 .* index: code_1/),
    });
    s.close();
    const check = new Database(join(dataDir, 'db.sqlite'), { readonly: true });
    const names = check
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'c_x'`)
      .pluck()
      .all();
    check.close();
    expect(names).toContain('ix_x__code_1');
    expect(names).not.toContain('ix_x__gone_1');
    // Declared sparse instead: the same data opens and documents without the field coexist.
    const sparse = open([{ collection: 'x', fields: ['code'], unique: true, sparse: true }], dataDir);
    expect(insert(sparse, 'x', [{ _id: 'b' }, { _id: 'c' }]).code).toBeUndefined();
  });

  it('a failed index change keeps the old index', () => {
    const dataDir = join(root, 'keep-old');
    const first = open([{ collection: 'x', fields: ['code'], unique: true, sparse: true }], dataDir);
    insert(first, 'x', [{ _id: 'a' }, { _id: 'b' }, { _id: 'c', code: 'A' }]);
    first.close();
    // Non-sparse: the two documents lacking code now collide, so the change is refused…
    expect(() => open([{ collection: 'x', fields: ['code'], unique: true }], dataDir)).toThrow(
      /cannot create index code_1 on x/,
    );
    // …and the sparse unique index is still in force.
    const check = new Database(join(dataDir, 'db.sqlite'), { readonly: true });
    const sql = check.prepare(`SELECT sql FROM sqlite_master WHERE name = 'ix_x__code_1'`).pluck().get();
    check.close();
    expect(sql).toMatch(/^CREATE UNIQUE INDEX .* WHERE json_type\(doc, '\$\.code'\) IS NOT NULL$/);
  });

  it('validateIndexes accepts sparse as a boolean only and refuses unknown keys', () => {
    expect(validateIndexes([{ collection: 'u', fields: ['f'], unique: true, sparse: true }])).toEqual([
      { collection: 'u', fields: ['f'], unique: true, sparse: true },
    ]);
    expect(() => validateIndexes([{ collection: 'u', fields: ['f'], unique: true, sparse: 'yes' }])).toThrow(
      'indexes[0].sparse must be a boolean',
    );
    expect(() => validateIndexes([{ collection: 'u', fields: ['f'], unique: true, spares: true }])).toThrow(
      /unknown key spares/,
    );
  });

  it('loads the repo index list', () => {
    const indexes = loadIndexes();
    expect(indexes).toContainEqual({ collection: 'users', fields: ['openid'], unique: true });
    expect(indexes).toContainEqual({ collection: 'users', fields: ['idHash'], unique: true, sparse: true });
    expect(indexes).toContainEqual({ collection: 'orders', fields: ['outTradeNo'], unique: true });
    expect(() => open(indexes)).not.toThrow();
  });
});

describe('aggregation', () => {
  it('joins another collection with $lookup and refuses $out', () => {
    const s = open();
    insert(s, 'orders', [{ _id: 'o1', userId: 'u1' }]);
    insert(s, 'users', [{ _id: 'u1', name: 'n' }]);
    const stages = [
      {
        stageKey: '$lookup',
        stageValue: E({ from: 'users', localField: 'userId', foreignField: '_id', as: 'user' }),
      },
    ];
    expect(list(s.handle('database.aggregateDocuments', { collectionName: 'orders', stages }))).toEqual([
      { _id: 'o1', userId: 'u1', user: [{ _id: 'u1', name: 'n' }] },
    ]);
    const out = [{ stageKey: '$out', stageValue: '"copy"' }];
    expect(s.handle('database.aggregateDocuments', { collectionName: 'orders', stages: out }).code).toBe(
      'INVALID_PARAM',
    );
  });
});

describe('group commit (handleMany)', () => {
  it('answers each request as handle() would, rolling back only the failing one', () => {
    const s = open([{ collection: 'x', fields: ['code'], unique: true }]);
    insert(s, 'x', [{ _id: 'q', remaining: 1 }]);
    const take = {
      action: 'database.modifyDocument',
      body: {
        collectionName: 'x',
        queryType: 'WHERE',
        multi: true,
        merge: true,
        query: E({ _id: 'q', remaining: { $gt: 0 } }),
        data: E({ $inc: { remaining: -1 } }),
      },
    };
    const replies = s.handleMany([
      {
        action: 'database.insertDocument',
        body: { collectionName: 'x', data: [E({ _id: 'a', code: 'A' })] },
      },
      // The first document would be written, the second violates the unique index: both roll back.
      {
        action: 'database.insertDocument',
        body: { collectionName: 'x', data: [E({ _id: 'b', code: 'B' }), E({ _id: 'c', code: 'A' })] },
      },
      // A request's own duplicate rolls back its first document too.
      {
        action: 'database.insertDocument',
        body: { collectionName: 'fresh', data: [E({ _id: 'f1' }), E({ _id: 'f1' })] },
      },
      take,
      take,
      { action: 'database.nope', body: {} },
      { action: 'database.insertDocument', body: { collectionName: 'fresh', data: [E({ _id: 'f2' })] } },
    ]);
    expect(replies.map((r) => r.code ?? 'ok')).toEqual([
      'ok',
      'DATABASE_REQUEST_FAILED',
      'DATABASE_REQUEST_FAILED',
      'ok',
      'ok',
      'INVALID_PARAM',
      'ok',
    ]);
    expect(replies[3].data).toEqual({ updated: 1, upsert_id: null });
    expect(replies[4].data).toEqual({ updated: 0, upsert_id: null });
    expect(list(get(s, 'x', {})).map((d) => d._id)).toEqual(['q', 'a']);
    expect(list(get(s, 'fresh', {})).map((d) => d._id)).toEqual(['f2']);
  });
});

describe('direct API', () => {
  it('adds, finds, updates, sets, counts and removes plain JS documents', () => {
    const s = open([{ collection: 'sessions', fields: ['token'], unique: true }]);
    const c = s.collection('sessions');
    const at = new Date('2026-03-04T05:06:07Z');
    const id = c.add({ token: 't1', at, n: 1 });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    c.add({ _id: 's2', token: 't2', n: 2 });
    expect(() => c.add({ token: 't1' })).toThrow(/E11000/);
    expect(c.get(id)).toEqual({ _id: id, token: 't1', at, n: 1 });
    expect(c.get('missing')).toBeNull();
    expect(c.find({ n: { $gte: 1 } }, { sort: { n: -1 }, limit: 1 }).map((d) => d._id)).toEqual(['s2']);
    expect(c.find({}, { sort: { n: 1 }, skip: 1 }).map((d) => d._id)).toEqual(['s2']);
    expect(c.update({ n: { $gt: 0 } }, { seen: true })).toBe(2);
    expect(c.update({ _id: 's2' }, { $inc: { n: 10 } })).toBe(1);
    c.set('s3', { token: 't3' });
    c.set('s2', { token: 't2b' });
    expect(c.get('s2')).toEqual({ _id: 's2', token: 't2b' });
    expect(c.count()).toBe(3);
    expect(c.count({ seen: true })).toBe(1);
    expect(c.remove({ token: { $in: ['t1', 't3'] } })).toBe(2);
    expect(c.find()).toEqual([{ _id: 's2', token: 't2b' }]);
  });

  it('stores values JSON cannot hold and reads them back unchanged', () => {
    const s = open();
    const c = s.collection('edge');
    const doc = {
      _id: 'e',
      before1970: new Date(-86_400_000),
      farFuture: new Date('9999-12-31T23:59:59.999Z'),
      nums: [NaN, Infinity, -Infinity, 0.1, 2 ** 53 - 1],
      re: /^a.b$/i,
      deep: [{ at: new Date(0), list: [{ $note: 'not a wrapper' }] }],
    };
    c.set('e', doc);
    expect(c.get('e')).toEqual(doc);
    const reply = s.handle('database.getDocument', {
      collectionName: 'edge',
      queryType: 'DOC',
      query: E({ _id: 'e' }),
    });
    expect(EJSON.parse((reply.data as { list: string[] }).list[0], { relaxed: true }).before1970).toEqual(
      doc.before1970,
    );
  });
});
