import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '@shared/errors';
import { parseIdNumber } from '@shared/identity';

/**
 * Field protection for ID numbers and phones (PIPL Art. 51): a keyed hash for equality lookups
 * (is this ID registered already?) and AES-256-GCM ciphertext tagged with its key version, so keys
 * can be rotated without re-hashing. Keys come from the function's environment variables
 * (set in the CloudBase console; the local runtime generates its own), never from the code.
 *
 *   PII_HASH_KEY   base64, ≥ 32 bytes
 *   PII_ENC_KEYS   JSON {"current":"v1","keys":{"v1":"<base64 32 bytes>"}}
 */
interface Keys {
  hashKey: Buffer;
  current: string;
  enc: Record<string, Buffer>;
}

let cached: { raw: string; keys: Keys } | undefined;

function keys(): Keys {
  const rawHash = process.env.PII_HASH_KEY ?? '';
  const rawEnc = process.env.PII_ENC_KEYS ?? '';
  const raw = `${rawHash}|${rawEnc}`;
  if (cached?.raw === raw) return cached.keys;
  const hashKey = Buffer.from(rawHash, 'base64');
  let parsed: { current?: string; keys?: Record<string, string> } = {};
  try {
    parsed = JSON.parse(rawEnc || '{}');
  } catch {
    parsed = {};
  }
  const enc = Object.fromEntries(
    Object.entries(parsed.keys ?? {}).map(([v, k]) => [v, Buffer.from(k, 'base64')]),
  );
  if (hashKey.length < 32 || !parsed.current || enc[parsed.current]?.length !== 32) {
    console.error('PII keys missing or malformed: set PII_HASH_KEY and PII_ENC_KEYS for this function');
    throw new AppError('COMMON.UNAVAILABLE', '服务配置不完整，请联系管理员');
  }
  const result = { hashKey, current: parsed.current, enc };
  cached = { raw, keys: result };
  return result;
}

/** Deterministic keyed hash, for "is this ID number registered already?" lookups. */
export function lookupHash(kind: 'id' | 'phone' | 'invoice' | 'incident', value: string): string {
  return createHmac('sha256', keys().hashKey).update(`${kind}:${value}`).digest('hex');
}

export function encrypt(plain: string): string {
  const k = keys();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k.enc[k.current]!, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    k.current,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join(':');
}

export function decrypt(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  const key = keys().enc[version ?? ''];
  if (!key || !iv || !tag || body === undefined)
    throw new Error(`cannot decrypt field sealed with key ${version}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * What the sealed ID number says about its holder, for rules that need the birth date
 * (retirement age). Read on demand so no birth date is stored in clear.
 */
export function personFacts(user: {
  idCipher?: string;
}): { birthDate: string; sex: 'male' | 'female' } | null {
  if (!user.idCipher) return null;
  const parsed = parseIdNumber(decrypt(user.idCipher));
  return parsed.ok ? { birthDate: parsed.birthDate, sex: parsed.sex } : null;
}
