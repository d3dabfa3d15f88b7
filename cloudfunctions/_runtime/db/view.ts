/**
 * What the query/update operations need from storage. Two implementations: the committed store
 * (StoreView, used inside one SQLite transaction per request) and a transaction's private view
 * (TransactionView, buffering writes until commit).
 */
import type { Doc } from './codec';
import { duplicateKey } from './errors';
import { planPushdowns } from './pushdown';
import type { SqliteStore } from './sqlite-store';

export interface DocView {
  /** A copy the caller may mutate, or null. */
  get(collection: string, key: string): Doc | null;
  /** Mutable copies of a superset of the documents matching `query`, in insertion order. */
  scan(collection: string, query: Doc): Doc[];
  /** Throws the E11000 error if `key` exists. */
  insert(collection: string, key: string, doc: Doc): void;
  /** `text`: the document already encoded by the caller, to save encoding it twice. */
  replace(collection: string, key: string, doc: Doc, text?: string): void;
  remove(collection: string, key: string): void;
}

export class StoreView implements DocView {
  constructor(private readonly store: SqliteStore) {}

  get(collection: string, key: string): Doc | null {
    return this.store.get(collection, key)?.doc ?? null;
  }

  scan(collection: string, query: Doc): Doc[] {
    const pushdowns = planPushdowns(query, this.store.scalarIndexedFields(collection));
    return this.store.scan(collection, pushdowns).map((r) => r.doc);
  }

  insert(collection: string, key: string, doc: Doc): void {
    if (this.store.revOf(collection, key) !== null) throw duplicateKey(collection, '_id_', doc._id);
    this.store.insert(collection, key, doc);
  }

  replace(collection: string, key: string, doc: Doc, text?: string): void {
    this.store.update(collection, key, doc, text);
  }

  remove(collection: string, key: string): void {
    this.store.remove(collection, key);
  }
}
