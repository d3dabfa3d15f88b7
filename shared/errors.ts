import { ERROR_MESSAGES, type ErrorCode } from './error-codes';

export { ERROR_MESSAGES, isErrorCode, type ErrorCode } from './error-codes';

/**
 * The one error type of the system. Codes are stable (`DOMAIN.REASON`) so clients can branch
 * on them; messages are Chinese and fit to show a worker or an officer as they are.
 */
export interface ErrorBody {
  code: string;
  message: string;
  /** Dotted path of the offending input field, when one field is to blame. */
  field?: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly field?: string;

  /** Raised here: the code comes from the catalogue, the message defaults to its entry. */
  constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code], field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  /** Rebuilt from a reply envelope: the server's code is kept even if this build does not know it. */
  static fromBody(body: ErrorBody): AppError {
    const err = new AppError('COMMON.INTERNAL', body.message, body.field);
    (err as { code: string }).code = body.code;
    return err;
  }

  toBody(): ErrorBody {
    return this.field
      ? { code: this.code, message: this.message, field: this.field }
      : { code: this.code, message: this.message };
  }
}

/** What every cloud function returns, on WeChat and locally alike. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/**
 * HTTP status for an error code, used by the local runtime's HTTP transport. The reason
 * part of the code decides, so new domains need no entry here.
 */
export function httpStatusOf(code: string): number {
  const reason = code.split('.').pop() ?? '';
  if (reason === 'UNAUTHENTICATED') return 401;
  if (reason === 'FORBIDDEN') return 403;
  if (reason.endsWith('NOT_FOUND') || reason === 'UNKNOWN_FUNCTION' || reason === 'UNKNOWN_ACTION')
    return 404;
  if (reason === 'PAYLOAD_TOO_LARGE') return 413;
  if (reason === 'RATE_LIMITED') return 429;
  if (code === 'COMMON.INTERNAL' || code === 'COMMON.UNAVAILABLE')
    return code === 'COMMON.INTERNAL' ? 500 : 503;
  // Input the caller must correct (INVALID_*, BAD_*) is 400; a refusal given the current state is 409.
  return /^(INVALID|BAD)_?/.test(reason) ? 400 : 409;
}
