/**
 * What the query/update operations need from storage. Two implementations: the committed store
 * (StoreView, used inside one SQLite transaction per request) and a transaction's private view
 * (TransactionView, buffering writes until commit).
 */
import type { Doc } from './codec';
import { duplicateKey } from './errors';
import { parseQuery, planIndexes, queryShape, type IndexPlan } from './planner';
import { planPushdowns } from './pushdown';
import type { SqliteStore } from './sqlite-store';

export interface ServeOptions {
  sort?: Doc;
  skip: number;
  limit?: number;
  /** mingo's verdict on a document (every served document is re-checked with it). */
  test: (doc: Doc) => boolean;
}

export interface DocView {
  /** A copy the caller may mutate, or null. */
  get(collection: string, key: string): Doc | null;
  /** Mutable copies of a superset of the documents matching `query`, in insertion order. */
  scan(collection: string, query: Doc): Doc[];
  /**
   * Optional: the requested page of matches (sorted, skipped, limited exactly as mingo would),
   * answered from an index; null when that cannot be done exactly (the caller evaluates).
   */
  find?(collection: string, query: Doc, opts: ServeOptions): Doc[] | null;
  /** Optional: the number of matches, from an index; null when not exactly possible. */
  count?(collection: string, query: Doc, test: (doc: Doc) => boolean): number | null;
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
    const shape = queryShape(query);
    const plan = this.plan(collection, query, undefined);
    if (plan) return this.store.candidates(collection, plan, shape).map((r) => r.doc);
    const pushdowns = planPushdowns(query, this.store.scalarIndexedFields(collection));
    return this.store.scan(collection, pushdowns, shape).map((r) => r.doc);
  }

  /**
   * A page from a multikey table. Exact plan: SQL ORDER BY/LIMIT/OFFSET picks the rows, mingo
   * confirms each. Otherwise the candidates are read in index order until the page is full.
   * Documents the index could not key are kept aside; if one of them matches, the page is left
   * to the caller (mingo sorts the candidates).
   */
  find(collection: string, query: Doc, opts: ServeOptions): Doc[] | null {
    const plan = this.plan(collection, query, opts.sort, true);
    if (!plan || plan.sort === null) return null;
    if (this.store.opaqueDocs(collection, plan.index.name).some((r) => opts.test(r.doc))) return null;
    if (opts.limit === 0) return [];
    const shape = queryShape(query, opts.sort);
    const out: Doc[] = [];
    if (plan.exact) {
      for (const rid of this.store.pageKeys(collection, plan, opts.skip, opts.limit ?? -1, shape)) {
        const row = this.store.byRid(collection, rid);
        if (!row || !opts.test(row.doc)) {
          this.store.served.mismatches += 1;
          return null;
        }
        out.push(row.doc);
      }
    } else {
      let skipped = 0;
      for (const row of this.store.iterateKeys(collection, plan, shape)) {
        if (!opts.test(row.doc)) continue;
        if (skipped < opts.skip) skipped += 1;
        else if (out.push(row.doc) === opts.limit) break;
      }
    }
    this.store.served.finds += 1;
    return out;
  }

  count(collection: string, query: Doc, test: (doc: Doc) => boolean): number | null {
    const plan = this.plan(collection, query, undefined);
    if (!plan || !plan.exact) return null;
    const aside = this.store.opaqueDocs(collection, plan.index.name).filter((r) => test(r.doc)).length;
    this.store.served.counts += 1;
    return this.store.countKeys(collection, plan, queryShape(query)) + aside;
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

  /**
   * A plan on a key table, unless an expression index (unique) seeks a longer equality prefix or
   * the query names `_id` (the primary key). Plans that tie on their prefix are raced as MongoDB
   * races them: the one whose conditions select the fewest index rows (counted up to RACE_CAP).
   * `ordered`: a page may walk an index in its sort order.
   */
  private plan(collection: string, query: Doc, sort: Doc | undefined, ordered = false): IndexPlan | null {
    const indexes = this.store.keyIndexes(collection);
    if (indexes.length === 0) return null;
    const choices = planIndexes(parseQuery(query), sort, indexes, ordered);
    if (choices.length === 0) return null;
    const pushed = new Set(planPushdowns(query, new Set()).map((p) => p.field));
    if (pushed.has('_id')) return null;
    const top = choices[0]!;
    for (const fields of this.store.scalarIndexes(collection)) {
      let prefix = 0;
      while (prefix < fields.length && pushed.has(fields[prefix]!)) prefix++;
      if (prefix > top.plan.prefix) return null;
    }
    const tied = choices.filter((c) => c.score[0] === top.score[0] && c.score[1] === top.score[1]);
    if (tied.length === 1 || top.plan.prefix + top.score[1]! === 0) return top.plan;
    let best = top;
    let fewest = Infinity;
    for (const c of tied) {
      const n = this.store.estimate(collection, c.plan, RACE_CAP);
      if (n < fewest) [best, fewest] = [c, n];
    }
    return best.plan;
  }
}

/** Index rows a plan is allowed to count while racing (bounded work per query). */
const RACE_CAP = 1000;
