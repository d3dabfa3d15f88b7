/**
 * EJSON in and out. The SDK sends canonical EJSON strings; documents are stored and returned as
 * relaxed EJSON, which keeps Dates as Dates and numbers as plain JSON numbers (so SQLite's
 * json_extract can index them).
 */
import { BSONRegExp, EJSON } from 'bson';
import { invalidParam } from './errors';

export type Doc = Record<string, any>;

const SERVER_DATE = '$tcb_server_date';
const JS_REGEXP_FLAGS = /^[imsu]*$/;

/** Parses one EJSON string from a request; `now` replaces `db.serverDate()` markers. */
export function decodeEjson(text: unknown, field: string, now: number): any {
  if (typeof text !== 'string') throw invalidParam(`${field} must be an EJSON string`);
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text, { relaxed: true });
  } catch (e) {
    throw invalidParam(`${field} is not valid EJSON: ${(e as Error).message}`);
  }
  return toNative(parsed, now);
}

/**
 * Turns the BSON wrapper types mingo does not understand into JS natives and resolves server
 * dates. Walks arrays and plain objects only; Dates and other BSON values are kept.
 */
export function toNative(value: unknown, now: number): any {
  if (Array.isArray(value)) return value.map((v) => toNative(v, now));
  if (value instanceof BSONRegExp) return toRegExp(value.pattern, value.options);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === SERVER_DATE) return serverDate(value[SERVER_DATE], now);
  const out: Doc = {};
  for (const k of keys) out[k] = toNative(value[k], now);
  return out;
}

function serverDate(marker: unknown, now: number): Date {
  const offset = isPlainObject(marker) ? Number(marker.offset ?? 0) : 0;
  if (!Number.isFinite(offset)) throw invalidParam('serverDate offset must be a number');
  return new Date(now + offset);
}

function toRegExp(pattern: string, options: string): RegExp {
  if (!JS_REGEXP_FLAGS.test(options))
    throw invalidParam(`unsupported regular expression options "${options}"`);
  try {
    return new RegExp(pattern, options);
  } catch (e) {
    throw invalidParam(`invalid regular expression: ${(e as Error).message}`);
  }
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The one serialisation used for storage and replies. */
export const encodeDoc = (doc: unknown): string => EJSON.stringify(doc, { relaxed: true });

/**
 * Decodes a stored document. Same result as EJSON.parse(text, {relaxed: true}) but about 4x
 * faster on scans: plain JSON.parse, then bson decodes only the `{"$date": …}`-style wrappers.
 */
export function decodeStored(text: string): Doc {
  const raw = JSON.parse(text) as Doc;
  return text.includes('"$') ? (reviveWrappers(raw) as Doc) : raw;
}

function reviveWrappers(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveWrappers(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Doc;
  const keys = Object.keys(obj);
  // The commonest wrapper, revived as bson revives it (Date.parse of the ISO string).
  if (keys.length === 1 && keys[0] === '$date' && typeof obj.$date === 'string')
    return new Date(Date.parse(obj.$date));
  if (keys.length > 0 && keys[0].startsWith('$'))
    return toNative(EJSON.deserialize(obj, { relaxed: true }), 0);
  for (const k of keys) obj[k] = reviveWrappers(obj[k]);
  return obj;
}
