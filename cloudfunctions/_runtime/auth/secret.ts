import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One random key per data directory. It derives stable local openids from phone numbers, keys the
 * phone lookups, seals the phones the runtime must give back, and signs temp file URLs and upload
 * grants, so it must survive restarts and must not be in the repository.
 */
export class RuntimeSecret {
  private constructor(private readonly key: Buffer) {}

  static load(dataDir: string): RuntimeSecret {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'runtime-secret');
    if (!existsSync(file)) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, randomBytes(32).toString('hex'));
        fsyncSync(fd);
        closeSync(fd);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process won the race
      }
    }
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new Error(`${file} is corrupt; delete it to start afresh (local openids will change)`);
    return new RuntimeSecret(Buffer.from(hex, 'hex'));
  }

  /** Keyed hash with a purpose label, so one key never signs two kinds of thing alike. */
  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\0${value}`).digest('base64url');
  }

  private sealKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `seal\0${purpose}`, 32));
  }

  /** AES-256-GCM with a per-purpose key derived from the data-dir key: `v1.<iv>.<ciphertext>.<tag>`. */
  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.sealKey(purpose), iv);
    c.setAAD(Buffer.from(purpose));
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return ['v1', iv, ct, c.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The plaintext, or null when the value was not sealed by this key for this purpose. */
  open(purpose: string, sealed: unknown): string | null {
    if (typeof sealed !== 'string') return null;
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') return null;
    try {
      const [iv, ct, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
      const d = createDecipheriv('aes-256-gcm', this.sealKey(purpose), iv);
      d.setAAD(Buffer.from(purpose));
      d.setAuthTag(tag);
      return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  verify(purpose: string, value: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(purpose, value));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
