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

/** The SDK's transaction object as beginTransaction uses it. */
interface SdkTransaction extends Tx {
  commit(): Promise<unknown>;
}

/** A commit (or an operation) that lost to another transaction; runTransaction retries on it. */
const isConflict = (err: unknown): boolean =>
  /TRANSACTION_CONFLICT/.test(
    String((err as { code?: string })?.code ?? '') + String((err as { errMsg?: string })?.errMsg ?? ''),
  );

/**
 * A transaction begun ahead of its body (see beginTransaction): `run` executes the body on it
 * and commits; `discard` rolls it back if the body never ran (a refusal after the reads).
 */
export interface EarlyTransaction {
  run<T>(body: (tx: Tx) => Promise<T>): Promise<T>;
  discard(): Promise<void>;
}

/**
 * Begins a transaction now, so that its start overlaps the reads that decide what it will write
 * instead of costing a round trip of its own after them. Nothing else changes: the body's
 * operations run one after the other on it once `run` is called (never concurrently: MongoDB
 * transactions do not allow that), it is committed after the body, and a conflict runs the body
 * again the way `transaction` does (a fresh transaction each time). Use `withTransactionBegun`
 * so an unused one is always rolled back.
 */
export function beginTransaction(db: Database): EarlyTransaction {
  const started = (db as unknown as { startTransaction(): Promise<SdkTransaction> }).startTransaction();
  // A failed start is seen by run() (which then starts afresh) or ignored by discard().
  started.catch(() => undefined);
  let used = false;
  return {
    async run<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
      used = true;
      const tx = await started.catch(() => null);
      if (!tx) return transaction(db, body);
      let aborted: { reason: unknown } | null = null;
      const view: Tx = {
        collection: (name) => tx.collection(name),
        rollback: async (reason) => {
          aborted = { reason };
          await tx.rollback(reason);
        },
      };
      try {
        const result = await body(view);
        if (aborted) throw (aborted as { reason: unknown }).reason;
        await tx.commit();
        return result;
      } catch (err) {
        if (aborted) throw (aborted as { reason: unknown }).reason;
        await tx.rollback().catch(() => undefined);
        if (isConflict(err)) return transaction(db, body);
        throw err;
      }
    },
    async discard() {
      if (used) return;
      used = true;
      const tx = await started.catch(() => null);
      await tx?.rollback().catch(() => undefined);
    },
  };
}

/** Runs `work` with a transaction begun at once (beginTransaction); if `work` never ran it, it is rolled back. */
export async function withTransactionBegun<T>(
  db: Database,
  work: (early: EarlyTransaction) => Promise<T>,
): Promise<T> {
  const early = beginTransaction(db);
  try {
    return await work(early);
  } finally {
    await early.discard();
  }
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
