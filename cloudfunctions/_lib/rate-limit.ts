import { createHash } from 'node:crypto';
import { AppError, type ErrorCode } from '@shared/errors';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { insert, isDuplicateKey, updateWhere } from './db';

export interface Limit {
  /** What is limited, e.g. 'register' or 'scene'. */
  bucket: string;
  max: number;
  windowMs: number;
  /** The refusal raised once the window's count is used up. */
  code: ErrorCode;
}

/**
 * A fixed-window counter per bucket and subject, kept in the database because function
 * instances share no memory on CloudBase. One conditional increment per call (a second write
 * opens the window), and the subject is hashed so no openid spreads into another collection.
 * The timers delete expired windows.
 */
export async function consume(ctx: HandlerContext, limit: Limit, subject: string): Promise<void> {
  const window = Math.floor(ctx.now.getTime() / limit.windowMs);
  const key = createHash('sha256').update(`${limit.bucket}|${subject}`).digest('hex').slice(0, 24);
  const id = `${limit.bucket}_${key}_${window}`;
  const _ = ctx.db.command;
  const counted = await updateWhere(coll(ctx.db, 'rateLimits').where({ _id: id, count: _.lt(limit.max) }), {
    count: _.inc(1),
  });
  if (counted) return;
  try {
    await insert(ctx.db, 'rateLimits', {
      _id: id,
      count: 1,
      expiresAt: new Date((window + 1) * limit.windowMs),
    });
  } catch (err) {
    // The window exists and is used up (or a racing first call opened it: then it counts as one).
    if (isDuplicateKey(err)) {
      const retried = await updateWhere(
        coll(ctx.db, 'rateLimits').where({ _id: id, count: _.lt(limit.max) }),
        { count: _.inc(1) },
      );
      if (retried) return;
      throw new AppError(limit.code);
    }
    throw err;
  }
}

export const LIMITS = {
  /** Registration attempts per caller: enough for typos, too few to probe ID numbers. */
  register: { bucket: 'register', max: 10, windowMs: 60 * 60 * 1000, code: 'USER.RATE_LIMITED' },
  /** Join-QR look-ups per caller: a person scans a few codes, a script tries thousands. */
  scene: { bucket: 'scene', max: 20, windowMs: 10 * 60 * 1000, code: 'ORG.RATE_LIMITED' },
} as const satisfies Record<string, Limit>;
