/**
 * Declared indexes: the list the CloudBase console must be given, and what the local runtime
 * enforces with SQLite expression indexes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface IndexDecl {
  collection: string;
  fields: string[];
  unique?: boolean;
  /**
   * MongoDB `sparse`: documents lacking every field of the index are not indexed, so any number
   * of them may coexist under a unique index. Without it a missing field is indexed as null.
   */
  sparse?: boolean;
  name?: string;
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const INDEX_NAME = /^[A-Za-z0-9_]+$/;

/** MongoDB's default index name, `openid_1` or `unitId_1_programId_1`. */
export const indexName = (decl: IndexDecl): string => decl.name ?? decl.fields.map((f) => `${f}_1`).join('_');

export function validateIndexes(list: unknown): IndexDecl[] {
  if (!Array.isArray(list)) throw new Error('indexes must be an array');
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const at = `indexes[${i}]`;
    if (raw === null || typeof raw !== 'object') throw new Error(`${at} must be an object`);
    const { collection, fields, unique, sparse, name, ...rest } = raw as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      throw new Error(`${at}: unknown key ${unknown[0]} (allowed: collection, fields, unique, sparse, name)`);
    if (typeof collection !== 'string' || collection === '')
      throw new Error(`${at}.collection must be a name`);
    if (!Array.isArray(fields) || fields.length === 0)
      throw new Error(`${at}.fields must be a non-empty array`);
    for (const f of fields) {
      if (typeof f !== 'string' || !FIELD_PATH.test(f))
        throw new Error(`${at}.fields: "${String(f)}" is not a field path`);
    }
    if (unique !== undefined && typeof unique !== 'boolean')
      throw new Error(`${at}.unique must be a boolean`);
    if (sparse !== undefined && typeof sparse !== 'boolean')
      throw new Error(`${at}.sparse must be a boolean`);
    if (name !== undefined && (typeof name !== 'string' || !INDEX_NAME.test(name))) {
      throw new Error(`${at}.name must match ${INDEX_NAME}`);
    }
    const decl: IndexDecl = {
      collection,
      fields: fields as string[],
      ...(unique ? { unique } : {}),
      ...(sparse ? { sparse } : {}),
      ...(name ? { name } : {}),
    };
    const key = `${collection}\u0000${indexName(decl)}`;
    if (seen.has(key)) throw new Error(`${at}: index ${indexName(decl)} is declared twice on ${collection}`);
    seen.add(key);
    return decl;
  });
}

/** Reads the repo's declared index list (default: cloudfunctions/indexes.json next to _runtime). */
export function loadIndexes(file: string = join(__dirname, '..', '..', 'indexes.json')): IndexDecl[] {
  return validateIndexes(JSON.parse(readFileSync(file, 'utf8')));
}
