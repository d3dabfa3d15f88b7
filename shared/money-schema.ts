import { z } from 'zod';

/**
 * The one schema for an amount of money: integer fen, never negative. Kept apart from money.ts
 * so the mini-program, which imports money.ts for formatting, does not pull zod in.
 */
export const fenSchema = z
  .number()
  .int('金额必须是整数分')
  .min(0, '金额不能为负')
  .max(Number.MAX_SAFE_INTEGER);
