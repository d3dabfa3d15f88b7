/**
 * Fuzzing every action's input schema: generated payloads (the schema's own keys with arbitrary
 * values, extra keys, non-objects) either parse, or are refused with COMMON.INVALID_INPUT naming a
 * field under `payload` — never another error, never a crash. The seed is printed so a failure
 * can be replayed: FUZZ_SEED=<n> npx jest tests/shared/api-fuzz.test.ts
 */
import fc from 'fast-check';
import { z } from 'zod';
import { api } from '../../shared/api';
import { AppError } from '../../shared/errors';
import { parseInput } from '../../cloudfunctions/_lib/validate';

const TOTAL_CASES = 10_000;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** The top-level keys an input schema knows (objects, unions of objects, pipes). */
function keysOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def: { type: string } }).def;
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (def.type === 'union')
    return [...new Set((schema as z.ZodUnion).options.flatMap((o) => keysOf(o as z.ZodType)))];
  if (def.type === 'pipe') return keysOf((schema as unknown as { in: z.ZodType }).in);
  return [];
}

const value = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom('', ' ', '2024-02-30', '2024-13-01', '0', '-1', 'X'.repeat(300), '<script>', '__proto__'),
  fc.boolean(),
  fc.constant(null),
);

function payloadFor(keys: string[]) {
  const known = keys.length
    ? fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length + 1 })
    : fc.constant({});
  return fc.oneof(
    { weight: 6, arbitrary: known },
    {
      weight: 1,
      arbitrary: fc
        .tuple(known, fc.string({ minLength: 1, maxLength: 8 }), value)
        .map(([o, k, v]) => ({ ...o, [k]: v })),
    },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );
}

const actions = Object.entries(api).flatMap(([fn, defs]) =>
  Object.entries(defs as Record<string, { input: z.ZodType }>).map(([name, def]) => ({
    name: `${fn}.${name}`,
    input: def.input,
  })),
);

test(`${TOTAL_CASES} generated payloads over ${actions.length} actions: parsed or refused naming the field`, () => {
  console.log(`api fuzz: seed ${seed}, ${actions.length} actions, ${TOTAL_CASES} cases`);
  const perAction = Math.ceil(TOTAL_CASES / actions.length);
  let refused = 0;
  let parsed = 0;
  for (const action of actions) {
    fc.assert(
      fc.property(payloadFor(keysOf(action.input)), (payload) => {
        try {
          parseInput(action.input, payload);
          parsed++;
        } catch (err) {
          if (!(err instanceof AppError)) throw new Error(`${action.name}: not an AppError: ${String(err)}`);
          expect(err.code).toBe('COMMON.INVALID_INPUT');
          expect(err.field).toMatch(/^payload(\.|$)/);
          expect(err.message.length).toBeGreaterThan(0);
          refused++;
        }
      }),
      { seed, numRuns: perAction },
    );
  }
  console.log(`api fuzz: ${parsed} parsed, ${refused} refused with a named field`);
  expect(parsed + refused).toBeGreaterThanOrEqual(TOTAL_CASES);
});
