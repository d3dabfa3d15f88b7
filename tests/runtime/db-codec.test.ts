/**
 * decodeStored's fast path (plain JSON.parse, then only the EJSON wrappers revived, dates
 * directly) must read a stored document exactly as EJSON.parse(text, {relaxed: true}) does.
 */
import { Decimal128, Double, EJSON, Int32, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { decodeStored, encodeDoc, toNative } from '../../cloudfunctions/_runtime/db/codec';

const date = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) }),
  fc.constantFrom(
    new Date(Number.NaN),
    new Date(0),
    new Date(-1),
    new Date(253402300799999),
    new Date(253402300800000),
  ),
  fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(Math.floor(t / 1000) * 1000)),
);
const odd = fc.constantFrom<unknown>(
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  undefined,
  /a+b/gi,
  new Map([['k', 1]]),
  Long.fromString('123456789012345'),
  new Int32(7),
  new Double(1.5),
  new ObjectId('65a1b2c3d4e5f60718293a4b'),
  Decimal128.fromString('1.10'),
  { $tcb_server_date: { offset: 1000 } },
);
const leaf = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null)) },
  { weight: 2, arbitrary: date },
  { weight: 1, arbitrary: odd },
);
const valueWith = (key: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
  fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(key, tie('v'), { maxKeys: 4 }),
    ),
  })).v;
/** What documents hold: field names do not start with "$" (MongoDB refuses them). */
const storedValue = valueWith(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('toJSON', 'a$'))).filter(
  (v) => !JSON.stringify(v ?? null).includes('"$'),
);
/** Equal as values: same canonical EJSON (dates by time, invalid dates, -0, NaN, regexes, BSON types). */
const same = (a: unknown, b: unknown): boolean =>
  isDeepStrictEqual(a, b) ||
  EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });

const outcome = <T>(f: () => T): { ok: T } | { error: string } => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: String((e as Error).message) };
  }
};

it('decodeStored reads stored documents as EJSON.parse (relaxed) does', () => {
  fc.assert(
    fc.property(storedValue, (v) => {
      const text = outcome(() => encodeDoc(v));
      fc.pre('ok' in text && typeof text.ok === 'string');
      const stored = (text as { ok: string }).ok;
      fc.pre(!stored.includes('__proto__'));
      const fast = outcome(() => decodeStored(stored));
      const bson = outcome(() => toNative(EJSON.parse(stored, { relaxed: true }), 0));
      if ('error' in bson) expect('error' in fast).toBe(true);
      else expect('ok' in fast && same(fast.ok, bson.ok)).toBe(true);
    }),
    { numRuns: 2000 },
  );
});
