/**
 * Verifies the TC3-HMAC-SHA256 signature node-sdk puts on every CloudBase API request, rebuilt
 * the way `@cloudbase/signature-nodejs` 2.x (`Signer.tc3sign`, called by node-sdk's
 * `TcbApiHttpRequester.getHeaders` with `withSignedParams: true`) computes it:
 *
 *   canonicalRequest = method \n //host/path \n query \n k:v\n… \n signedHeaders \n paramsHash
 *   stringToSign     = TC3-HMAC-SHA256 \n X-Timestamp \n <yyyy-mm-dd>/tcb/tc3_request \n sha256(canonicalRequest)
 *   key              = HMAC(HMAC(HMAC("TC3"+secretKey, date), "tcb"), "tc3_request")
 *
 * The method is the SDK's lowercase `post`; header values are trimmed and lowercased except
 * content-type (multipart types reduced to `multipart/form-data`); the params hash runs over the
 * body's keys (lowercased, sorted with localeCompare), skipping empty strings.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ApiCredential {
  secretId: string;
  secretKey: string;
}

/** node-sdk sends `X-Signature-Expires: 600`; the server decides, so the client's value is not read. */
export const SIGNATURE_MAX_AGE_SECONDS = 600;
/** A signature from the future is clock skew at most; the SDK signs with `now - 1`. */
const MAX_FUTURE_SECONDS = 60;

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/tcb\/tc3_request,(?: SignedParams=([^,]*),)? SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/;

export interface SignedRequest {
  /** As received: `POST`. */
  method: string;
  /** `req.url`: path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The decoded body: JSON object, or multipart fields (strings) and parts (Buffers). */
  params: Record<string, unknown>;
}

const camSafeEncode = (s: string): string =>
  encodeURIComponent(s)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');

const byLocale = (l: string, r: string): number => l.localeCompare(r);

const sha256hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** The params hash, or null when two keys collapse into one (a signed value could then be shadowed). */
function paramsHash(params: Record<string, unknown>): string | null {
  const kv = new Map<string, string | Buffer>();
  for (const [key, value] of Object.entries(params)) {
    if (!key || value === undefined) continue;
    const k = camSafeEncode(key.toLowerCase().trim());
    if (kv.has(k)) return null;
    kv.set(
      k,
      Buffer.isBuffer(value) ? value : (typeof value === 'string' ? value : JSON.stringify(value)).trim(),
    );
  }
  const hash = createHash('sha256');
  for (const key of [...kv.keys()].sort(byLocale)) {
    const value = kv.get(key) as string | Buffer;
    // As the SDK's `if (!params[key])`: an empty string is skipped, a Buffer (even empty) is not.
    if (value === '') continue;
    hash.update(`&${key}=`);
    hash.update(value);
    hash.update('\r\n');
  }
  return hash.digest('hex');
}

function headerValue(name: string, headers: IncomingHttpHeaders): string | null {
  const raw = headers[name];
  if (raw === undefined) return null;
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (name === 'content-type') return value.startsWith('multipart/form-data') ? 'multipart/form-data' : value;
  return value.trim().toLowerCase();
}

const formatDate = (seconds: number): string => new Date(seconds * 1000).toISOString().split('T')[0];

/** The derived key depends only on secret and date; three HMACs per request were a visible cost under load. */
const signingKeys = new Map<string, Buffer>();
function signingKeyOf(secretKey: string, date: string): Buffer {
  const cacheKey = `${date}|${secretKey}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    if (signingKeys.size > 16) signingKeys.clear();
    key = hmac(hmac(hmac(`TC3${secretKey}`, date), 'tcb'), 'tc3_request');
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/** null when the request carries a valid, fresh signature by `credential`; otherwise why not. */
export function verifyTc3(req: SignedRequest, credential: ApiCredential, nowMs: number): string | null {
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? AUTHORIZATION.exec(auth) : null;
  if (!m) return 'missing or malformed TC3-HMAC-SHA256 Authorization header';
  const [, secretId, date, , signedHeadersText, signature] = m;
  if (secretId !== credential.secretId) return 'unknown SecretId';

  const tsHeader = req.headers['x-timestamp'];
  if (typeof tsHeader !== 'string' || !/^\d{1,12}$/.test(tsHeader)) return 'missing X-Timestamp';
  const timestamp = Number(tsHeader);
  const now = Math.floor(nowMs / 1000);
  if (now - timestamp > SIGNATURE_MAX_AGE_SECONDS) return 'signature expired';
  if (timestamp - now > MAX_FUTURE_SECONDS) return 'signature timestamp is in the future';
  if (formatDate(timestamp) !== date) return 'credential date does not match X-Timestamp';

  const signedHeaders = signedHeadersText.split(';');
  // The SDK always signs these; without host a signature could be replayed against another name.
  if (!signedHeaders.includes('host') || !signedHeaders.includes('content-type'))
    return 'host and content-type must be signed';
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const value = headerValue(name, req.headers);
    if (value === null) return `signed header ${name} is missing`;
    lines.push(`${name}:${value}`);
  }
  const hashedPayload = paramsHash(req.params);
  if (hashedPayload === null) return 'duplicate parameter names';

  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  const query = q === -1 ? '' : req.url.slice(q + 1);
  const canonicalRequest = [
    req.method.toLowerCase(),
    `//${String(req.headers.host)}${path}`,
    query,
    `${lines.join('\n')}\n`,
    signedHeaders.join(';'),
    hashedPayload,
  ].join('\n');
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/tcb/tc3_request\n${sha256hex(canonicalRequest)}`;
  const signingKey = signingKeyOf(credential.secretKey, date);
  const expected = Buffer.from(createHmac('sha256', signingKey).update(stringToSign).digest('hex'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'signature mismatch';
  return null;
}
