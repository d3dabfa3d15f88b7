/**
 * A human name for a notice version: the internal code (wujin-2024.1-demo-2027) means nothing to
 * a worker. The API gives no publication date yet, so this reads the year and revision the code
 * carries ("2024 年第 1 版") and falls back to nothing rather than showing the code.
 */
export function noticeVersionLabel(version: string): string {
  const m = /(\d{4})\.(\d+)/.exec(version);
  return m ? `${m[1]} 年第 ${Number(m[2])} 版` : '';
}

/** Session keys for what the worker already did with exactly this notice text. */
export const noticeReadKey = (programId: string, hash: string) => `notice.read.${programId}.${hash}`;
export const noticeAgreedKey = (programId: string, hash: string) => `notice.agreed.${programId}.${hash}`;
export const signatureKey = (programId: string, hash: string) => `signature.${programId}.${hash}`;
