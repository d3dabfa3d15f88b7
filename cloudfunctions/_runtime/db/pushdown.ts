/**
 * Picks the top-level equality conditions SQLite can answer from an index. The result only
 * narrows the candidate set; mingo still evaluates the whole query on every candidate, so
 * anything not recognised here is simply not pushed down.
 */
import { isPlainObject, type Doc } from './codec';
import type { Pushdown } from './sqlite-store';

type Scalar = string | number;

const isScalar = (v: unknown): v is Scalar =>
  (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));

function equalityValues(condition: unknown): Scalar[] | null {
  if (isScalar(condition)) return [condition];
  if (!isPlainObject(condition)) return null;
  const ops = Object.keys(condition);
  if (ops.length !== 1) return null;
  const [op] = ops;
  const arg = condition[op];
  if (op === '$eq' && isScalar(arg)) return [arg];
  if (op === '$in' && Array.isArray(arg) && arg.length > 0 && arg.length <= 100 && arg.every(isScalar))
    return arg;
  return null;
}

/** `eligible`: fields known never to hold arrays (where Mongo equality would match elements). */
export function planPushdowns(query: Doc, eligible: Set<string>): Pushdown[] {
  const out: Pushdown[] = [];
  for (const [field, condition] of Object.entries(query)) {
    if (field.startsWith('$') || !eligible.has(field)) continue;
    const values = equalityValues(condition);
    if (values) out.push({ field, values });
  }
  return out;
}
