/**
 * The local runtime's CloudBase database: answers the `database.*` actions wx-server-sdk sends
 * (TCB-WIRE §1) from a durable SQLite file, and offers the runtime a direct API on plain JS docs.
 *
 * Collections are created implicitly on the first write (CloudBase requires creating them in the
 * console); reading a collection that was never written returns nothing rather than an error.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { MingoError } from 'mingo/util';
import { decodeEjson, encodeDoc, isPlainObject, toNative, type Doc } from './codec';
import { DbError, invalidParam, requestFailed } from './errors';
import { loadIndexes, type IndexDecl } from './indexes';
import {
  aggregateDocs,
  countDocs,
  findDocs,
  insertDocs,
  modifyDocs,
  removeDocs,
  type FindOptions,
} from './operations';
import { assertCollectionName, idKey, SqliteStore } from './sqlite-store';
import { TransactionManager } from './transactions';
import { StoreView, type DocView } from './view';

export { loadIndexes };
export type { IndexDecl };

export interface TcbReply {
  requestId?: string;
  data?: unknown;
  code?: string;
  message?: string;
  transactionId?: string;
}

export interface DatabaseServiceOptions {
  dataDir: string;
  indexes?: IndexDecl[];
  /** Abandoned transactions are dropped after this long (default 30 s). */
  transactionTtlMs?: number;
  /** Injectable for tests of server dates and transaction expiry. */
  clock?: () => number;
}

export interface DirectCollection {
  add(doc: object): string;
  get(id: string): any | null;
  find(query?: object, opts?: { sort?: object; limit?: number; skip?: number }): any[];
  update(query: object, update: object): number;
  set(id: string, doc: object): void;
  remove(query: object): number;
  count(query?: object): number;
}

/**
 * How an injected write failure answers. `disk_full`: the write is refused, nothing stored (SQLite's
 * SQLITE_FULL, as a real full disk gives it). `lost_reply`: the write is stored but its
 * answer is an error, as when the connection drops after the server committed — the case a
 * caller must not mistake for "nothing happened". Outside transactions only.
 */
export type WriteFault = 'disk_full' | 'lost_reply';

export interface WriteFaultSpec {
  /** Only requests naming this collection (default: any collection). */
  collection?: string;
  /** Only this action, with or without the `database.` prefix, e.g. `modifyDocument` (default: any write). */
  action?: string;
  /** How many requests fail (a transaction counts once); default: every one until `clear()`. */
  times?: number;
  error?: WriteFault;
}

/**
 * Test hook: make the SDK's database writes fail as a full disk would, to prove callers leave
 * nothing half-written and recover. Inert until armed. It applies to `handle()` (what functions
 * send) only, not to the direct `collection()` API (runtime bookkeeping, the pay sandbox, tests).
 */
export interface DbFaults {
  failWrites(spec?: WriteFaultSpec): void;
  /** Disarms every fault: writes resume. */
  clear(): void;
  /** Requests refused by an injected fault since the runtime started. */
  readonly injected: number;
}

const WRITE_ACTIONS = new Set([
  'database.insertDocument',
  'database.modifyDocument',
  'database.removeDocument',
  'database.addCollection',
  'database.commitTransaction',
]);

/** The error better-sqlite3 throws when the disk is full; errorReply maps it like any SQLite error. */
const diskFull = () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
const lostReply = () => new Error('connection reset after the write was applied');

/** What an armed fault does to one request: refuse it, or apply it and answer with an error. */
interface Injected {
  error: Error;
  applied: boolean;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

type Body = Record<string, any>;
type Result = Omit<TcbReply, 'requestId'>;

export class DatabaseService {
  private readonly store: SqliteStore;
  private readonly storeView: StoreView;
  private readonly transactions: TransactionManager;
  private readonly clock: () => number;
  private readonly actions: Record<string, (body: Body) => Result>;
  private readonly armed: (Required<Omit<WriteFaultSpec, 'collection' | 'action'>> &
    Pick<WriteFaultSpec, 'collection' | 'action'>)[] = [];
  /** Transactions that wrote while a matching fault was armed: their commit fails. */
  private readonly doomed = new Set<string>();
  private readonly stats = { injected: 0 };
  readonly faults: DbFaults;

  constructor(opts: DatabaseServiceOptions) {
    this.clock = opts.clock ?? Date.now;
    this.store = new SqliteStore(opts.dataDir, opts.indexes ?? []);
    try {
      this.storeView = new StoreView(this.store);
      this.transactions = new TransactionManager(this.store, opts.transactionTtlMs ?? 30_000, this.clock);
    } catch (e) {
      this.store.close();
      throw e;
    }
    this.actions = {
      'database.getDocument': (b) => this.getDocument(b),
      'database.calculateDocument': (b) => this.calculateDocument(b),
      'database.insertDocument': (b) => this.insertDocument(b),
      'database.modifyDocument': (b) => this.modifyDocument(b),
      'database.removeDocument': (b) => this.removeDocument(b),
      'database.aggregateDocuments': (b) => this.aggregateDocuments(b),
      'database.addCollection': (b) => this.addCollection(b),
      'database.startTransaction': () => ({ transactionId: this.transactions.begin() }),
      'database.commitTransaction': (b) => (this.transactions.commit(b.transactionId), {}),
      'database.abortTransaction': (b) => {
        this.doomed.delete(b.transactionId);
        this.transactions.abort(b.transactionId);
        return {};
      },
    };
    const stats = this.stats;
    this.faults = {
      failWrites: ({ collection, action, times = Infinity, error = 'disk_full' } = {}) => {
        const full = action === undefined || action.startsWith('database.') ? action : `database.${action}`;
        if (times > 0) this.armed.push({ collection, action: full, times, error });
      },
      clear: () => {
        this.armed.length = 0;
        this.doomed.clear();
      },
      get injected() {
        return stats.injected;
      },
    };
  }

  /**
   * The injected failure for this request, if an armed fault matches it. A write inside a
   * transaction is buffered as usual and dooms the transaction: its commit fails, as a full disk
   * fails a commit. A fault naming no collection also fails commits directly (read-only ones too).
   */
  private injectedFault(action: string, body: Body): Injected | null {
    if ((this.armed.length === 0 && this.doomed.size === 0) || !WRITE_ACTIONS.has(action)) return null;
    const txId = inTransaction(body) ? String(body.transactionId) : null;
    const fail = (fault?: WriteFaultSpec): Injected => {
      this.stats.injected++;
      return fault?.error === 'lost_reply' && !txId
        ? { error: lostReply(), applied: true }
        : { error: diskFull(), applied: false };
    };
    if (action === 'database.commitTransaction') {
      if (txId && this.doomed.delete(txId)) {
        this.transactions.abort(txId);
        return fail();
      }
      const fault = this.take((f) => !f.collection && (!f.action || f.action === action));
      if (!fault) return null;
      this.transactions.abort(txId);
      return fail();
    }
    const name = body.collectionName;
    const matches = (f: WriteFaultSpec, actions: string[]) =>
      (!f.collection || f.collection === name) && (!f.action || actions.includes(f.action));
    if (txId) {
      // `{collection, action: 'commitTransaction'}` fails the commits of transactions writing there.
      if (!this.doomed.has(txId) && this.take((f) => matches(f, [action, 'database.commitTransaction'])))
        this.doomed.add(txId);
      return null;
    }
    const fault = this.take((f) => matches(f, [action]));
    return fault ? fail(fault) : null;
  }

  /** The first armed fault `matches` accepts, with one of its times used up. */
  private take(matches: (f: WriteFaultSpec) => boolean): WriteFaultSpec | null {
    const i = this.armed.findIndex(matches);
    if (i < 0) return null;
    const fault = this.armed[i]!;
    if (--fault.times <= 0) this.armed.splice(i, 1);
    return fault;
  }

  /** One `database.*` request → its reply (success or CloudBase error envelope). Never throws. */
  handle(action: string, body: Record<string, any>): TcbReply {
    const requestId = randomUUID();
    try {
      const run = Object.prototype.hasOwnProperty.call(this.actions, action)
        ? this.actions[action]
        : undefined;
      if (!run) throw invalidParam(`unknown database action ${JSON.stringify(action)}`);
      const fault = this.injectedFault(action, body ?? {});
      if (fault?.applied) run(body ?? {});
      if (fault) throw fault.error;
      return { requestId, ...run(body ?? {}) };
    } catch (e) {
      return { requestId, ...errorReply(e) };
    }
  }

  /**
   * Group commit: answers several requests with ONE durable SQLite commit (one fsync) instead of
   * one each. Every request runs in its own savepoint, so a failing one rolls back alone and gets
   * its own error reply, exactly as handle() would give it. Replies are returned only after the
   * commit, so no caller is told of a write that is not on disk. A server can collect the
   * requests that arrive during one event-loop turn and pass them here.
   */
  handleMany(requests: { action: string; body: Record<string, any> }[]): TcbReply[] {
    try {
      return this.store.atomically(() => requests.map((r) => this.handle(r.action, r.body)));
    } catch (e) {
      // Only the commit itself can fail here (handle() never throws): nothing was written.
      return requests.map(() => ({ requestId: randomUUID(), ...errorReply(e) }));
    }
  }

  collection(name: string): DirectCollection {
    assertCollectionName(name);
    const view = this.storeView;
    const plain = (v: unknown): Doc => {
      if (v === undefined) return {};
      if (!isPlainObject(v)) throw invalidParam('expected a plain object');
      return toNative(v, this.clock());
    };
    return {
      add: (doc) => String(this.write(name, () => insertDocs(view, name, [plain(doc)]))[0]),
      get: (id) => this.store.get(name, idKey(id))?.doc ?? null,
      find: (query, opts = {}) => findDocs(view, name, plain(query), opts as FindOptions),
      update: (query, update) =>
        this.write(name, () =>
          modifyDocs(view, name, plain(query), plain(update), { multi: true, merge: true, upsert: false }),
        ).updated,
      set: (id, doc) => {
        this.write(name, () =>
          modifyDocs(view, name, { _id: id }, plain(doc), { multi: false, merge: false, upsert: true }),
        );
      },
      remove: (query) => this.write(name, () => removeDocs(view, name, plain(query), true)),
      count: (query) => countDocs(view, name, plain(query)),
    };
  }

  close(): void {
    this.store.close();
  }

  /** Auto-creates the collection, then runs the read-evaluate-write in one SQLite transaction. */
  private write<T>(collection: string, fn: () => T): T {
    this.store.createCollection(collection);
    return this.store.atomically(fn);
  }

  /** Runs an operation against the request's transaction, or against the store atomically. */
  private run<T>(body: Body, collection: string, writes: boolean, op: (view: DocView) => T): T {
    if (inTransaction(body)) return op(this.transactions.view(body.transactionId));
    return writes ? this.write(collection, () => op(this.storeView)) : op(this.storeView);
  }

  private getDocument(body: Body): Result {
    const collection = collectionOf(body);
    const now = this.clock();
    const query = this.query(body, now);
    const projection = optionalObject(body, 'projection', now);
    if (body.queryType === 'DOC') {
      const list = this.run(body, collection, false, (v) =>
        findDocs(v, collection, query, { projection, limit: 1 }),
      );
      return { data: { list: list.map(encodeDoc) } };
    }
    const order = optionalObject(body, 'order', now);
    const offset = nonNegativeInt(body.offset, 'offset') ?? 0;
    const requested = nonNegativeInt(body.limit, 'limit');
    const limit = !requested ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
    const list = this.run(body, collection, false, (v) =>
      findDocs(v, collection, query, { sort: order, skip: offset, limit, projection }),
    );
    return { data: { list: list.map(encodeDoc), offset, limit } };
  }

  private calculateDocument(body: Body): Result {
    const collection = collectionOf(body);
    const query = this.query(body, this.clock());
    if (Object.keys(query).length === 0 && !inTransaction(body))
      return { data: { total: this.store.count(collection) } };
    return { data: { total: this.run(body, collection, false, (v) => countDocs(v, collection, query)) } };
  }

  private insertDocument(body: Body): Result {
    const collection = collectionOf(body);
    const now = this.clock();
    const raw: unknown[] = Array.isArray(body.data) ? body.data : [body.data];
    if (raw.length === 0) throw invalidParam('data must hold at least one document');
    const docs = raw.map((d, i) => decodeEjson(d, `data[${i}]`, now));
    const ids = this.run(body, collection, true, (v) => insertDocs(v, collection, docs));
    return { data: { insertedIds: ids } };
  }

  private modifyDocument(body: Body): Result {
    const collection = collectionOf(body);
    const now = this.clock();
    const query = this.query(body, now);
    const data = decodeEjson(body.data, 'data', now);
    const multi = body.queryType === 'DOC' ? false : body.multi !== false;
    const opts = { multi, merge: body.merge !== false, upsert: body.upsert === true };
    const r = this.run(body, collection, true, (v) => modifyDocs(v, collection, query, data, opts));
    return { data: { updated: r.updated, upsert_id: r.upsertedId ?? null } };
  }

  private removeDocument(body: Body): Result {
    const collection = collectionOf(body);
    const query = this.query(body, this.clock());
    const multi = body.queryType === 'DOC' ? false : body.multi !== false;
    return {
      data: { deleted: this.run(body, collection, true, (v) => removeDocs(v, collection, query, multi)) },
    };
  }

  private aggregateDocuments(body: Body): Result {
    const collection = collectionOf(body);
    const now = this.clock();
    if (!Array.isArray(body.stages)) throw invalidParam('stages must be an array');
    const pipeline = body.stages.map((s: unknown, i: number) => {
      if (!isPlainObject(s) || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) {
        throw invalidParam(`stages[${i}] must be {stageKey, stageValue}`);
      }
      return { [s.stageKey]: decodeEjson(s.stageValue, `stages[${i}].stageValue`, now) };
    });
    const list = this.run(body, collection, false, (v) => aggregateDocs(v, collection, pipeline));
    return { data: { list: list.map(encodeDoc) } };
  }

  private addCollection(body: Body): Result {
    const collection = collectionOf(body);
    if (!this.store.createCollection(collection)) {
      throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${collection} already exists`);
    }
    return { data: {} };
  }

  private query(body: Body, now: number): Doc {
    return optionalObject(body, 'query', now) ?? {};
  }
}

const inTransaction = (body: Body): boolean =>
  body.transactionId !== undefined && body.transactionId !== null && body.transactionId !== '';

function collectionOf(body: Body): string {
  assertCollectionName(body.collectionName);
  return body.collectionName;
}

function optionalObject(body: Body, field: string, now: number): Doc | undefined {
  if (body[field] === undefined || body[field] === null || body[field] === '') return undefined;
  const value = decodeEjson(body[field], field, now);
  if (!isPlainObject(value)) throw invalidParam(`${field} must encode an object`);
  return value;
}

function nonNegativeInt(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw invalidParam(`${field} must be a non-negative integer`);
  return v;
}

function errorReply(e: unknown): Result {
  if (e instanceof DbError) return { code: e.code, message: e.message };
  // mingo rejects bad operators and operands with MingoError: the caller's request failed.
  if (e instanceof MingoError) {
    const failed = requestFailed(e.message);
    return { code: failed.code, message: failed.message };
  }
  return { code: 'SYS_ERR', message: `database internal error: ${(e as Error)?.message ?? String(e)}` };
}
