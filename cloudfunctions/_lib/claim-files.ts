import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '@shared/errors';
import { cloud } from './cloud';
import type { ClaimFileDoc } from './claim-model';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany } from './db';

/** Limits of claim files: one photo or scan, and how many per claim. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_FILES_PER_CLAIM = 30;
export const TICKET_TTL_MS = 15 * 60 * 1000;
/** Temp URLs of medical files are short-lived. */
export const FILE_URL_SECONDS = 300;
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'application/pdf'];

const hex = (n: number) => randomBytes(n).toString('hex');

/** A random staging path: nothing the client or anyone else knows leads to it. */
export const stagingPath = () => `uploads/${hex(16)}/${hex(16)}`;

/** The cloud path of a fileID (`cloud://<env>.<bucket>/<path>`), or null. */
export function pathOfFileId(fileID: string): string | null {
  if (!fileID.startsWith('cloud://')) return null;
  const rest = fileID.slice('cloud://'.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(slash + 1) : null;
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/** The type by content (magic bytes), never by the name or the client's word. */
export function sniffType(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = b.subarray(8, 12).toString('latin1');
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1'].includes(brand)) return 'image/heic';
  }
  return null;
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Downloads a staged upload; a missing file is the client's failed upload, not our error. */
export async function downloadStaged(fileID: string): Promise<Buffer> {
  try {
    const res = (await cloud.downloadFile({ fileID })) as unknown as { fileContent: Buffer };
    return Buffer.from(res.fileContent);
  } catch {
    throw new AppError('CLAIM.FILE_NOT_UPLOADED', undefined, 'payload.fileID');
  }
}

/** Files the bytes privately under a random name (the path says nothing about claim or worker). */
export async function storePrivately(bytes: Buffer, mime: string): Promise<string> {
  const res = (await cloud.uploadFile({
    cloudPath: `claims/${hex(16)}.${EXT[mime]}`,
    fileContent: bytes,
  })) as unknown as { fileID: string };
  return res.fileID;
}

/** Best effort: a staging file left behind is swept by the storage lifecycle rule after a day. */
export async function deleteQuietly(fileIDs: string[]): Promise<void> {
  if (fileIDs.length === 0) return;
  try {
    await cloud.deleteFile({ fileList: fileIDs });
  } catch (err) {
    console.error(`[claim] deleting ${fileIDs.length} file(s) failed: ${(err as Error)?.message ?? err}`);
  }
}

export async function tempUrl(fileID: string, seconds = FILE_URL_SECONDS): Promise<string> {
  const res = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: seconds }] })) as unknown as {
    fileList: { tempFileURL: string }[];
  };
  const url = res.fileList[0]?.tempFileURL;
  if (!url) throw new AppError('CLAIM.FILE_NOT_FOUND');
  return url;
}

/** Files with the same content in any claim. Index: claimFiles (sha256). */
export function filesWithHashes(ctx: HandlerContext, hashes: string[]): Promise<ClaimFileDoc[]> {
  if (hashes.length === 0) return Promise.resolve([]);
  const _ = ctx.db.command;
  return findMany<ClaimFileDoc>(
    coll(ctx.db, 'claimFiles')
      .where({ sha256: _.in(hashes) })
      .limit(100),
  );
}
