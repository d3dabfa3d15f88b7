/**
 * The slice of the database engine the runtime uses for its own bookkeeping (collections
 * prefixed `_rt_`). Structural, so the engine's DatabaseService satisfies it as is.
 */
export interface DocCollection {
  add(doc: object): string;
  get(id: string): any | null;
  find(query?: object, opts?: { sort?: object; limit?: number; skip?: number }): any[];
  update(query: object, update: object): number;
  set(id: string, doc: object): void;
  remove(query: object): number;
  count(query?: object): number;
}

export interface CollectionSource {
  collection(name: string): DocCollection;
}

/** Milliseconds since the epoch; injectable so tests can move time past an expiry. */
export type Clock = () => number;
