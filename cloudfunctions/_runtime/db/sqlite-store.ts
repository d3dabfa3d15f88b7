/**
 * Durable document storage on better-sqlite3: one table per collection, `_id TEXT PRIMARY KEY,
 * doc TEXT` (relaxed EJSON), plus `rev`, the global write sequence number of the row's last write,
 * which transactions use for optimistic validation. Declared indexes become SQLite expression
 * indexes on `json_extract(doc, '$.field')`, so unique keys are enforced by SQLite itself.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeStored, encodeDoc, type Doc } from './codec';
import { duplicateKey, invalidParam } from './errors';
import { indexName, type IndexDecl } from './indexes';

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

interface CollectionStatements {
  get: Database.Statement;
  rev: Database.Statement;
  scan: Database.Statement;
  count: Database.Statement;
  insert: Database.Statement;
  update: Database.Statement;
  remove: Database.Statement;
}

const TABLE_PREFIX = 'c_';
const INDEX_PREFIX = 'ix_';
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
  /** `${collection}\0${field}` → whether some document holds an array there (then no pushdown). */
  private readonly arrayFields = new Map<string, boolean>();

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
    try {
      const tx = this.db.transaction(fn);
      return this.db.inTransaction ? tx() : tx.immediate();
    } catch (e) {
      // A rollback also undoes CREATE TABLE: forget tables that no longer exist.
      if (this.tablesCreated !== created) this.forgetMissingTables();
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

  /** All rows in insertion order, narrowed by the pushdowns SQLite can answer (a superset of the matches). */
  scan(collection: string, pushdowns: Pushdown[] = []): Row[] {
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
    const rows = stmt.all(...params) as { _id: string; doc: string; rev: number }[];
    return rows.map((r) => ({ key: r._id, doc: decodeStored(r.doc), rev: r.rev }));
  }

  /** Top-level declared index fields no document holds an array in (their prefilter can use the index). */
  scalarIndexedFields(collection: string): Set<string> {
    const fields = new Set<string>();
    for (const decl of this.declared.get(collection) ?? []) {
      for (const f of decl.fields) {
        if (!f.includes('.') && !this.holdsArrays(collection, f)) fields.add(f);
      }
    }
    return fields;
  }

  insert(collection: string, key: string, doc: Doc): number {
    const rev = this.nextRev(collection);
    this.noteArrays(collection, doc);
    this.guardUnique(collection, doc, () => this.stmts(collection).insert.run(key, encodeDoc(doc), rev));
    return rev;
  }

  update(collection: string, key: string, doc: Doc, text: string = encodeDoc(doc)): number {
    const rev = this.nextRev(collection);
    this.noteArrays(collection, doc);
    this.guardUnique(collection, doc, () => this.stmts(collection).update.run(text, rev, key));
    return rev;
  }

  remove(collection: string, key: string): boolean {
    if (!this.tables.has(collection)) return false;
    const changed = this.stmts(collection).remove.run(key).changes > 0;
    if (changed) this.nextRev(collection);
    return changed;
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
      for (const k of [...this.arrayFields.keys()])
        if (k.startsWith(`${collection}\u0000`)) this.arrayFields.delete(k);
    }
  }

  private listTables(): string[] {
    const names = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 2) = ?`)
      .pluck()
      .all(TABLE_PREFIX) as string[];
    return names.map((t) => t.slice(TABLE_PREFIX.length));
  }

  private noteArrays(collection: string, doc: Doc): void {
    for (const decl of this.declared.get(collection) ?? []) {
      for (const f of decl.fields) {
        if (Array.isArray(doc[f])) this.arrayFields.set(`${collection}\u0000${f}`, true);
      }
    }
  }

  private holdsArrays(collection: string, field: string): boolean {
    const k = `${collection}\u0000${field}`;
    let known = this.arrayFields.get(k);
    if (known === undefined) {
      const sql = `SELECT 1 FROM ${tableOf(collection)} WHERE json_type(doc, '$.${field}') = 'array' LIMIT 1`;
      known = this.dynamicStatement(sql).get() !== undefined;
      this.arrayFields.set(k, known);
    }
    return known;
  }

  /**
   * Creates declared indexes, recreating any whose definition changed (an older runtime's data
   * dir, or an edited indexes.json), and drops runtime indexes no longer declared.
   */
  private syncIndexes(collection: string): void {
    const wanted = new Set<string>();
    for (const decl of this.declared.get(collection) ?? []) {
      const name = indexName(decl);
      const sqliteName = `${INDEX_PREFIX}${collection}__${name}`;
      wanted.add(sqliteName);
      this.sqliteIndexes.set(sqliteName, { collection, name });
      const ddl =
        `CREATE ${decl.unique ? 'UNIQUE ' : ''}INDEX ${quote(sqliteName)} ON ${tableOf(collection)} ` +
        `(${decl.fields.map(keyExpr).join(', ')})` +
        (decl.sparse ? ` WHERE ${sparseWhere(decl.fields)}` : '');
      const current = this.db
        .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`)
        .pluck()
        .get(sqliteName) as string | undefined;
      if (current === ddl) continue;
      try {
        // One transaction: if the data violates the new definition, the old index stays.
        this.db.transaction(() => {
          if (current !== undefined) this.db.exec(`DROP INDEX ${quote(sqliteName)}`);
          this.db.exec(ddl);
        })();
      } catch (e) {
        throw new Error(`cannot create index ${name} on ${collection}: ${(e as Error).message}`);
      }
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
  }

  private stmts(collection: string): CollectionStatements {
    let s = this.statements.get(collection);
    if (!s) {
      const t = tableOf(collection);
      s = {
        get: this.db.prepare(`SELECT doc, rev FROM ${t} WHERE _id = ?`),
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
