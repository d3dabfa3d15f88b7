import type { Database } from './cloud';
import { coll, type CollectionName, type Collections } from './collections';

/**
 * Typed helpers over the SDK's query builders. Handlers keep using the real builders
 * (`coll(db, 'orders').where(q)`), so what runs locally is exactly what runs on CloudBase;
 * these only give the results types and turn the SDK's reply shapes into plain values.
 * Each helper call is one database round trip.
 */
type Query = ReturnType<ReturnType<Database['collection']>['where']>;
type Doc<N extends CollectionName> = Collections[N];
/** A document as written: the id may be given or left to the database. */
export type NewDoc<N extends CollectionName> = Omit<Doc<N>, '_id'> & { _id?: string };

export async function getById<N extends CollectionName>(
  db: Database,
  collection: N,
  id: string,
): Promise<Doc<N> | null> {
  const res = (await coll(db, collection).doc(id).get()) as unknown as { data: Doc<N> | null };
  return res.data ?? null;
}

export async function findMany<T>(query: Query | ReturnType<Database['collection']>): Promise<T[]> {
  const res = (await query.get()) as unknown as { data: T[] };
  return res.data;
}

export async function findOne<T>(query: Query): Promise<T | null> {
  return (await findMany<T>(query.limit(1)))[0] ?? null;
}

export async function countOf(query: Query | ReturnType<Database['collection']>): Promise<number> {
  const res = (await query.count()) as unknown as { total: number };
  return res.total;
}

export async function insert<N extends CollectionName>(
  db: Database,
  collection: N,
  doc: NewDoc<N>,
): Promise<string> {
  const res = (await coll(db, collection).add({ data: doc })) as unknown as { _id: string };
  return res._id;
}

/** Update matching documents; the count tells a conditional update whether it won. */
/**
 * Insert on the document's own id once: false when a document with that id is already there
 * (kept as it is: maybe resolved, maybe sent), so a retry or a replay writes nothing twice.
 */
export async function insertOnce<N extends CollectionName>(
  db: Database,
  collection: N,
  doc: NewDoc<N> & { _id: string },
): Promise<boolean> {
  try {
    await insert(db, collection, doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function updateWhere(query: Query, data: object): Promise<number> {
  const res = (await query.update({ data })) as unknown as { stats: { updated: number } };
  return res.stats.updated;
}

export async function updateById(
  db: Database,
  collection: CollectionName,
  id: string,
  data: object,
): Promise<number> {
  const res = (await coll(db, collection).doc(id).update({ data })) as unknown as {
    stats: { updated: number };
  };
  return res.stats.updated;
}

/** A transaction's collection view: document operations by _id only (CloudBase's rule). */
export interface TxCollection {
  doc(id: string): {
    get(): Promise<{ data: any }>;
    set(p: { data: object }): Promise<unknown>;
    update(p: { data: object }): Promise<{ stats: { updated: number } }>;
    remove(): Promise<unknown>;
  };
  add(p: { data: object }): Promise<{ _id: string }>;
}
export interface Tx {
  collection(name: CollectionName): TxCollection;
  rollback(reason?: unknown): Promise<void>;
}

/** runTransaction may run the body more than once on conflict: keep it free of side effects. */
export function transaction<T>(db: Database, body: (tx: Tx) => Promise<T>): Promise<T> {
  return (
    db as unknown as { runTransaction(b: (tx: Tx) => Promise<T>, retries?: number): Promise<T> }
  ).runTransaction(body, 5);
}

export async function txGet<N extends CollectionName>(
  tx: Tx,
  collection: N,
  id: string,
): Promise<Doc<N> | null> {
  try {
    const res = await tx.collection(collection).doc(id).get();
    return (res.data as Doc<N>) ?? null;
  } catch (err) {
    // Inside a transaction the SDK throws for a missing document even with throwOnNotFound: false.
    if (
      err &&
      typeof err === 'object' &&
      String((err as { errMsg?: string }).errMsg ?? '').includes('does not exist')
    )
      return null;
    throw err;
  }
}

/** One page of a query plus the total, as every paginated list action returns it (2 round trips, in parallel). */
export async function findPage<T>(
  query: Query,
  orderBy: { field: string; direction: 'asc' | 'desc' },
  page: { page: number; pageSize: number },
): Promise<{ docs: T[]; total: number; page: number; pageSize: number }> {
  const [total, docs] = await Promise.all([
    countOf(query),
    findMany<T>(
      query
        .orderBy(orderBy.field, orderBy.direction)
        .skip((page.page - 1) * page.pageSize)
        .limit(page.pageSize),
    ),
  ]);
  return { docs, total, page: page.page, pageSize: page.pageSize };
}

/**
 * Promise.all for independent reads, with a failure reported in argument order: when the caller's
 * check (put it first) and a read of what the input names both fail, the caller's refusal is the
 * answer, as if they had run one after the other, so a refused caller learns nothing from the
 * other read. Every read still starts at once: one round trip for all of them.
 */
export async function together<T extends readonly unknown[] | []>(
  work: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The update that makes a matched document `doc`, as `set` would, for a conditional
 * `where({_id, <state>}).update()` (atomic on one document, where `set` cannot be conditional):
 * an object value replaces the stored one whole (`_.set`; the SDK would otherwise merge it field
 * by field), and each field of `drop` that `doc` lacks is removed.
 */
export function replacementOf(
  db: Database,
  doc: object,
  drop: Iterable<string> = [],
): Record<string, unknown> {
  const _ = db.command;
  const data: Record<string, unknown> = {};
  const fields = Object.entries(doc).filter(([k, v]) => k !== '_id' && v !== undefined);
  const kept = new Set(fields.map(([k]) => k));
  for (const key of drop) if (key !== '_id' && !kept.has(key)) data[key] = _.remove();
  for (const [key, value] of fields) data[key] = isPlainObject(value) ? _.set(value) : value;
  return data;
}

/** A duplicate-key refusal from a unique index (the SDK reports it in errMsg). */
export const isDuplicateKey = (err: unknown): boolean =>
  /duplicate key|E11000/i.test(String((err as { errMsg?: string })?.errMsg ?? err));
