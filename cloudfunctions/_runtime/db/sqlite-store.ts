/**
 * Durable document storage on better-sqlite3: one table per collection, `_id TEXT PRIMARY KEY,
 * doc TEXT` (relaxed EJSON), plus `rev`, the global write sequence number of the row's last write,
 * which transactions use for optimistic validation. Declared unique indexes become SQLite
 * expression indexes on `json_extract(doc, '$.field')`, so SQLite enforces them. Every other
 * declared index is a KEY TABLE (one row per document, or per array element once the index is
 * multikey, as MongoDB indexes arrays; keys encoded in mingo's order, see keys.ts), maintained
 * here in the same SQLite transaction as every write of the document.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeStored, encodeDoc, type Doc } from './codec';
import { duplicateKey, invalidParam } from './errors';
import { indexName, type IndexDecl } from './indexes';
import { arrayOnPath, keyText, rowsOf, sameRows, type FieldKeys, type Key } from './keys';
import type { KeyIndexInfo, IndexPlan } from './planner';

export interface Row {
  key: string;
  doc: Doc;
  rev: number;
}

/** An equality prefilter: `field IN values`, plus documents holding an array on the path if arraysPossible. */
export interface Pushdown {
  field: string;
  values: (string | number)[];
  arraysPossible: boolean;
}

/**
 * How a declared index is kept. A non-unique index is a key `table` (multikey once a document
 * holds an array on one of its paths: `multi` is then that field's position, else -1). A unique
 * index is an expression index (SQLite enforces it): `scalar` while no document holds an array
 * on its paths (so equality on them can seek it), `arrays` after (an array is keyed as one JSON
 * value).
 */
type Mode = 'table' | 'scalar' | 'arrays';

interface IndexState extends KeyIndexInfo {
  decl: IndexDecl;
  /** The expression index's name. */
  sqliteName: string;
  paths: string[][];
  mode: Mode;
  /** Quoted names of the key table and of its list of documents it cannot key. */
  table: string;
  opaque: string;
  statements?: MultikeyStatements;
}

interface MultikeyStatements {
  /** By row count, 1…INSERT_ROWS. */
  insert: Database.Statement[];
  remove: Database.Statement;
  addOpaque: Database.Statement;
  removeOpaque: Database.Statement;
  opaqueDocs: Database.Statement;
}

/** A query that SQLite could not answer from an index (or the primary key). */
export interface ScanRecord {
  collection: string;
  /** The query's fields and operators (values left out), and its sort. */
  shape: string;
  count: number;
  sql: string;
  /** SQLite's EXPLAIN QUERY PLAN, one step per line. */
  plan: string;
}

interface CollectionStatements {
  get: Database.Statement;
  byRid: Database.Statement;
  rowOf: Database.Statement;
  rev: Database.Statement;
  scan: Database.Statement;
  count: Database.Statement;
  insert: Database.Statement;
  update: Database.Statement;
  remove: Database.Statement;
}

const TABLE_PREFIX = 'c_';
const INDEX_PREFIX = 'ix_';
const MODES_TABLE = 'rt_index_modes';
/** Bumped when keys.ts changes how keys are encoded: key tables are then rebuilt. */
const KEY_VERSION = 2;
const INSERT_ROWS = 8;
const BACKFILL_CHUNK = 2000;
/**
 * A SCAN step over a table or index: not over a subquery's rows, nor over a key table's list of
 * documents it cannot key (read whole by design: normally empty).
 */
const SCAN_STEP = /^SCAN (?!\(|CONSTANT ROW|mko_)/;
/** A sort SQLite cannot stream (it must read every candidate first). */
const FULL_SORT = /^USE TEMP B-TREE FOR ORDER BY/;
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,100}$/;
const NUMBER_KEY_PREFIX = '\u0001n:';

const quote = (ident: string): string => `"${ident.replace(/"/g, '""')}"`;
const tableOf = (collection: string): string => quote(TABLE_PREFIX + collection);
const jsonPath = (field: string): string => `json_extract(doc, '$.${field}')`;
/**
 * The indexed key of a field. MongoDB indexes a missing field (and JSON null) as null, and null
 * collides with null under a unique index; SQLite treats NULLs as distinct. So NULL is mapped to a
 * one-byte blob, which no json_extract result can equal (it yields only NULL, numbers and text).
 * Equality pushdowns use the same expression so SQLite can answer them from the index.
 */
const keyExpr = (field: string): string => `ifnull(${jsonPath(field)}, X'00')`;
/** MongoDB sparse: a document is indexed when it has at least one of the fields (null counts as having it). */
const sparseWhere = (fields: string[]): string =>
  fields.length === 1
    ? `json_type(doc, '$.${fields[0]}') IS NOT NULL`
    : `(${fields.map((f) => `json_type(doc, '$.${f}') IS NOT NULL`).join(' OR ')})`;

/** Row key for an `_id`: strings as-is; numbers get a prefix so `5` and `"5"` stay distinct. */
export function idKey(id: unknown): string {
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return NUMBER_KEY_PREFIX + String(id);
  throw invalidParam('_id must be a non-empty string or a finite number');
}

export function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw invalidParam(`invalid collection name ${JSON.stringify(name)}`);
  }
}

export class SqliteStore {
  private readonly db: Database.Database;
  private seq = 0;
  /** Last write sequence per collection, for phantom checks of transactional where-reads. */
  private readonly collectionSeq = new Map<string, number>();
  private readonly tables = new Set<string>();
  private tablesCreated = 0;
  private readonly statements = new Map<string, CollectionStatements>();
  private readonly dynamic = new Map<string, Database.Statement>();
  private readonly declared = new Map<string, IndexDecl[]>();
  /** SQLite index name → how to report a violation of it. */
  private readonly sqliteIndexes = new Map<string, { collection: string; name: string }>();
  /** Per collection: how each declared index is kept (see Mode). */
  private readonly indexStates = new Map<string, IndexState[]>();
  /** Bumped by every mode change, so a rollback knows to re-read the modes. */
  private modeChanges = 0;
  private readonly plans = new Map<string, { scan: boolean; plan: string }>();
  private readonly scans = new Map<string, ScanRecord>();
  /** Index-served answers, and served pages mingo disagreed with (always 0 unless there is a bug). */
  readonly served = { finds: 0, counts: 0, mismatches: 0 };

  constructor(dataDir: string, indexes: IndexDecl[]) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'db.sqlite'));
    try {
      this.prepare(indexes);
    } catch (e) {
      // E.g. existing data violates a declared unique index: no caller holds this store to close it.
      this.db.close();
      throw e;
    }
  }

  /** Pragmas, declared indexes and the existing tables' indexes and revision counter. */
  private prepare(indexes: IndexDecl[]): void {
    this.db.pragma('journal_mode = WAL');
    // FULL: a commit is fsynced before handle() returns, so an acknowledged write survives power loss.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${MODES_TABLE} (collection TEXT NOT NULL, name TEXT NOT NULL, ` +
        `definition TEXT NOT NULL, mode TEXT NOT NULL, multi INTEGER NOT NULL, PRIMARY KEY (collection, name))`,
    );
    for (const decl of indexes) {
      assertCollectionName(decl.collection);
      const list = this.declared.get(decl.collection) ?? [];
      list.push(decl);
      this.declared.set(decl.collection, list);
    }
    for (const collection of this.listTables()) {
      this.tables.add(collection);
      this.syncIndexes(collection);
      const max = this.db
        .prepare(`SELECT max(rev) FROM ${tableOf(collection)}`)
        .pluck()
        .get() as number | null;
      this.seq = Math.max(this.seq, max ?? 0);
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs fn in one SQLite transaction. A nested call becomes a savepoint (better-sqlite3 does
   * this), so it rolls back alone when it throws: that is what lets handleMany() put several
   * requests in one commit.
   */
  atomically<T>(fn: () => T): T {
    const created = this.tablesCreated;
    const modes = this.modeChanges;
    try {
      const tx = this.db.transaction(fn);
      return this.db.inTransaction ? tx() : tx.immediate();
    } catch (e) {
      // A rollback also undoes CREATE TABLE and index mode changes: re-read what exists.
      if (this.tablesCreated !== created) this.forgetMissingTables();
      if (this.modeChanges !== modes) this.reloadModes();
      throw e;
    }
  }

  hasCollection(collection: string): boolean {
    return this.tables.has(collection);
  }

  collections(): string[] {
    return [...this.tables];
  }

  /** Creates the table and its declared indexes; false if it already existed. */
  createCollection(collection: string): boolean {
    assertCollectionName(collection);
    if (this.tables.has(collection)) return false;
    this.tablesCreated += 1;
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${tableOf(collection)} (_id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL, rev INTEGER NOT NULL)`,
    );
    this.tables.add(collection);
    this.syncIndexes(collection);
    return true;
  }

  currentSeq(): number {
    return this.seq;
  }

  lastWriteSeq(collection: string): number {
    return this.collectionSeq.get(collection) ?? 0;
  }

  get(collection: string, key: string): Row | null {
    if (!this.tables.has(collection)) return null;
    const row = this.stmts(collection).get.get(key) as { doc: string; rev: number } | undefined;
    return row ? { key, doc: decodeStored(row.doc), rev: row.rev } : null;
  }

  revOf(collection: string, key: string): number | null {
    if (!this.tables.has(collection)) return null;
    return (this.stmts(collection).rev.get(key) as number | undefined) ?? null;
  }

  count(collection: string): number {
    if (!this.tables.has(collection)) return 0;
    return this.stmts(collection).count.get() as number;
  }

  /**
   * All rows in insertion order, narrowed by the pushdowns SQLite can answer (a superset of the
   * matches). `shape` names the query in the scan report.
   */
  scan(collection: string, pushdowns: Pushdown[] = [], shape = '{}'): Row[] {
    if (!this.tables.has(collection)) return [];
    let stmt = this.stmts(collection).scan;
    const params: (string | number)[] = [];
    if (pushdowns.length > 0) {
      const where = pushdowns.map((p) => {
        params.push(...(p.field === '_id' ? p.values.map(idKey) : p.values));
        const marks = p.values.length === 1 ? '= ?' : `IN (${p.values.map(() => '?').join(', ')})`;
        if (p.field === '_id') return `_id ${marks}`;
        if (!p.arraysPossible) return `${keyExpr(p.field)} ${marks}`;
        const parts = p.field.split('.');
        const arrays = parts.map(
          (_p, i) => `json_type(doc, '$.${parts.slice(0, i + 1).join('.')}') = 'array'`,
        );
        return `(${keyExpr(p.field)} ${marks} OR ${arrays.join(' OR ')})`;
      });
      // An equality on a non-null value implies the field exists, so a sparse index's own WHERE
      // term holds for every match; stating it verbatim lets SQLite use that partial index.
      const fields = new Set(pushdowns.map((p) => p.field));
      for (const decl of this.declared.get(collection) ?? []) {
        if (decl.sparse && decl.fields.some((f) => fields.has(f))) where.push(sparseWhere(decl.fields));
      }
      const sql = `SELECT _id, doc, rev FROM ${tableOf(collection)} WHERE ${where.join(' AND ')} ORDER BY rowid`;
      stmt = this.dynamicStatement(sql);
    }
    this.note(collection, shape, stmt, params);
    const rows = stmt.all(...params) as { _id: string; doc: string; rev: number }[];
    return rows.map(toRow);
  }

  /** Declared index fields no document holds an array on (the legacy equality prefilter may trust that). */
  scalarIndexedFields(collection: string): Set<string> {
    const fields = new Set<string>();
    for (const st of this.statesOf(collection))
      if (st.mode === 'scalar' || (st.mode === 'table' && st.multi < 0))
        for (const f of st.decl.fields) fields.add(f);
    return fields;
  }

  /** The fields of the expression indexes equality can seek (unique, scalar mode), for choosing between plans. */
  scalarIndexes(collection: string): string[][] {
    return this.statesOf(collection)
      .filter((st) => st.mode === 'scalar')
      .map((st) => st.decl.fields);
  }

  /** The collection's key tables, for the planner. */
  keyIndexes(collection: string): KeyIndexInfo[] {
    return this.statesOf(collection).filter((st) => st.mode === 'table');
  }

  insert(collection: string, key: string, doc: Doc): number {
    const rev = this.nextRev(collection);
    this.noteArrays(collection, doc);
    const multikey = this.multikeyStates(collection);
    let rid = 0;
    this.guardUnique(collection, doc, () => {
      rid = Number(this.stmts(collection).insert.run(key, encodeDoc(doc), rev).lastInsertRowid);
    });
    const after = new Map<string, FieldKeys>();
    for (const st of multikey) this.writeKeys(st, rid, null, doc, { after });
    return rev;
  }

  update(collection: string, key: string, doc: Doc, text: string = encodeDoc(doc)): number {
    const rev = this.nextRev(collection);
    this.noteArrays(collection, doc);
    const multikey = this.multikeyStates(collection);
    const old =
      multikey.length > 0
        ? (this.stmts(collection).rowOf.get(key) as { rid: number; doc: string } | undefined)
        : undefined;
    this.guardUnique(collection, doc, () => this.stmts(collection).update.run(text, rev, key));
    if (old) {
      const before = decodeStored(old.doc);
      const caches = { before: new Map<string, FieldKeys>(), after: new Map<string, FieldKeys>() };
      for (const st of multikey) this.writeKeys(st, old.rid, before, doc, caches);
    }
    return rev;
  }

  remove(collection: string, key: string): boolean {
    if (!this.tables.has(collection)) return false;
    const multikey = this.multikeyStates(collection);
    const old =
      multikey.length > 0
        ? (this.stmts(collection).rowOf.get(key) as { rid: number; doc: string } | undefined)
        : undefined;
    const changed = this.stmts(collection).remove.run(key).changes > 0;
    if (changed) {
      this.nextRev(collection);
      if (old) {
        const before = decodeStored(old.doc);
        const caches = { before: new Map<string, FieldKeys>() };
        for (const st of multikey) this.writeKeys(st, old.rid, before, null, caches);
      }
    }
    return changed;
  }

  // ---- queries served by key tables (plans from planner.ts) ----

  /** Documents the index could not key, which every plan on it must re-check with mingo. */
  opaqueDocs(collection: string, index: string): Row[] {
    const st = this.multikeyState(collection, index);
    if (!st) return [];
    return (this.multikeyStatements(st).opaqueDocs.all() as RawRow[]).map(toRow);
  }

  /** At most `cap`: how many index rows a plan's conditions select (to race plans, as MongoDB does). */
  estimate(collection: string, plan: IndexPlan, cap: number): number {
    const st = this.multikeyState(collection, plan.index.name)!;
    const sql = `SELECT count(*) FROM (SELECT 1 FROM ${st.table} WHERE ${plan.where} LIMIT ${cap})`;
    return this.dynamicStatement(sql)
      .pluck()
      .get(...plan.params) as number;
  }

  /** Matches of an exact plan, by SQL COUNT. */
  countKeys(collection: string, plan: IndexPlan, shape: string): number {
    const st = this.multikeyState(collection, plan.index.name)!;
    const sql = `SELECT count(${plan.distinct ? 'DISTINCT rid' : '*'}) FROM ${st.table} WHERE ${plan.where}`;
    const stmt = this.dynamicStatement(sql);
    this.note(collection, shape, stmt, plan.params);
    return stmt.pluck().get(...plan.params) as number;
  }

  /** The rowids of one page of an exact plan with a servable sort (limit -1: no limit), in order. */
  pageKeys(collection: string, plan: IndexPlan, skip: number, limit: number, shape: string): number[] {
    const st = this.multikeyState(collection, plan.index.name)!;
    const { select, order } = sortSql(plan, '');
    const distinct = plan.distinct ? 'DISTINCT ' : '';
    let sql: string;
    const params: unknown[] = [];
    if (plan.arms) {
      const armLimit = limit < 0 ? -1 : skip + limit;
      const arms = plan.arms.map((a) => {
        params.push(...a.params, armLimit);
        return `SELECT * FROM (SELECT ${select}rid FROM ${st.table} WHERE ${a.where} ORDER BY ${order} LIMIT ?)`;
      });
      sql = `SELECT ${distinct}${select.replace(/k\d+ AS /g, '')}rid FROM (${arms.join(' UNION ALL ')}) ORDER BY ${order} LIMIT ? OFFSET ?`;
    } else {
      params.push(...plan.params);
      sql = `SELECT ${distinct}${select}rid FROM ${st.table} WHERE ${plan.where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    }
    params.push(limit, skip);
    const stmt = this.dynamicStatement(sql);
    this.note(collection, shape, stmt, params, limit >= 0);
    return (stmt.all(...params) as { rid: number }[]).map((r) => r.rid);
  }

  byRid(collection: string, rid: number): Row | null {
    const row = this.stmts(collection).byRid.get(rid) as RawRow | undefined;
    return row ? toRow(row) : null;
  }

  /** The candidates of a plan in its sort order (or insertion order), decoded one at a time. */
  *iterateKeys(collection: string, plan: IndexPlan, shape: string): Generator<Row> {
    const st = this.multikeyState(collection, plan.index.name)!;
    const inner = sortSql(plan, '');
    const outer = sortSql(plan, 's.');
    const sql =
      `SELECT c._id AS _id, c.doc AS doc, c.rev AS rev FROM (SELECT ${plan.distinct ? 'DISTINCT ' : ''}${inner.select}rid ` +
      `FROM ${st.table} WHERE ${plan.where}) AS s CROSS JOIN ${tableOf(collection)} AS c ON c.rowid = s.rid ORDER BY ${outer.order}`;
    const stmt = this.dynamicStatement(sql);
    this.note(collection, shape, stmt, plan.params);
    for (const row of stmt.iterate(...plan.params) as IterableIterator<RawRow>) yield toRow(row);
  }

  /** The candidates of a plan, and the documents its index cannot key, in insertion order. */
  candidates(collection: string, plan: IndexPlan, shape: string): Row[] {
    const st = this.multikeyState(collection, plan.index.name)!;
    const sql =
      `SELECT _id, doc, rev FROM ${tableOf(collection)} WHERE rowid IN ` +
      `(SELECT rid FROM ${st.table} WHERE ${plan.where} UNION ALL SELECT rid FROM ${st.opaque}) ORDER BY rowid`;
    const stmt = this.dynamicStatement(sql);
    this.note(collection, shape, stmt, plan.params);
    return (stmt.all(...plan.params) as RawRow[]).map(toRow);
  }

  // ---- the scan report ----

  /** Queries SQLite answered by scanning a table or a whole index, per collection and shape. */
  scanReport(): ScanRecord[] {
    return [...this.scans.values()].map((r) => ({ ...r }));
  }

  resetScanReport(): void {
    this.scans.clear();
    this.served.finds = this.served.counts = this.served.mismatches = 0;
  }

  /**
   * Records the statement if SQLite's plan for it scans (EXPLAIN QUERY PLAN once per SQL text).
   * `bounded`: a page with a LIMIT, where walking an index in order stops after skip+limit rows
   * (as MongoDB walks an index for a sort) unless SQLite has to sort every row first.
   */
  private note(
    collection: string,
    shape: string,
    stmt: Database.Statement,
    params: unknown[],
    bounded = false,
  ): void {
    const sql = stmt.source;
    let p = this.plans.get(sql);
    if (!p) {
      const steps = this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      const scans = steps.some((s) => SCAN_STEP.test(s.detail));
      const sorts = steps.some((s) => FULL_SORT.test(s.detail));
      p = { scan: scans && (!bounded || sorts), plan: steps.map((s) => s.detail).join('\n') };
      if (this.plans.size > 2000) this.plans.clear();
      this.plans.set(sql, p);
    }
    if (!p.scan) return;
    const k = `${collection}\u0000${shape}\u0000${sql}`;
    const r = this.scans.get(k);
    if (r) r.count += 1;
    else this.scans.set(k, { collection, shape, count: 1, sql, plan: p.plan });
  }

  // Bumped before the SQLite commit: a rolled-back write only leaves a gap or a spurious
  // conflict later, never a missed one.
  private nextRev(collection: string): number {
    this.seq += 1;
    this.collectionSeq.set(collection, this.seq);
    return this.seq;
  }

  private guardUnique(collection: string, doc: Doc, write: () => unknown): void {
    try {
      write();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw duplicateKey(collection, '_id_', doc._id);
      if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const m = /index '([^']+)'/.exec(err.message ?? '');
        const idx = m ? this.sqliteIndexes.get(m[1]) : undefined;
        if (idx) throw duplicateKey(collection, idx.name);
        throw duplicateKey(collection, '_id_', doc._id);
      }
      throw e;
    }
  }

  private forgetMissingTables(): void {
    const present = new Set(this.listTables());
    this.dynamic.clear();
    for (const collection of [...this.tables]) {
      if (present.has(collection)) continue;
      this.tables.delete(collection);
      this.statements.delete(collection);
      this.indexStates.delete(collection);
    }
  }

  private listTables(): string[] {
    const names = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 2) = ?`)
      .pluck()
      .all(TABLE_PREFIX) as string[];
    return names.map((t) => t.slice(TABLE_PREFIX.length));
  }

  /**
   * A write about to store `doc`. The first array on a key table's paths makes that field its
   * multikey field (documents keyed so far hold no array, so their rows stay as they are; those
   * it could not key are keyed again). A unique index in scalar mode moves to `arrays`.
   */
  private noteArrays(collection: string, doc: Doc): void {
    for (const st of this.statesOf(collection)) {
      if (st.mode === 'arrays' || (st.mode === 'table' && st.multi >= 0)) continue;
      const first = st.paths.findIndex((p) => arrayOnPath(doc, p));
      if (first >= 0) this.changeMode(collection, st, first);
    }
  }

  private changeMode(collection: string, st: IndexState, multi: number): void {
    this.modeChanges += 1;
    this.dynamic.clear();
    const mode: Mode = st.mode === 'table' ? 'table' : 'arrays';
    try {
      this.db.transaction(() => {
        if (mode === 'table') {
          const aside = this.multikeyStatements(st).opaqueDocs.all() as { rid: number; doc: string }[];
          const again: IndexState = { ...st, multi, statements: undefined };
          for (const r of aside) {
            const doc = decodeStored(r.doc);
            if (rowsOf(doc, st.fields, st.paths, multi) === null) continue;
            this.writeKeys(again, r.rid, null, doc);
            this.multikeyStatements(again).removeOpaque.run(r.rid);
          }
        }
        this.saveMode(collection, st, mode, multi);
      })();
    } catch (e) {
      this.reloadModes();
      throw e;
    }
    st.mode = mode;
    st.multi = multi;
    st.statements = undefined;
  }

  private statesOf(collection: string): IndexState[] {
    return this.indexStates.get(collection) ?? [];
  }

  private multikeyStates(collection: string): IndexState[] {
    return this.statesOf(collection).filter((st) => st.mode === 'table');
  }

  private multikeyState(collection: string, name: string): IndexState | undefined {
    return this.statesOf(collection).find((st) => st.mode === 'table' && st.name === name);
  }

  /** Replaces the index rows of document `rid` (null: absent before / after), writing only the difference. */
  private writeKeys(
    st: IndexState,
    rid: number,
    before: Doc | null,
    after: Doc | null,
    caches: { before?: Map<string, FieldKeys>; after?: Map<string, FieldKeys> } = {},
  ): void {
    const s = this.multikeyStatements(st);
    const old = before ? rowsOf(before, st.fields, st.paths, st.multi, caches.before) : undefined;
    const now = after ? rowsOf(after, st.fields, st.paths, st.multi, caches.after) : undefined;
    if (old === null && now === null) return;
    if (old && now && sameRows(old, now)) return;
    let added = now ?? [];
    if (old === null) s.removeOpaque.run(rid);
    else if (old) {
      const text = (r: Key[]) => r.map(keyText).join('\u0000');
      const kept = new Set(now ? now.map(text) : []);
      const had = new Set<string>();
      for (const r of old) {
        const t = text(r);
        had.add(t);
        if (!kept.has(t)) s.remove.run([...r, rid]);
      }
      added = added.filter((r) => !had.has(text(r)));
    }
    for (let i = 0; i < added.length; i += INSERT_ROWS) {
      const n = Math.min(INSERT_ROWS, added.length - i);
      const params: unknown[] = [];
      for (let j = i; j < i + n; j++) {
        for (const k of added[j]!) params.push(k);
        params.push(rid);
      }
      s.insert[n - 1]!.run(params);
    }
    if (now === null) s.addOpaque.run(rid);
  }

  private multikeyStatements(st: IndexState): MultikeyStatements {
    if (!st.statements) {
      const cols = st.decl.fields.map((_f, i) => `k${i}`);
      const tuple = `(${[...cols, 'rid'].map(() => '?').join(', ')})`;
      const table = tableOf(st.decl.collection);
      st.statements = {
        insert: Array.from({ length: INSERT_ROWS }, (_x, n) =>
          this.db.prepare(
            `INSERT INTO ${st.table} VALUES ${Array(n + 1)
              .fill(tuple)
              .join(', ')}`,
          ),
        ),
        remove: this.db.prepare(
          `DELETE FROM ${st.table} WHERE ${[...cols, 'rid'].map((c) => `${c} = ?`).join(' AND ')}`,
        ),
        addOpaque: this.db.prepare(`INSERT OR IGNORE INTO ${st.opaque} (rid) VALUES (?)`),
        removeOpaque: this.db.prepare(`DELETE FROM ${st.opaque} WHERE rid = ?`),
        opaqueDocs: this.db.prepare(
          `SELECT c._id AS _id, c.doc AS doc, c.rev AS rev FROM ${st.opaque} AS o CROSS JOIN ${table} AS c ON c.rowid = o.rid ORDER BY o.rid`,
        ),
      };
    }
    return st.statements;
  }

  /** The key table (and its opaque list) for `st`, filled from the collection's rows. */
  private createMultikeyTables(
    collection: string,
    st: Pick<IndexState, 'decl' | 'paths' | 'multi' | 'table' | 'opaque'>,
  ): void {
    const cols = st.decl.fields.map((_f, i) => `k${i}`);
    this.db.exec(`DROP TABLE IF EXISTS ${st.table}`);
    this.db.exec(`DROP TABLE IF EXISTS ${st.opaque}`);
    // No column types: BLOB affinity, so SQLite compares keys exactly as bound (keys.ts).
    this.db.exec(
      `CREATE TABLE ${st.table} (${cols.map((c) => `${c} NOT NULL`).join(', ')}, rid INTEGER NOT NULL, ` +
        `PRIMARY KEY (${cols.join(', ')}, rid)) WITHOUT ROWID`,
    );
    this.db.exec(`CREATE TABLE ${st.opaque} (rid INTEGER PRIMARY KEY)`);
    const tmp: IndexState = { ...st, name: '', sqliteName: '', mode: 'table', fields: st.decl.fields };
    const page = this.db.prepare(
      `SELECT rowid AS rid, doc FROM ${tableOf(collection)} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after, BACKFILL_CHUNK) as { rid: number; doc: string }[];
      for (const r of rows) this.writeKeys(tmp, r.rid, null, decodeStored(r.doc));
      if (rows.length < BACKFILL_CHUNK) break;
      after = rows[rows.length - 1]!.rid;
    }
  }

  private saveMode(
    collection: string,
    st: Pick<IndexState, 'decl' | 'name'>,
    mode: Mode,
    multi: number,
  ): void {
    this.db
      .prepare(
        `INSERT INTO ${MODES_TABLE} (collection, name, definition, mode, multi) VALUES (?, ?, ?, ?, ?) ` +
          `ON CONFLICT (collection, name) DO UPDATE SET definition = excluded.definition, mode = excluded.mode, multi = excluded.multi`,
      )
      .run(collection, st.name, definitionOf(st.decl), mode, multi);
  }

  /** After a rollback: the modes as the database now has them. */
  private reloadModes(): void {
    this.dynamic.clear();
    for (const collection of this.tables) {
      const saved = this.savedModes(collection);
      for (const st of this.statesOf(collection)) {
        const row = saved.get(st.name);
        st.mode = row?.mode ?? (st.decl.unique ? 'scalar' : 'table');
        st.multi = row?.multi ?? -1;
        st.statements = undefined;
      }
    }
  }

  private savedModes(collection: string): Map<string, { definition: string; mode: Mode; multi: number }> {
    const rows = this.db
      .prepare(`SELECT name, definition, mode, multi FROM ${MODES_TABLE} WHERE collection = ?`)
      .all(collection) as { name: string; definition: string; mode: Mode; multi: number }[];
    return new Map(rows.map((r) => [r.name, r]));
  }

  private tableExists(quoted: string): boolean {
    const name = quoted.slice(1, -1).replace(/""/g, '"');
    return (
      this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined
    );
  }

  /** Which of `paths` some stored document holds an array on (one pass over the table). */
  private arraysIn(collection: string, fields: string[]): Set<string> {
    if (fields.length === 0) return new Set();
    const tests = fields.map((f) => {
      const parts = f.split('.');
      const arrays = parts.map((_p, i) => `json_type(doc, '$.${parts.slice(0, i + 1).join('.')}') = 'array'`);
      return `max(${arrays.join(' OR ')})`;
    });
    const row = this.db
      .prepare(`SELECT ${tests.join(', ')} FROM ${tableOf(collection)}`)
      .raw()
      .get() as (number | null)[];
    return new Set(fields.filter((_f, i) => row[i] === 1));
  }

  /**
   * Brings the collection's indexes to their declared definitions: expression indexes (created,
   * or recreated when the definition changed, e.g. an older runtime's data dir or an edited
   * indexes.json), key tables (rebuilt when their definition or key encoding changed), and
   * drops runtime indexes and tables no longer declared. An index whose mode is not recorded yet
   * (a new declaration, an older data dir) is classified by one pass over the stored documents.
   */
  private syncIndexes(collection: string): void {
    const decls = this.declared.get(collection) ?? [];
    const saved = this.savedModes(collection);
    const unknown = decls.filter((d) => saved.get(indexName(d))?.definition !== definitionOf(d));
    const withArrays = this.arraysIn(collection, [...new Set(unknown.flatMap((d) => d.fields))]);
    const states: IndexState[] = [];
    const wanted = new Set<string>();
    for (const decl of decls) {
      const name = indexName(decl);
      const sqliteName = `${INDEX_PREFIX}${collection}__${name}`;
      wanted.add(sqliteName);
      this.sqliteIndexes.set(sqliteName, { collection, name });
      const row = saved.get(name);
      const known = row?.definition === definitionOf(decl);
      const first = known ? row!.multi : decl.fields.findIndex((f) => withArrays.has(f));
      const mode: Mode = decl.unique ? (known ? row!.mode : first < 0 ? 'scalar' : 'arrays') : 'table';
      const st: IndexState = {
        decl,
        name,
        sqliteName,
        fields: decl.fields,
        paths: decl.fields.map((f) => f.split('.')),
        mode,
        multi: mode === 'table' ? first : -1,
        table: quote(`mk_${collection}/${name}`),
        opaque: quote(`mko_${collection}/${name}`),
      };
      try {
        // One transaction per index: if the data violates the new definition, the old index stays.
        this.db.transaction(() => {
          if (mode === 'table') {
            this.db.exec(`DROP INDEX IF EXISTS ${quote(sqliteName)}`);
            if (!known || !this.tableExists(st.table) || !this.tableExists(st.opaque))
              this.createMultikeyTables(collection, st);
          } else {
            this.db.exec(`DROP TABLE IF EXISTS ${st.table}`);
            this.db.exec(`DROP TABLE IF EXISTS ${st.opaque}`);
            this.syncExpressionIndex(collection, decl, sqliteName);
          }
          if (!known || row!.mode !== mode || row!.multi !== st.multi)
            this.saveMode(collection, st, mode, st.multi);
        })();
      } catch (e) {
        throw new Error(`cannot create index ${name} on ${collection}: ${(e as Error).message}`);
      }
      states.push(st);
    }
    const present = this.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND substr(name, 1, ?) = ?`,
      )
      .pluck()
      .all(TABLE_PREFIX + collection, INDEX_PREFIX.length, INDEX_PREFIX) as string[];
    for (const stale of present) {
      if (!wanted.has(stale)) this.db.exec(`DROP INDEX ${quote(stale)}`);
    }
    const declaredNames = new Set(decls.map(indexName));
    for (const name of saved.keys()) {
      if (declaredNames.has(name)) continue;
      this.db.exec(`DROP TABLE IF EXISTS ${quote(`mk_${collection}/${name}`)}`);
      this.db.exec(`DROP TABLE IF EXISTS ${quote(`mko_${collection}/${name}`)}`);
      this.db.prepare(`DELETE FROM ${MODES_TABLE} WHERE collection = ? AND name = ?`).run(collection, name);
    }
    this.indexStates.set(collection, states);
    this.dynamic.clear();
  }

  private syncExpressionIndex(collection: string, decl: IndexDecl, sqliteName: string): void {
    const ddl =
      `CREATE ${decl.unique ? 'UNIQUE ' : ''}INDEX ${quote(sqliteName)} ON ${tableOf(collection)} ` +
      `(${decl.fields.map(keyExpr).join(', ')})` +
      (decl.sparse ? ` WHERE ${sparseWhere(decl.fields)}` : '');
    const current = this.db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`)
      .pluck()
      .get(sqliteName) as string | undefined;
    if (current === ddl) return;
    if (current !== undefined) this.db.exec(`DROP INDEX ${quote(sqliteName)}`);
    this.db.exec(ddl);
  }

  private stmts(collection: string): CollectionStatements {
    let s = this.statements.get(collection);
    if (!s) {
      const t = tableOf(collection);
      s = {
        get: this.db.prepare(`SELECT doc, rev FROM ${t} WHERE _id = ?`),
        byRid: this.db.prepare(`SELECT _id, doc, rev FROM ${t} WHERE rowid = ?`),
        rowOf: this.db.prepare(`SELECT rowid AS rid, doc FROM ${t} WHERE _id = ?`),
        rev: this.db.prepare(`SELECT rev FROM ${t} WHERE _id = ?`).pluck(),
        scan: this.db.prepare(`SELECT _id, doc, rev FROM ${t} ORDER BY rowid`),
        count: this.db.prepare(`SELECT count(*) FROM ${t}`).pluck(),
        insert: this.db.prepare(`INSERT INTO ${t} (_id, doc, rev) VALUES (?, ?, ?)`),
        update: this.db.prepare(`UPDATE ${t} SET doc = ?, rev = ? WHERE _id = ?`),
        remove: this.db.prepare(`DELETE FROM ${t} WHERE _id = ?`),
      };
      this.statements.set(collection, s);
    }
    return s;
  }

  private dynamicStatement(sql: string): Database.Statement {
    let stmt = this.dynamic.get(sql);
    if (!stmt) {
      // Bounded: IN-lists of different lengths each get their own statement.
      if (this.dynamic.size > 500) this.dynamic.clear();
      stmt = this.db.prepare(sql);
      this.dynamic.set(sql, stmt);
    }
    return stmt;
  }
}

type RawRow = { _id: string; doc: string; rev: number };
const toRow = (r: RawRow): Row => ({ key: r._id, doc: decodeStored(r.doc), rev: r.rev });

/** What a multikey table's contents depend on: a change rebuilds it. */
const definitionOf = (decl: IndexDecl): string =>
  JSON.stringify({ fields: decl.fields, unique: !!decl.unique, sparse: !!decl.sparse, keys: KEY_VERSION });

/** SELECT columns and ORDER BY for a plan's sort (`s0`…, then rid: ties in insertion order). */
function sortSql(plan: IndexPlan, prefix: string): { select: string; order: string } {
  const sort = plan.sort ?? [];
  return {
    select: sort.map((k, i) => `k${k.column} AS s${i}, `).join(''),
    order: [...sort.map((k, i) => `${prefix}s${i}${k.desc ? ' DESC' : ''}`), `${prefix}rid`].join(', '),
  };
}
