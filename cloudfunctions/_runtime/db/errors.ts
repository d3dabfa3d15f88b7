/**
 * Errors the database service turns into CloudBase error envelopes `{code, message}`.
 * The codes are the ones wx-server-sdk maps to errCodes (TCB-WIRE §0), so callers see the
 * same `-5020xx` numbers they would see against the real service.
 */
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'SYS_ERR';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export const invalidParam = (message: string): DbError => new DbError('INVALID_PARAM', message);

export const requestFailed = (message: string): DbError =>
  new DbError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${message}`);

/**
 * MongoDB's wording, which CloudBase passes through. Only `_id` values are echoed: other unique
 * keys (openid, idHash, tokens) are personal or secret, and error messages end up in logs.
 */
export function duplicateKey(collection: string, indexName: string, idValue?: string | number): DbError {
  const key = idValue === undefined ? '' : ` dup key: { _id: ${JSON.stringify(idValue)} }`;
  return requestFailed(`E11000 duplicate key error collection: ${collection} index: ${indexName}${key}`);
}

export const transactionConflict = (transactionId: string): DbError =>
  new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    `[TransactionConflict] transaction ${transactionId} conflicts with a concurrent write; retry it`,
  );
