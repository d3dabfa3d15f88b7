/**
 * Index keys for the key tables (see sqlite-store.ts): a document value → one SQLite value
 * whose SQLite order and equality are exactly mingo's for the types that have one, or "opaque"
 * when there is no such key (the document is then kept aside and always re-checked by mingo).
 *
 * SQLite orders storage classes NULL < INTEGER/REAL < TEXT < BLOB; mingo orders types
 * null(=missing) < number < string < … < boolean < date. So:
 * - missing and null → NULL_KEY (-Infinity, below every finite number; mingo's $sort groups
 *   undefined with null, so they tie and fall back to insertion order like any tie);
 * - finite numbers → themselves (SQLite compares INTEGER and REAL numerically, as JS does);
 * - strings without UTF-16 surrogates → TEXT (for them UTF-8 byte order, SQLite's BINARY
 *   collation, equals the UTF-16 code-unit order of JS `<`; with surrogates they differ);
 * - booleans → BLOB 0x09 0x00|0x01, dates → BLOB 0x0A + 8 order-preserving bytes of the time.
 * Everything else (NaN, ±Infinity, objects, regexes, nested arrays, BSON wrappers, strings with
 * surrogates, invalid dates) is opaque.
 */
import type { Doc } from './codec';

export type Key = string | number | Buffer;

export const NULL_KEY = -Infinity;
const BOOL_TAG = 0x09;
const DATE_TAG = 0x0a;
const FALSE_KEY = Buffer.from([BOOL_TAG, 0]);
const TRUE_KEY = Buffer.from([BOOL_TAG, 1]);
const SURROGATE = /[\uD800-\uDFFF]/;

/** Where each type's keys lie: [floor, ceiling) in SQLite order (a range condition stays inside its type). */
export const TYPE_BOUNDS = {
  number: { floor: NULL_KEY, floorIncluded: false, ceiling: '' as Key },
  string: { floor: '' as Key, floorIncluded: true, ceiling: Buffer.alloc(0) as Key },
  boolean: {
    floor: Buffer.from([BOOL_TAG]) as Key,
    floorIncluded: true,
    ceiling: Buffer.from([DATE_TAG]) as Key,
  },
  date: {
    floor: Buffer.from([DATE_TAG]) as Key,
    floorIncluded: true,
    ceiling: Buffer.from([DATE_TAG + 1]) as Key,
  },
} as const;
export type KeyType = keyof typeof TYPE_BOUNDS;

function dateKey(ms: number): Buffer {
  const b = Buffer.allocUnsafe(9);
  b[0] = DATE_TAG;
  b.writeDoubleBE(ms, 1);
  // IEEE order → byte order: negative numbers invert every bit, others flip the sign bit.
  if (b[1]! & 0x80) for (let i = 1; i < 9; i++) b[i] = ~b[i]! & 0xff;
  else b[1] = b[1]! | 0x80;
  return b;
}

/**
 * Realm-independent checks: documents a transaction buffered are structuredClone copies, which
 * (under a vm context such as Jest's) come from another realm than this module's Object and Date.
 */
const isRecord = (v: unknown): v is Doc => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
};
const isDate = (v: unknown): v is Date =>
  v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';

/** The key of a scalar value, or undefined if it has none (see the module comment). */
export function keyOf(v: unknown): Key | undefined {
  if (v === undefined || v === null) return NULL_KEY;
  switch (typeof v) {
    case 'string':
      return SURROGATE.test(v) ? undefined : v;
    case 'number':
      return Number.isFinite(v) ? v : undefined;
    case 'boolean':
      return v ? TRUE_KEY : FALSE_KEY;
    default:
      if (isDate(v)) {
        const ms = Date.prototype.getTime.call(v);
        return Number.isFinite(ms) ? dateKey(ms) : undefined;
      }
      return undefined;
  }
}

/** The type a non-null key belongs to, for range conditions. */
export function keyType(v: unknown): KeyType | undefined {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return typeof v as KeyType;
  return isDate(v) ? 'date' : undefined;
}

/** A stable text for comparing key tuples (Buffers by content; -0 is 0). */
export const keyText = (k: Key): string =>
  typeof k === 'string' ? `s${k}` : typeof k === 'number' ? `n${k}` : `b${k.toString('hex')}`;

const own = (o: Doc, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/**
 * What a path holds, as mingo's resolve() sees it: one value, or (through one array, at the end
 * or before the last parts, whose elements are plain objects) several; null if it cannot be
 * keyed faithfully (a non-plain object on the way, or an array inside an array).
 */
export function valuesAt(doc: Doc, parts: string[]): { one: unknown } | { many: unknown[] } | null {
  let v: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (v === undefined || v === null || typeof v !== 'object') return { one: undefined };
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const e of v) {
        // Primitives (and null) have no fields: mingo skips them, as MongoDB does.
        if (e === null || typeof e !== 'object') continue;
        if (!isRecord(e)) return null;
        const r = valuesAt(e, parts.slice(i));
        if (r === null || 'many' in r) return null;
        if (r.one !== undefined) out.push(r.one);
      }
      return { many: out };
    }
    if (!isRecord(v)) return null;
    v = own(v, parts[i]!);
  }
  return Array.isArray(v) ? { many: v } : { one: v };
}

/** Whether the path meets an array anywhere (what makes an index multikey). */
export function arrayOnPath(doc: Doc, parts: string[]): boolean {
  let v: unknown = doc;
  for (const p of parts) {
    if (!isRecord(v)) return Array.isArray(v);
    v = own(v, p);
  }
  return Array.isArray(v);
}

/** One field's keys in a document: a single key, the distinct keys of its array, or null (opaque). */
export type FieldKeys = { one: Key } | { many: Key[] } | null;

function fieldKeys(doc: Doc, parts: string[]): FieldKeys {
  const r = valuesAt(doc, parts);
  if (r === null) return null;
  if ('one' in r) {
    const k = keyOf(r.one);
    return k === undefined ? null : { one: k };
  }
  const seen = new Set<string>();
  const many: Key[] = [];
  for (const e of r.many) {
    if (Array.isArray(e)) return null;
    const k = keyOf(e);
    if (k === undefined) return null;
    const t = typeof k === 'string' ? k : keyText(k);
    if (!seen.has(t)) {
      seen.add(t);
      many.push(k);
    }
  }
  // No value at all (an empty array): one NULL_KEY row, so "missing or null" stays a superset.
  if (many.length === 0) many.push(NULL_KEY);
  return { many };
}

/**
 * The index rows of a document: one key tuple per distinct value of the multikey field (at
 * `multi`), the other fields single-valued; null = opaque. `cache` (per document, keyed by field)
 * lets several indexes of one collection share the work.
 */
export function rowsOf(
  doc: Doc,
  fields: string[],
  paths: string[][],
  multi: number,
  cache?: Map<string, FieldKeys>,
): Key[][] | null {
  const single: Key[] = new Array(paths.length);
  let many: Key[] | null = null;
  for (let i = 0; i < paths.length; i++) {
    let fk = cache?.get(fields[i]!);
    if (fk === undefined) {
      fk = fieldKeys(doc, paths[i]!);
      cache?.set(fields[i]!, fk);
    }
    if (fk === null) return null;
    if ('one' in fk) single[i] = fk.one;
    else if (i !== multi) return null;
    else many = fk.many;
  }
  if (!many) return [single];
  return many.map((k) => {
    const row = single.slice();
    row[multi] = k;
    return row;
  });
}

const sameKey = (a: Key, b: Key): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && a.equals(b));

/** Whether two documents' rows (from rowsOf, so in a stable order) are the same. */
export function sameRows(a: Key[][], b: Key[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    for (let j = 0; j < x.length; j++) if (!sameKey(x[j]!, y[j]!)) return false;
  }
  return true;
}
