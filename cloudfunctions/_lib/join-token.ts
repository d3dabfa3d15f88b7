import { randomBytes } from 'node:crypto';

/**
 * A unit's join token: 20 random characters of [0-9A-Za-z] (≈119 bits), which fits wxacode's
 * 32-character scene. It is the credential in the unit's QR, so it is random, never derived
 * from the unit's id or code, and replaced when the officer rotates the QR.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newJoinToken(length = 20): string {
  const out: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out.push(ALPHABET[byte % 62]!);
    }
  }
  return out.join('');
}
