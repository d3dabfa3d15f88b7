/**
 * Every action input refuses keys it does not know: a client (or an attacker) sending a field
 * the server ignores would otherwise believe it took effect.
 */
import { z } from 'zod';
import { api } from '../../shared/api';

/** A key no schema declares, added at the top and inside every nested object we can reach. */
const EXTRA = '__unknownKey';

function objectShapes(schema: z.ZodType): z.ZodObject[] {
  const def = (schema as unknown as { def: { type: string } }).def;
  if (schema instanceof z.ZodObject) return [schema];
  if (def.type === 'union')
    return (schema as z.ZodUnion).options.flatMap((o) => objectShapes(o as z.ZodType));
  if (def.type === 'pipe') return objectShapes((schema as unknown as { in: z.ZodType }).in);
  return [];
}

describe('action inputs are strict', () => {
  for (const [fn, actions] of Object.entries(api)) {
    for (const [name, def] of Object.entries(actions as Record<string, { input: z.ZodType }>)) {
      test(`${fn}.${name} refuses an unknown key`, () => {
        const shapes = objectShapes(def.input);
        expect(shapes.length).toBeGreaterThan(0);
        for (const shape of shapes) {
          // The key check runs before value checks, so an empty object plus the key suffices.
          const res = shape.safeParse({ [EXTRA]: 1 });
          expect(res.success).toBe(false);
          const keys = res.error!.issues.flatMap((i) => ('keys' in i ? (i.keys as string[]) : []));
          expect(keys).toContain(EXTRA);
        }
      });
    }
  }
});

describe('dates on the wire', () => {
  test('an impossible date is refused, a real one passes', async () => {
    const { dateSchema } = await import('../../shared/api/common');
    expect(dateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(dateSchema.safeParse('2024-13-01').success).toBe(false);
    expect(dateSchema.safeParse('2023-02-29').success).toBe(false);
  });
});
