import { z } from 'zod';
import { isoDateSchema } from '../calendar';

/** Integer fen, the one money unit on the wire. */
export { fenSchema } from '../money-schema';
/** A calendar date in China time, as YYYY-MM-DD, that exists (2024-02-30 is refused). */
export const dateSchema = isoDateSchema;
export const idSchema = z.string().min(1).max(64);

/** Every action input refuses keys it does not know, naming the key. */
export const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);

export const pageInputSchema = z.object({
  page: z.number().int().min(1).max(10000).default(1),
  pageSize: z.number().int().min(1).max(50).default(20),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });

export const noInput = z.strictObject({});
