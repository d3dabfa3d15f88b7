import type { ImportChunkDoc, StagedRow } from './unitdata-model';

/**
 * The staged rows of one chunk as one string: a JSON array of positional tuples. Written once
 * at validation and read once at commit, so a chunk of 1,000 sealed rows travels (SDK → wire →
 * database and back) as one string value of about 330 KB instead of 1,000 objects with 14 keys
 * each, which every layer would otherwise walk field by field. Sealed fields stay sealed: the
 * tuple holds exactly what StagedRow holds.
 */
type Tuple = [
  row: number,
  idHash: string,
  idCipher: string,
  idMasked: string,
  name: string,
  nameMasked: string,
  sex: 'm' | 'f',
  phoneCipher: string,
  phoneMasked: string,
  cardCipher: string,
  cardMasked: string,
  township: string,
  employer: string,
  warnings: string[],
];

const TUPLE_LENGTH = 14;

export function packRows(rows: readonly StagedRow[]): string {
  return JSON.stringify(
    rows.map((r): Tuple => [
      r.row,
      r.idHash,
      r.idCipher,
      r.idMasked,
      r.name,
      r.nameMasked,
      r.sex === 'male' ? 'm' : 'f',
      r.phoneCipher ?? '',
      r.phoneMasked ?? '',
      r.cardCipher ?? '',
      r.cardMasked ?? '',
      r.township ?? '',
      r.employer ?? '',
      r.warnings,
    ]),
  );
}

export function unpackRows(packed: string): StagedRow[] {
  const tuples = JSON.parse(packed) as Tuple[];
  if (!Array.isArray(tuples)) throw new Error('staged chunk: not an array');
  return tuples.map((t) => {
    if (!Array.isArray(t) || t.length !== TUPLE_LENGTH) throw new Error('staged chunk: malformed row');
    const [row, idHash, idCipher, idMasked, name, nameMasked, sex, phoneCipher, phoneMasked] = t;
    const [cardCipher, cardMasked, township, employer, warnings] = t.slice(9) as [
      string,
      string,
      string,
      string,
      string[],
    ];
    return {
      row,
      idHash,
      idCipher,
      idMasked,
      name,
      nameMasked,
      sex: sex === 'm' ? 'male' : 'female',
      ...(phoneCipher ? { phoneCipher, phoneMasked } : {}),
      ...(cardCipher ? { cardCipher, cardMasked } : {}),
      ...(township ? { township } : {}),
      ...(employer ? { employer } : {}),
      warnings,
    };
  });
}

/** A chunk's rows, in either stored form. */
export const chunkRows = (chunk: Pick<ImportChunkDoc, 'packed' | 'rows'>): StagedRow[] =>
  chunk.packed !== undefined ? unpackRows(chunk.packed) : (chunk.rows ?? []);
