import { AppError } from '@shared/errors';
import type { Envelope } from '@shared/errors';

export const NETWORK_ERROR_CODE = 'COMMON.NETWORK';
export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';

export const networkError = (): AppError => new AppError(NETWORK_ERROR_CODE, NETWORK_ERROR_MESSAGE);

/** Anything thrown by a call, as an AppError the pages can show as it is. */
export const toAppError = (e: unknown): AppError => (e instanceof AppError ? e : networkError());

export function isEnvelope(body: unknown): body is Envelope<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const b = body as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (b.ok === true) return true;
  return b.ok === false && typeof b.error?.code === 'string' && typeof b.error?.message === 'string';
}

/** Unwraps an envelope; a body that is not one counts as a transport failure. */
export function unwrap(body: unknown): unknown {
  if (!isEnvelope(body)) throw networkError();
  if (body.ok) return body.data;
  throw AppError.fromBody(body.error);
}
