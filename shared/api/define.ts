import type { z } from 'zod';

/** One cloud-function action: its input and output schemas are the whole contract. */
export interface ActionDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export const action = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ActionDef<I, O> => ({
  input,
  output,
});
