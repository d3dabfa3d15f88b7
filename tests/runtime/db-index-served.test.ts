/**
 * Queries served from the multikey tables (planner.ts, sqlite-store.ts) must answer exactly what
 * the plain path answers: every document read in insertion order, filtered, sorted, skipped and
 * limited by mingo. Property test: the same random writes go to a service with declared indexes
 * and to one without any, then the same random queries must get identical replies, over data
 * with arrays, missing fields, nulls, dates (also before 1970 and after 9999), mixed types, -0,
 * NaN, strings with surrogates and nested arrays.
 */
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import fc from 'fast-check';
import { find as mingoFind, Query } from 'mingo';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseService, type IndexDecl } from '../../cloudfunctions/_runtime/db/service';
import { keyOf } from '../../cloudfunctions/_runtime/db/keys';
import type { SqliteStore } from '../../cloudfunctions/_runtime/db/sqlite-store';

const E = (v: unknown): string => EJSON.stringify(v, { relaxed: false });
const INDEXES: IndexDecl[] = [
  { collection: 'x', fields: ['tags', 'status', 'at'] },
  { collection: 'x', fields: ['tags', 'queue', 'status', 'at'] },
  { collection: 'x', fields: ['tags', 'n'] },
  { collection: 'x', fields: ['g.org', 'status'] },
  { collection: 'x', fields: ['status', 'at'] },
];

let root: string;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tcb-index-served-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const storeOf = (s: DatabaseService): SqliteStore => (s as unknown as { store: SqliteStore }).store;
const open = (indexes: IndexDecl[], dataDir = join(root, `db${++n}`)) =>
  new DatabaseService({ dataDir, indexes, clock: () => 1_700_000_000_000 });

// ---- data ----
const dates = [
  -86_400_000, 0, 1_000, 1_700_000_000_000, 1_700_000_000_000, 1_700_000_360_000, 253_402_300_800_000,
];
const date = fc.constantFrom(...dates).map((t) => new Date(t));
const word = fc.constantFrom('a', 'b', 'c');
const oddString = fc.constantFrom('', 'Z', 'é', '，', '\uFF01', '😀', 'a😀', 'ab', 'b');
const oddNumber = fc.constantFrom(0, -0, 1, 1.0, 1.5, -2, 1e21, Number.NaN, Number.POSITIVE_INFINITY);
const scalar = fc.oneof(word, oddString, oddNumber, fc.boolean(), fc.constant(null), date);
const element = fc.oneof(
  { weight: 10, arbitrary: word },
  { weight: 2, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constant(['a']) },
  { weight: 1, arbitrary: fc.constant({ o: 1 }) },
);
const tags = fc.oneof(
  { weight: 6, arbitrary: fc.array(element, { maxLength: 4 }) },
  { weight: 2, arbitrary: word },
  { weight: 1, arbitrary: scalar },
);
const status = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('open', 'shut', 'wait', 'draft') },
  { weight: 2, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constant(['open']) },
);
const at = fc.oneof({ weight: 6, arbitrary: date }, { weight: 2, arbitrary: scalar });
const grants = fc.oneof(
  fc.array(fc.record({ org: fc.oneof(word, scalar), role: word }, { requiredKeys: [] }), { maxLength: 3 }),
  fc.record({ org: fc.oneof(word, fc.array(word, { maxLength: 2 })) }),
  scalar,
);
const fieldsOf = {
  tags,
  status,
  at,
  n: fc.oneof(oddNumber, fc.integer({ min: -3, max: 3 }), scalar),
  queue: fc.oneof(fc.constantFrom('u', 'c'), scalar),
  g: grants,
};
const doc = fc.record(fieldsOf, { requiredKeys: [] });
const patch = fc.record(fieldsOf, { requiredKeys: [] });

// ---- queries ----
const value = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 3, arbitrary: fc.constantFrom('open', 'shut', 'wait') },
  { weight: 2, arbitrary: scalar },
);
const cond = fc.oneof(
  { weight: 6, arbitrary: value },
  { weight: 4, arbitrary: fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })) },
  { weight: 2, arbitrary: value.map((v) => ({ $ne: v })) },
  { weight: 1, arbitrary: fc.array(value, { minLength: 1, maxLength: 2 }).map((v) => ({ $nin: v })) },
  { weight: 2, arbitrary: fc.constant({ $exists: false }) },
  { weight: 1, arbitrary: fc.constant({ $exists: true }) },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), fc.oneof(date, scalar))
      .map(([op, v]) => ({ [op]: v })),
  },
  { weight: 1, arbitrary: fc.tuple(date, date).map(([a, b]) => ({ $gte: a, $lt: b })) },
);
const exactish = fc.oneof(
  { weight: 4, arbitrary: value },
  { weight: 1, arbitrary: fc.constantFrom(null, { $exists: false }) },
  { weight: 3, arbitrary: fc.array(value, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })) },
  { weight: 1, arbitrary: value.map((v) => ({ $ne: v })) },
  { weight: 1, arbitrary: fc.tuple(date, date).map(([a, b]) => ({ $gte: a, $lt: b })) },
);
const general = fc.record(
  {
    tags: fc.oneof({ weight: 4, arbitrary: word }, { weight: 3, arbitrary: cond }),
    status: cond,
    at: cond,
    n: cond,
    queue: cond,
    'g.org': cond,
  },
  { requiredKeys: [] },
);
const query: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ tags: exactish, status: exactish }, { requiredKeys: ['tags'] }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { tags: exactish, queue: exactish, status: exactish, at: exactish },
      { requiredKeys: ['tags'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ tags: exactish, n: exactish }, { requiredKeys: ['tags'] }) },
  { weight: 1, arbitrary: fc.record({ 'g.org': exactish, status: exactish }, { requiredKeys: ['g.org'] }) },
  { weight: 3, arbitrary: general },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.record({ tags: exactish }, { requiredKeys: ['tags'] }),
        fc.record({ status: exactish, at: cond }, { requiredKeys: [] }),
      )
      .map(([a, b]) => ({ $and: [a, b] })),
  },
);
const sort = fc.constantFrom(
  undefined,
  { at: 1 },
  { at: -1 },
  { status: 1 },
  { n: -1 },
  { status: 1, at: -1 },
  { tags: 1 },
  { queue: 1, status: 1, at: 1 },
);
const read = fc.record({
  query,
  sort,
  skip: fc.constantFrom(0, 0, 1, 3),
  limit: fc.constantFrom(1, 2, 5, 20, 1000),
  projection: fc.constantFrom(undefined, { at: true }),
});

type Write =
  | { kind: 'insert'; docs: object[] }
  | { kind: 'update'; at: number; patch: object }
  | { kind: 'remove'; at: number }
  | { kind: 'updateWhere'; query: Record<string, unknown>; patch: object };
const write: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(doc, { minLength: 1, maxLength: 15 })
      .map((docs) => ({ kind: 'insert' as const, docs })),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), at: fc.nat(), patch }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('updateWhere' as const), query, patch }) },
);

function applyWrite(services: DatabaseService[], w: Write, ids: string[]): void {
  const replies = services.map((s) => {
    if (w.kind === 'insert') {
      const docs = w.docs.map((d, i) => ({ _id: `d${ids.length + i}`, ...d }));
      return s.handle('database.insertDocument', { collectionName: 'x', data: docs.map(E) });
    }
    if (w.kind === 'updateWhere')
      return s.handle('database.modifyDocument', {
        collectionName: 'x',
        queryType: 'WHERE',
        query: E(w.query),
        data: E(w.patch),
        multi: true,
        merge: true,
      });
    if (ids.length === 0) return {};
    const id = ids[w.at % ids.length]!;
    if (w.kind === 'remove')
      return s.handle('database.removeDocument', {
        collectionName: 'x',
        queryType: 'DOC',
        query: E({ _id: id }),
      });
    return s.handle('database.modifyDocument', {
      collectionName: 'x',
      queryType: 'DOC',
      query: E({ _id: id }),
      data: E(w.patch),
      merge: true,
    });
  });
  const plain = replies.map(({ requestId: _r, ...rest }: { requestId?: string }) => rest);
  expect(plain[0]).toEqual(plain[1]);
  if (w.kind === 'insert') for (let i = 0; i < w.docs.length; i++) ids.push(`d${ids.length}`);
}

interface Read {
  query: Record<string, unknown>;
  sort?: object;
  skip: number;
  limit: number;
  projection?: object;
}

function reads(s: DatabaseService, r: Read) {
  const get = s.handle('database.getDocument', {
    collectionName: 'x',
    queryType: 'WHERE',
    query: E(r.query),
    ...(r.sort ? { order: E(r.sort) } : {}),
    ...(r.projection ? { projection: E(r.projection) } : {}),
    offset: r.skip,
    limit: r.limit,
  });
  const count = s.handle('database.calculateDocument', { collectionName: 'x', query: E(r.query) });
  const strip = ({ requestId: _r, ...rest }: { requestId?: string }) => rest;
  return { get: strip(get), count: strip(count) };
}

const totals = { finds: 0, counts: 0, runs: 0 };

it('answers finds and counts exactly as the unindexed mingo path, on random data and queries', () => {
  fc.assert(
    fc.property(
      fc.array(write, { minLength: 1, maxLength: 8 }),
      fc.array(read, { minLength: 1, maxLength: 12 }),
      (writes, queries) => {
        const indexed = open(INDEXES);
        const plain = open([]);
        try {
          const ids: string[] = [];
          for (const w of writes) applyWrite([indexed, plain], w, ids);
          for (const r of queries) expect(reads(indexed, r)).toEqual(reads(plain, r));
          const served = storeOf(indexed).served;
          expect(served.mismatches).toBe(0);
          totals.finds += served.finds;
          totals.counts += served.counts;
          totals.runs += 1;
        } finally {
          indexed.close();
          plain.close();
        }
      },
    ),
    {
      numRuns: 120,
      // Once found at random: a repeated `$in` value returned the document twice on a sorted page.
      examples: [
        [
          [{ kind: 'insert', docs: [{ tags: 'a', status: 'wait' }] }],
          [
            {
              query: { tags: 'a', status: { $in: ['wait', 'wait'] } },
              sort: { at: 1 },
              skip: 0,
              limit: 1000,
              projection: undefined,
            },
          ],
        ],
      ] as never,
    },
  );
  // The property is only worth something if the fast paths actually ran.
  expect(totals.finds).toBeGreaterThan(100);
  expect(totals.counts).toBeGreaterThan(100);
});

describe('keys', () => {
  // Any value the encoding claims to key: strings of any code points, doubles, dates of any time.
  const anyValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.string({ unit: fc.constantFrom('a', 'é', '\uFF01', '\uE000', '😀', '\uD800', 'z'), maxLength: 3 }),
    fc.double(),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom(0, -0, 1e-300, -1e300),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }),
  );
  const db = new Database(':memory:');
  afterAll(() => db.close());

  it('order keyed values in SQLite exactly as mingo sorts them (ties in insertion order)', () => {
    db.exec('CREATE TABLE IF NOT EXISTS t (k NOT NULL, i INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 12 }), fc.boolean(), (values, desc) => {
        const keyed = values.filter((v) => keyOf(v) !== undefined);
        db.exec('DELETE FROM t');
        keyed.forEach((v, i) => insert.run(keyOf(v), i));
        const sql = db
          .prepare(`SELECT i FROM t ORDER BY k${desc ? ' DESC' : ''}, i`)
          .pluck()
          .all();
        const docs = keyed.map((v, i) => (v === undefined ? { i } : { v, i }));
        const mingo = (
          mingoFind(docs, {})
            .sort({ v: desc ? -1 : 1 })
            .all() as { i: number }[]
        ).map((d) => d.i);
        expect(sql).toEqual(mingo);
      }),
      { numRuns: 500 },
    );
  });

  it('are equal in SQLite exactly when mingo finds the value equal', () => {
    const eq = db.prepare('SELECT ? = ?').pluck();
    fc.assert(
      fc.property(anyValue, anyValue, (a, b) => {
        const ka = keyOf(a);
        const kb = keyOf(b);
        fc.pre(ka !== undefined && kb !== undefined && b !== null && b !== undefined);
        expect(eq.get(ka, kb) === 1).toBe(new Query({ v: b }).test(a === undefined ? {} : { v: a }));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('multikey tables', () => {
  const seed = (s: DatabaseService, docs: object[]) =>
    expect(
      s.handle('database.insertDocument', { collectionName: 'x', data: docs.map(E) }).code,
    ).toBeUndefined();
  const ids = (s: DatabaseService, query: object, order?: object, offset = 0, limit = 100) =>
    (
      s.handle('database.getDocument', {
        collectionName: 'x',
        queryType: 'WHERE',
        query: E(query),
        ...(order ? { order: E(order) } : {}),
        offset,
        limit,
      }).data as { list: string[] }
    ).list.map((t) => (EJSON.parse(t) as { _id: string })._id);
  const count = (s: DatabaseService, query: object) =>
    (
      s.handle('database.calculateDocument', { collectionName: 'x', query: E(query) }).data as {
        total: number;
      }
    ).total;

  it('serves an array field equality, its count and a sorted page from the index', () => {
    const s = open(INDEXES);
    seed(s, [
      { _id: 'a', tags: ['p', 'q'], status: 'open', at: new Date(3) },
      { _id: 'b', tags: 'p', status: 'shut', at: new Date(1) },
      { _id: 'c', tags: ['q'], status: 'open', at: new Date(2) },
      { _id: 'd', status: 'open', at: new Date(0) },
      { _id: 'e', tags: ['p'], status: 'open', at: new Date(1) },
    ]);
    const store = storeOf(s);
    store.resetScanReport();
    expect(ids(s, { tags: 'p', status: { $in: ['open', 'shut'] } }, { at: 1 })).toEqual(['b', 'e', 'a']);
    expect(ids(s, { tags: 'p', status: { $in: ['open', 'shut'] } }, { at: -1 }, 1, 1)).toEqual(['b']);
    expect(count(s, { tags: 'p', status: 'open' })).toBe(2);
    expect(count(s, { tags: { $in: ['p', 'q'] } })).toBe(4);
    expect(ids(s, { tags: { $exists: false }, status: { $ne: 'shut' } })).toEqual(['d']);
    expect(store.served).toMatchObject({ finds: 3, counts: 2, mismatches: 0 });
    expect(store.scanReport()).toEqual([]);
    s.close();
  });

  it('keeps the index right through updates, removes, a rolled-back request and a reopen', () => {
    const dataDir = join(root, 'reopen');
    const s = open(INDEXES, dataDir);
    seed(s, [
      { _id: 'a', tags: ['p'], status: 'open' },
      { _id: 'b', tags: ['q'], status: 'open' },
    ]);
    const modify = (query: object, data: object) =>
      s.handle('database.modifyDocument', {
        collectionName: 'x',
        queryType: 'WHERE',
        query: E(query),
        data: E(data),
        multi: true,
        merge: true,
      });
    expect(modify({ _id: 'b' }, { tags: ['p', 'r'] }).code).toBeUndefined();
    expect(
      s.handle('database.removeDocument', { collectionName: 'x', queryType: 'DOC', query: E({ _id: 'a' }) })
        .code,
    ).toBeUndefined();
    // One request of a batch fails (duplicate _id) and rolls back alone, with its index rows.
    const replies = s.handleMany([
      {
        action: 'database.insertDocument',
        body: { collectionName: 'x', data: [E({ _id: 'c', tags: ['p'], status: 'open' })] },
      },
      {
        action: 'database.insertDocument',
        body: { collectionName: 'x', data: [E({ _id: 'z', tags: ['p'] }), E({ _id: 'b' })] },
      },
    ]);
    expect(replies.map((r) => r.code)).toEqual([undefined, 'DATABASE_REQUEST_FAILED']);
    expect(count(s, { tags: 'p', status: 'open' })).toBe(2);
    expect(ids(s, { tags: 'p' })).toEqual(['b', 'c']);
    s.close();
    const again = open(INDEXES, dataDir);
    expect(ids(again, { tags: 'r' })).toEqual(['b']);
    expect(count(again, { tags: 'p', status: 'open' })).toBe(2);
    expect(storeOf(again).served.counts).toBe(1);
    again.close();
  });

  it('an index made multikey by a rolled-back request is not multikey', () => {
    const s = open([{ collection: 'x', fields: ['k'] }]);
    seed(s, [
      { _id: 'a', k: 'p' },
      { _id: 'n', k: Number.NaN },
    ]);
    const multi = () =>
      storeOf(s)
        .keyIndexes('x')
        .map((i) => i.multi);
    expect(multi()).toEqual([-1]);
    const replies = s.handleMany([
      {
        action: 'database.insertDocument',
        body: { collectionName: 'x', data: [E({ _id: 'b', k: ['p'] }), E({ _id: 'a' })] },
      },
    ]);
    expect(replies[0]!.code).toBe('DATABASE_REQUEST_FAILED');
    expect(multi()).toEqual([-1]);
    expect(ids(s, { k: 'p' })).toEqual(['a']);
    seed(s, [{ _id: 'b', k: ['p', 'q'] }]);
    expect(multi()).toEqual([0]);
    expect(ids(s, { k: 'p' })).toEqual(['a', 'b']);
    expect(count(s, { k: { $in: ['p', 'q'] } })).toBe(2);
    // The document with NaN has no key: kept aside, still found.
    expect(
      storeOf(s)
        .opaqueDocs('x', 'k_1')
        .map((r) => r.key),
    ).toEqual(['n']);
    expect(count(s, { k: { $exists: true } })).toBe(3);
    s.close();
  });

  it('reads in a transaction see its own writes (they are not index-served)', () => {
    const s = open(INDEXES);
    seed(s, [{ _id: 'a', tags: ['p'], status: 'open' }]);
    const tx = s.handle('database.startTransaction', {}).transactionId!;
    expect(
      s.handle('database.insertDocument', {
        collectionName: 'x',
        transactionId: tx,
        data: [E({ _id: 'b', tags: ['p'], status: 'open' })],
      }).code,
    ).toBeUndefined();
    const inTx = s.handle('database.calculateDocument', {
      collectionName: 'x',
      transactionId: tx,
      query: E({ tags: 'p' }),
    });
    expect((inTx.data as { total: number }).total).toBe(2);
    expect(count(s, { tags: 'p' })).toBe(1);
    s.handle('database.commitTransaction', { transactionId: tx });
    expect(count(s, { tags: 'p' })).toBe(2);
    s.close();
  });

  it('a transaction committing the first array (and a date) makes the index multikey', () => {
    const s = open(INDEXES);
    seed(s, [{ _id: 'a', tags: 'p', status: 'open', at: new Date(5) }]);
    const tx = s.handle('database.startTransaction', {}).transactionId!;
    const add = s.handle('database.insertDocument', {
      collectionName: 'x',
      transactionId: tx,
      data: [E({ _id: 'b', tags: ['p', 'q'], status: 'open', at: new Date(1) })],
    });
    expect(add.code).toBeUndefined();
    expect(s.handle('database.commitTransaction', { transactionId: tx }).code).toBeUndefined();
    expect(storeOf(s).keyIndexes('x').length).toBeGreaterThan(0);
    expect(ids(s, { tags: 'p', status: 'open' }, { at: 1 })).toEqual(['b', 'a']);
    expect(count(s, { tags: 'q' })).toBe(1);
    expect(storeOf(s).opaqueDocs('x', 'tags_1_status_1_at_1')).toEqual([]);
    s.close();
  });

  it('reports queries SQLite answers by scanning', () => {
    const s = open(INDEXES);
    seed(s, [{ _id: 'a', tags: ['p'], status: 'open', other: 1 }]);
    const store = storeOf(s);
    store.resetScanReport();
    ids(s, { tags: 'p' });
    ids(s, { status: 'open' });
    expect(store.scanReport()).toEqual([]);
    ids(s, { other: 1 });
    ids(s, { other: 2 });
    ids(s, {});
    const report = store.scanReport();
    expect(report.map((r) => [r.shape, r.count])).toEqual([
      ['{"other":"?"}', 2],
      ['{}', 1],
    ]);
    expect(report[0]!.plan).toMatch(/^SCAN c_x/m);
    s.close();
  });
});
