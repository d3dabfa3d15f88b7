import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Local stand-ins for the secrets CloudBase keeps in each function's environment variables
 * (see README, "Deploy"). Generated once per data directory, so sealed fields stay readable
 * across restarts, and never committed.
 */
export function ensureLocalSecrets(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'function-secrets.json');
  if (!existsSync(file)) {
    const secrets = {
      PII_HASH_KEY: randomBytes(32).toString('base64'),
      PII_ENC_KEYS: JSON.stringify({ current: 'v1', keys: { v1: randomBytes(32).toString('base64') } }),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  for (const [k, v] of Object.entries(secrets)) if (!process.env[k]) process.env[k] = v;
}
