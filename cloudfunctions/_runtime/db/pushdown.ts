/**
 * Turns the equality conditions of a query into an SQL prefilter. The result only narrows the
 * candidate set (it must never drop a match); mingo still evaluates the whole query on every
 * candidate, so anything not recognised here is simply not pushed down.
 */
import { isPlainObject, type Doc } from './codec';
import type { Pushdown } from './sqlite-store';

type Value = string | number | boolean;

/** Dot paths of plain identifiers: numeric parts (array positions) are left to mingo. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_IN = 100;

const isValue = (v: unknown): v is Value =>
  (typeof v === 'string' && v !== '') ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  typeof v === 'boolean';

function equalityValues(condition: unknown): Value[] | null {
  if (isValue(condition)) return [condition];
  if (!isPlainObject(condition)) return null;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return null;
  const [op] = ops;
  const arg = condition[op];
  if (op === '$eq' && isValue(arg)) return [arg];
  if (op === '$in' && Array.isArray(arg) && arg.length > 0 && arg.length <= MAX_IN && arg.every(isValue))
    return arg;
  return null;
}

/**
 * `scalarFields`: indexed fields known never to hold arrays. Their prefilter is a plain
 * `json_extract(...) IN (...)` SQLite answers from the index; other fields also keep documents
 * with an array on the path, since MongoDB equality matches array elements.
 */
export function planPushdowns(query: Doc, scalarFields: Set<string>): Pushdown[] {
  const out: Pushdown[] = [];
  for (const [field, condition] of Object.entries(query)) {
    if (field !== '_id' && !FIELD_PATH.test(field)) continue;
    const values = equalityValues(condition);
    if (!values) continue;
    if (field === '_id') {
      const ids = values.filter((v): v is string | number => typeof v !== 'boolean');
      if (ids.length === values.length) out.push({ field, values: ids, arraysPossible: false });
      continue;
    }
    // SQLite's json_extract gives 1/0 for JSON true/false.
    const sqlValues = values.map((v) => (typeof v === 'boolean' ? Number(v) : v));
    out.push({ field, values: sqlValues, arraysPossible: !scalarFields.has(field) });
  }
  return out;
}
