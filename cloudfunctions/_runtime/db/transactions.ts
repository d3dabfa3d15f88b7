/**
 * Transactions with optimistic concurrency control. A transaction buffers its writes and records
 * the revision of every document it touched (and, for where-queries, the collection's write
 * sequence when it first scanned it). Commit re-checks those inside one SQLite transaction: if
 * anything changed meanwhile it fails with DATABASE_TRANSACTION_CONFLICT, which makes the SDK's
 * runTransaction retry the callback; otherwise all buffered writes land at once.
 */
import { randomBytes } from 'node:crypto';
import type { Doc } from './codec';
import { duplicateKey, requestFailed, transactionConflict } from './errors';
import { queryShape } from './planner';
import type { SqliteStore } from './sqlite-store';
import type { DocView } from './view';

interface Entry {
  /** Revision seen at first touch; null = the document did not exist. */
  observed: number | null;
  /** What the transaction currently sees; null = absent or removed. */
  doc: Doc | null;
  dirty: boolean;
}

export class TransactionView implements DocView {
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Collection → store write sequence when the transaction first scanned it. */
  private readonly scans = new Map<string, number>();

  constructor(
    readonly id: string,
    readonly expiresAt: number,
    private readonly store: SqliteStore,
  ) {}

  get(collection: string, key: string): Doc | null {
    const doc = this.touch(collection, key).doc;
    return doc ? structuredClone(doc) : null;
  }

  scan(collection: string, query: Doc): Doc[] {
    if (!this.scans.has(collection)) this.scans.set(collection, this.store.currentSeq());
    const local = this.entries.get(collection);
    const out: Doc[] = [];
    const seen = new Set<string>();
    for (const row of this.store.scan(collection, [], `${queryShape(query)} in a transaction`)) {
      const entry = local?.get(row.key);
      seen.add(row.key);
      if (!entry) out.push(row.doc);
      else if (entry.doc) out.push(structuredClone(entry.doc));
    }
    for (const [key, entry] of local ?? []) {
      if (!seen.has(key) && entry.doc) out.push(structuredClone(entry.doc));
    }
    return out;
  }

  insert(collection: string, key: string, doc: Doc): void {
    const entry = this.touch(collection, key);
    if (entry.doc) throw duplicateKey(collection, '_id_', doc._id);
    this.write(entry, doc);
  }

  replace(collection: string, key: string, doc: Doc): void {
    this.write(this.touch(collection, key), doc);
  }

  remove(collection: string, key: string): void {
    this.write(this.touch(collection, key), null);
  }

  commit(): void {
    const dirty: [string, string, Entry][] = [];
    for (const [collection, local] of this.entries) {
      for (const [key, entry] of local) if (entry.dirty) dirty.push([collection, key, entry]);
    }
    for (const [collection] of dirty) this.store.createCollection(collection);
    this.store.atomically(() => {
      for (const [collection, seq] of this.scans) {
        if (this.store.lastWriteSeq(collection) > seq) throw transactionConflict(this.id);
      }
      for (const [collection, local] of this.entries) {
        for (const [key, entry] of local) {
          if (this.store.revOf(collection, key) !== entry.observed) throw transactionConflict(this.id);
        }
      }
      for (const [collection, key, entry] of dirty) {
        if (entry.doc === null) {
          if (entry.observed !== null) this.store.remove(collection, key);
        } else if (entry.observed === null) this.store.insert(collection, key, entry.doc);
        else this.store.update(collection, key, entry.doc);
      }
    });
  }

  private touch(collection: string, key: string): Entry {
    let local = this.entries.get(collection);
    if (!local) this.entries.set(collection, (local = new Map()));
    let entry = local.get(key);
    if (!entry) {
      const row = this.store.get(collection, key);
      entry = { observed: row?.rev ?? null, doc: row?.doc ?? null, dirty: false };
      local.set(key, entry);
    }
    return entry;
  }

  private write(entry: Entry, doc: Doc | null): void {
    entry.doc = doc ? structuredClone(doc) : null;
    entry.dirty = true;
  }
}

export class TransactionManager {
  private readonly open = new Map<string, TransactionView>();

  constructor(
    private readonly store: SqliteStore,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  begin(): string {
    this.sweep();
    const id = randomBytes(16).toString('hex');
    this.open.set(id, new TransactionView(id, this.clock() + this.ttlMs, this.store));
    return id;
  }

  /** The live transaction `id`; abandoned ones expire after the TTL. */
  view(id: unknown): TransactionView {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!tx || tx.expiresAt <= this.clock()) {
      if (tx) this.open.delete(tx.id);
      throw requestFailed(`transaction ${String(id)} does not exist or has expired`);
    }
    return tx;
  }

  commit(id: unknown): void {
    const tx = this.view(id);
    // Whatever the outcome the transaction is over: the SDK retries with a fresh one.
    this.open.delete(tx.id);
    tx.commit();
  }

  /** Idempotent: aborting an unknown or expired transaction is not an error. */
  abort(id: unknown): void {
    if (typeof id === 'string') this.open.delete(id);
  }

  size(): number {
    return this.open.size;
  }

  sweep(): void {
    const now = this.clock();
    for (const [id, tx] of this.open) if (tx.expiresAt <= now) this.open.delete(id);
  }
}
