/**
 * Plans a query against the key tables (sqlite-store.ts): which declared index serves it,
 * the SQL conditions on its key columns, and whether they are EXACT, i.e. a document matches
 * the query (as mingo evaluates it) if and only if one of its index rows satisfies them. Only an
 * exact plan may answer count() with SQL COUNT or a page with SQL LIMIT/OFFSET; any other plan
 * only narrows the candidates, which mingo then re-checks, as for every other query.
 *
 * Per key column (see keys.ts for the encoding; "single" = not the index's multikey field, so
 * one value per document, documents with an array there being opaque):
 * - equality / $in on scalars: exact on every column (MongoDB/mingo equality matches an element);
 * - null / $eq: null / $in holding null: exact on single columns, a superset on the multikey one;
 * - $exists: false: always a superset (null and missing share NULL_KEY);
 * - $ne / $nin / ranges ($gt…, type-bracketed as mingo does): exact on single columns; on the
 *   multikey column they are not pushed (different elements may satisfy different conditions).
 */
import { isPlainObject, type Doc } from './codec';
import { keyOf, keyType, NULL_KEY, TYPE_BOUNDS, type Key, type KeyType } from './keys';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_IN = 100;
/** Most key combinations a sorted page is split into (one index-ordered run each). */
const MAX_ARMS = 64;

type Exactness = 'all' | 'single' | 'none';
export type Cond =
  | { kind: 'eq'; keys: Key[]; exact: Exactness }
  | { kind: 'ne'; keys: Key[] }
  | { kind: 'range'; type: KeyType; lo?: Key; loIncluded: boolean; hi?: Key; hiIncluded: boolean };

interface FieldConds {
  conds: Cond[];
  /** Some operator on this field was not understood: mingo alone decides it. */
  residual: boolean;
}

export interface ParsedQuery {
  fields: Map<string, FieldConds>;
  /** Conditions that are not per-field ($or, $and, …) or on unusable paths. */
  residual: boolean;
}

/** A key table (a non-unique declared index) as the planner needs it. */
export interface KeyIndexInfo {
  name: string;
  fields: string[];
  /** Position of the multikey field, -1 while no document holds an array on the index's paths. */
  multi: number;
}

export interface SortKey {
  column: number;
  desc: boolean;
}

export interface IndexPlan {
  index: KeyIndexInfo;
  /** Leading key columns constrained by equality (the index prefix SQLite seeks). */
  prefix: number;
  /** SQL over the index table's columns k0…, with its parameters. */
  where: string;
  params: Key[];
  exact: boolean;
  /** Documents can have several matching rows: deduplicate by rid. */
  distinct: boolean;
  /** null: the requested sort cannot be served by this index (mingo sorts). [] = natural order. */
  sort: SortKey[] | null;
  /** Index-ordered runs a sorted page is merged from, when an $in precedes the sort columns. */
  arms: { where: string; params: Key[] }[] | null;
}

function scalarKey(v: unknown): Key | undefined {
  if (Array.isArray(v) || (v !== null && typeof v === 'object' && !(v instanceof Date))) return undefined;
  return keyOf(v);
}

function rangeCond(op: string, v: unknown): Cond | undefined {
  if (v === null) return undefined;
  const type = keyType(v);
  const key = scalarKey(v);
  if (!type || key === undefined) return undefined;
  const incl = op === '$gte' || op === '$lte';
  return op === '$gt' || op === '$gte'
    ? { kind: 'range', type, lo: key, loIncluded: incl, hiIncluded: false }
    : { kind: 'range', type, hi: key, hiIncluded: incl, loIncluded: false };
}

function eqCond(values: unknown[]): Cond | undefined {
  if (values.length === 0 || values.length > MAX_IN) return undefined;
  const keys: Key[] = [];
  // `$in: ['a', 'a']` matches a document once: a repeated key would become a second arm of an
  // ordered page and return the document twice (found by db-index-served's property test).
  const seen = new Set<string>();
  for (const v of values) {
    const k = scalarKey(v);
    if (k === undefined) return undefined;
    const id = Buffer.isBuffer(k) ? `b${k.toString('hex')}` : `${typeof k}${String(k)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push(k);
  }
  return { kind: 'eq', keys, exact: keys.includes(NULL_KEY) ? 'single' : 'all' };
}

function parseField(condition: unknown): FieldConds {
  const out: FieldConds = { conds: [], residual: false };
  const push = (c: Cond | undefined) => (c ? out.conds.push(c) : (out.residual = true));
  const isOperators =
    isPlainObject(condition) &&
    Object.keys(condition).length > 0 &&
    Object.keys(condition).every((k) => k.startsWith('$'));
  if (!isOperators) {
    push(eqCond([condition]));
    return out;
  }
  for (const [op, arg] of Object.entries(condition as Doc)) {
    switch (op) {
      case '$eq':
        push(eqCond([arg]));
        break;
      case '$in':
        push(Array.isArray(arg) ? eqCond(arg) : undefined);
        break;
      case '$ne':
      case '$nin': {
        const values = op === '$ne' ? [arg] : Array.isArray(arg) ? arg : null;
        const c = values && values.length <= MAX_IN ? eqCond(values) : undefined;
        push(c && c.kind === 'eq' && c.exact === 'all' ? { kind: 'ne', keys: c.keys } : undefined);
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        push(rangeCond(op, arg));
        break;
      case '$exists':
        push(arg === false ? { kind: 'eq', keys: [NULL_KEY], exact: 'none' } : undefined);
        break;
      default:
        out.residual = true;
    }
  }
  return out;
}

/** Per-field conditions; a top-level `$and` of documents adds its members' (as MongoDB plans it). */
export function parseQuery(query: Doc): ParsedQuery {
  const out: ParsedQuery = { fields: new Map(), residual: false };
  addQuery(out, query);
  return out;
}

function addQuery(out: ParsedQuery, query: Doc): void {
  for (const [field, condition] of Object.entries(query)) {
    if (
      field === '$and' &&
      Array.isArray(condition) &&
      condition.length > 0 &&
      condition.every(isPlainObject)
    ) {
      for (const member of condition) addQuery(out, member);
      continue;
    }
    if (!FIELD_PATH.test(field) || field.split('.').includes('__proto__')) {
      out.residual = true;
      continue;
    }
    const parsed = parseField(condition);
    const known = out.fields.get(field);
    if (!known) out.fields.set(field, parsed);
    else {
      known.conds.push(...parsed.conds);
      known.residual ||= parsed.residual;
    }
  }
}

/** Range conditions of one type on one column, merged into one interval. */
function mergeRanges(ranges: Extract<Cond, { kind: 'range' }>[]) {
  const type = ranges[0]!.type;
  if (ranges.some((r) => r.type !== type)) return null;
  return ranges;
}

interface ColumnSql {
  sql: string[];
  params: Key[];
}

/** The SQL for the conditions pushed on column `i`; `seek` marks the first column after the equality prefix. */
function columnSql(i: number, conds: Cond[], seek: boolean): ColumnSql {
  const col = `k${i}`;
  const out: ColumnSql = { sql: [], params: [] };
  const ranges: Extract<Cond, { kind: 'range' }>[] = [];
  for (const c of conds) {
    if (c.kind === 'eq') {
      out.sql.push(c.keys.length === 1 ? `${col} = ?` : `${col} IN (${c.keys.map(() => '?').join(', ')})`);
      out.params.push(...c.keys);
    } else if (c.kind === 'ne') {
      if (c.keys.length === 1 && seek) {
        // Two ranges SQLite seeks (MULTI-INDEX OR) rather than a filter over the whole prefix.
        out.sql.push(`(${col} < ? OR ${col} > ?)`);
        out.params.push(c.keys[0]!, c.keys[0]!);
      } else {
        out.sql.push(`${col} NOT IN (${c.keys.map(() => '?').join(', ')})`);
        out.params.push(...c.keys);
      }
    } else ranges.push(c);
  }
  if (ranges.length > 0) {
    const merged = mergeRanges(ranges);
    if (!merged) {
      out.sql.push('0');
      return out;
    }
    const bounds = TYPE_BOUNDS[merged[0]!.type];
    out.sql.push(`${col} ${bounds.floorIncluded ? '>=' : '>'} ?`, `${col} < ?`);
    out.params.push(bounds.floor, bounds.ceiling);
    for (const r of merged) {
      if (r.lo !== undefined) {
        out.sql.push(`${col} ${r.loIncluded ? '>=' : '>'} ?`);
        out.params.push(r.lo);
      }
      if (r.hi !== undefined) {
        out.sql.push(`${col} ${r.hiIncluded ? '<=' : '<'} ?`);
        out.params.push(r.hi);
      }
    }
  }
  return out;
}

/** The conditions pushed on each column of `index`, and whether that is exact. */
function pushable(parsed: ParsedQuery, index: KeyIndexInfo) {
  const perColumn: Cond[][] = index.fields.map(() => []);
  let exact = !parsed.residual;
  for (const [field, fc] of parsed.fields) {
    const i = index.fields.indexOf(field);
    if (i < 0) {
      exact = false;
      continue;
    }
    if (fc.residual) exact = false;
    if (i === index.multi) {
      // One condition at most: per row, two would have to hold for the same element.
      const eq = fc.conds.find((c) => c.kind === 'eq') as Extract<Cond, { kind: 'eq' }> | undefined;
      if (eq) perColumn[i]!.push(eq);
      if (!eq || eq.exact !== 'all' || fc.conds.length > 1) exact = false;
    } else {
      perColumn[i]!.push(...fc.conds);
      if (fc.conds.some((c) => c.kind === 'eq' && c.exact === 'none')) exact = false;
      const ranges = fc.conds.filter((c) => c.kind === 'range') as Extract<Cond, { kind: 'range' }>[];
      if (ranges.length > 0 && !mergeRanges(ranges)) exact = false;
    }
  }
  return { perColumn, exact };
}

function sortOf(sort: Doc | undefined, index: KeyIndexInfo): SortKey[] | null {
  if (!sort) return [];
  const keys: SortKey[] = [];
  for (const [field, dir] of Object.entries(sort)) {
    const column = index.fields.indexOf(field);
    if (column < 0 || column === index.multi) return null;
    // mingo: -1 is descending, anything else ascending.
    keys.push({ column, desc: dir === -1 });
  }
  return keys;
}

export interface PlanChoice {
  plan: IndexPlan;
  /** [equality prefix, a condition on the next column, exact, sort served, -columns]: higher is better. */
  score: number[];
}

/**
 * The plans the key tables offer for the query, best first: the longest equality prefix, then a
 * condition on the column after it, then an exact plan, then one that serves the sort, then the
 * narrower index. An index whose first column has no condition is only offered with `ordered`
 * (a page walking the index in the sort's order, as MongoDB does for a sort it can serve).
 */
export function planIndexes(
  parsed: ParsedQuery,
  sort: Doc | undefined,
  indexes: KeyIndexInfo[],
  ordered = false,
): PlanChoice[] {
  const out: PlanChoice[] = [];
  for (const index of indexes) {
    const { perColumn, exact } = pushable(parsed, index);
    let prefix = 0;
    while (prefix < perColumn.length && perColumn[prefix]!.some((c) => c.kind === 'eq')) prefix++;
    const next = perColumn[prefix];
    const seekNext = !!next && next.length > 0;
    const sortKeys = sortOf(sort, index);
    if (prefix === 0 && !seekNext && !(ordered && sortKeys?.[0]?.column === 0)) continue;
    const score = [prefix, seekNext ? 1 : 0, exact ? 1 : 0, sortKeys ? 1 : 0, -index.fields.length];
    const parts: string[] = [];
    const params: Key[] = [];
    perColumn.forEach((conds, i) => {
      const c = columnSql(i, conds, i === prefix);
      parts.push(...c.sql);
      params.push(...c.params);
    });
    const multiConds = index.multi >= 0 ? perColumn[index.multi]! : [];
    const distinct =
      index.multi >= 0 &&
      !(
        multiConds.length === 1 &&
        multiConds[0]!.kind === 'eq' &&
        (multiConds[0] as Extract<Cond, { kind: 'eq' }>).keys.length === 1
      );
    out.push({
      score,
      plan: {
        index,
        prefix,
        where: parts.length > 0 ? parts.join(' AND ') : '1',
        params,
        exact,
        distinct,
        sort: sortKeys,
        arms: sortKeys && sortKeys.length > 0 ? armsOf(perColumn, sortKeys[0]!.column) : null,
      },
    });
  }
  // Stable: among equals, the index declared first.
  return out.sort((a, b) => (better(a.score, b.score) ? -1 : better(b.score, a.score) ? 1 : 0));
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

/**
 * Splits an $in before the first sort column into one run per key combination, each of which
 * SQLite reads in index order (so a page reads about skip+limit rows per run, not every match).
 */
function armsOf(perColumn: Cond[][], firstSortColumn: number): IndexPlan['arms'] {
  const choices: Key[][] = [];
  for (let i = 0; i < firstSortColumn; i++) {
    const eq = perColumn[i]!.find((c) => c.kind === 'eq') as Extract<Cond, { kind: 'eq' }> | undefined;
    if (!eq) return null;
    choices.push(eq.keys);
  }
  const combos = choices.reduce((n, c) => n * c.length, 1);
  if (combos <= 1 || combos > MAX_ARMS) return null;
  let tuples: Key[][] = [[]];
  for (const keys of choices) tuples = tuples.flatMap((t) => keys.map((k) => [...t, k]));
  return tuples.map((tuple) => {
    const parts: string[] = [];
    const params: Key[] = [];
    perColumn.forEach((conds, i) => {
      if (i < firstSortColumn) {
        // The arm's key replaces the $in; the column's other conditions still apply.
        const others = conds.filter((c) => c.kind !== 'eq');
        parts.push(`k${i} = ?`);
        params.push(tuple[i]!);
        const c = columnSql(i, others, false);
        parts.push(...c.sql);
        params.push(...c.params);
      } else {
        const c = columnSql(i, conds, false);
        parts.push(...c.sql);
        params.push(...c.params);
      }
    });
    return { where: parts.join(' AND '), params };
  });
}

/** A query's shape for reports: fields and operators, values left out. */
export function queryShape(query: Doc, sort?: Doc): string {
  const shapeOf = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length > 0 && v.every(isPlainObject) ? v.map(shapeOf) : '?';
    if (!isPlainObject(v)) return '?';
    return Object.fromEntries(Object.keys(v).map((k) => [k, shapeOf(v[k])]));
  };
  const s = JSON.stringify(shapeOf(query));
  return sort && Object.keys(sort).length > 0 ? `${s} sort ${JSON.stringify(sort)}` : s;
}
