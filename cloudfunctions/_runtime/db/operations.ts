/**
 * CloudBase document operations over a DocView. Matching, sorting, projection, update operators
 * and aggregation are mingo's (MongoDB semantics); this module only decides which documents an
 * operation touches and what it reports.
 */
import { randomBytes } from 'node:crypto';
import { Aggregator, Query, find as mingoFind } from 'mingo';
import { update as mingoUpdate } from 'mingo/updater';
import { encodeDoc, isPlainObject, type Doc } from './codec';
import { invalidParam } from './errors';
import { idKey } from './sqlite-store';
import type { DocView } from './view';

export interface FindOptions {
  sort?: Doc;
  skip?: number;
  limit?: number;
  projection?: Doc;
}

export interface ModifyOptions {
  multi: boolean;
  /** true: `data` holds update operators (plain fields mean $set); false: `data` replaces the document. */
  merge: boolean;
  upsert: boolean;
}

export interface ModifyResult {
  updated: number;
  upsertedId: unknown;
}

// $where, $function and $accumulator would run code taken from a request: never.
const MINGO = { scriptEnabled: false } as const;

/** CloudBase-style ids: 32 lowercase hex characters. */
export const newId = (): string => randomBytes(16).toString('hex');

function matching(view: DocView, collection: string, query: Doc): Doc[] {
  const id = query._id;
  // The commonest shape, doc(id) and where({_id, ...}), is a primary-key lookup.
  if (typeof id === 'string' || typeof id === 'number') {
    const doc = id === '' ? null : view.get(collection, idKey(id));
    if (!doc) return [];
    // Compiling a mingo query costs more than the lookup: skip it when _id is the whole query.
    return Object.keys(query).length === 1 || new Query(query, MINGO).test(doc) ? [doc] : [];
  }
  const q = new Query(query, MINGO);
  return view.scan(collection, query).filter((d) => q.test(d));
}

/** A primary-key lookup (matching() answers it without a scan). */
const byId = (query: Doc): boolean => typeof query._id === 'string' || typeof query._id === 'number';

export function findDocs(view: DocView, collection: string, query: Doc, opts: FindOptions = {}): Doc[] {
  const projection = opts.projection && Object.keys(opts.projection).length > 0 ? opts.projection : undefined;
  const sort = opts.sort && Object.keys(opts.sort).length > 0 ? opts.sort : undefined;
  if (view.find && !byId(query)) {
    const q = new Query(query, MINGO);
    const served = view.find(collection, query, {
      sort,
      skip: opts.skip ?? 0,
      limit: opts.limit,
      test: (d) => q.test(d),
    });
    if (served) return projection ? (mingoFind(served, {}, projection, MINGO).all() as Doc[]) : served;
  }
  const docs = matching(view, collection, query);
  if (!projection && !sort) {
    const from = opts.skip ?? 0;
    return docs.slice(from, opts.limit === undefined ? undefined : from + opts.limit);
  }
  let cursor = mingoFind(docs, {}, projection, MINGO);
  if (sort) cursor = cursor.sort(sort as never);
  if (opts.skip) cursor = cursor.skip(opts.skip);
  if (opts.limit !== undefined) cursor = cursor.limit(opts.limit);
  return cursor.all() as Doc[];
}

export function countDocs(view: DocView, collection: string, query: Doc): number {
  if (view.count && !byId(query)) {
    const q = new Query(query, MINGO);
    const n = view.count(collection, query, (d) => q.test(d));
    if (n !== null) return n;
  }
  return matching(view, collection, query).length;
}

export function insertDocs(view: DocView, collection: string, docs: Doc[]): unknown[] {
  return docs.map((input) => {
    if (!isPlainObject(input)) throw invalidParam('each document must be an object');
    const doc = input._id === undefined ? { _id: newId(), ...input } : input;
    view.insert(collection, idKey(doc._id), doc);
    return doc._id;
  });
}

/** Splits plain fields into $set, as CloudBase does for `update({data:{a:1}})`. */
function toModifier(data: Doc): Doc {
  const modifier: Doc = {};
  const set: Doc = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) modifier[k] = v;
    else set[k] = v;
  }
  if (Object.keys(set).length > 0) modifier.$set = { ...(modifier.$set ?? {}), ...set };
  return modifier;
}

function replacement(data: Doc, id: unknown): Doc {
  if (Object.keys(data).some((k) => k.startsWith('$')))
    throw invalidParam('a replacement document cannot hold update operators');
  const { _id: _ignored, ...fields } = data;
  return { _id: id, ...fields };
}

export function modifyDocs(
  view: DocView,
  collection: string,
  query: Doc,
  data: Doc,
  opts: ModifyOptions,
): ModifyResult {
  if (!isPlainObject(data)) throw invalidParam('update data must be an object');
  const modifier = opts.merge ? toModifier(data) : null;
  const all = matching(view, collection, query);
  const targets = opts.multi ? all : all.slice(0, 1);
  let updated = 0;
  for (const doc of targets) {
    const before = encodeDoc(doc);
    const next = modifier ? applyModifier(doc, modifier) : replacement(data, doc._id);
    const text = encodeDoc(next);
    // `updated` counts documents whose content changed (MongoDB's nModified), as CloudBase reports.
    if (text === before) continue;
    view.replace(collection, idKey(doc._id), next, text);
    updated += 1;
  }
  if (targets.length > 0 || !opts.upsert) return { updated, upsertedId: null };

  const queriedId = query._id;
  const id = typeof queriedId === 'string' || typeof queriedId === 'number' ? queriedId : newId();
  const doc = modifier ? applyModifier({ _id: id }, modifier) : replacement(data, id);
  view.insert(collection, idKey(id), doc);
  return { updated: 0, upsertedId: id };
}

function applyModifier(doc: Doc, modifier: Doc): Doc {
  if (Object.keys(modifier).length > 0)
    mingoUpdate(doc, modifier as never, undefined, undefined, { cloneMode: 'deep', queryOptions: MINGO });
  return doc;
}

export function removeDocs(view: DocView, collection: string, query: Doc, multi: boolean): number {
  const all = matching(view, collection, query);
  const targets = multi ? all : all.slice(0, 1);
  for (const doc of targets) view.remove(collection, idKey(doc._id));
  return targets.length;
}

const WRITING_STAGES = new Set(['$out', '$merge']);

export function aggregateDocs(view: DocView, collection: string, pipeline: Doc[]): Doc[] {
  for (const stage of pipeline) {
    const [key] = Object.keys(stage);
    if (WRITING_STAGES.has(key)) throw invalidParam(`aggregation stage ${key} is not supported`);
  }
  const first = pipeline[0]?.$match;
  const source = matching(view, collection, isPlainObject(first) ? first : {});
  const aggregator = new Aggregator(pipeline, {
    ...MINGO,
    collectionResolver: (name: string) => view.scan(name, {}),
  });
  return aggregator.run(source) as Doc[];
}
