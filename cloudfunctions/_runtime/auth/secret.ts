import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One random key per data directory. It derives stable local openids from phone numbers and signs
 * temp file URLs, so it must survive restarts and must not be in the repository.
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

  verify(purpose: string, value: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(purpose, value));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
