import { z } from 'zod';
import { AppError } from '@shared/errors';

// Chinese messages for schema failures: they reach workers' screens as they are.
z.config(z.locales.zhCN());

/** Parse with a schema; a failure names the first offending field (`payload.idNumber`). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'payload'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // An unknown key is named itself, so the caller sees which key the server refused.
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
  const field = [root, ...issue.path.map(String), ...unknown].join('.');
  throw new AppError('COMMON.INVALID_INPUT', `${field}：${issue.message}`, field);
}
