import type { TcbReply } from '../admin/reply';
import { encodeCloudPath, normalizeCloudPath, pathOfFileId, type FileStore } from './file-store';

/** Temp URLs are short-lived by default and capped (least access); CloudBase allows longer. */
export const DEFAULT_TEMP_URL_SECONDS = 600;
export const MAX_TEMP_URL_SECONDS = 2 * 3600;

export interface StorageContext {
  files: FileStore;
  envId: string;
  /** Base for URLs the SDK itself calls (upload PUT). */
  runtimeUrl: string;
  /** Base for temp URLs, which browsers also open. */
  publicUrl: string;
}

function fail(code: string, message: string): TcbReply {
  return { code, message };
}

export function getUploadMetadata(ctx: StorageContext, body: Record<string, unknown>): TcbReply {
  const path = normalizeCloudPath(body.path);
  if (!path) return fail('STORAGE_EXCEED_AUTHORITY', `invalid cloudPath: ${String(body.path).slice(0, 100)}`);
  const grant = ctx.files.grantUpload(path);
  const fileId = ctx.files.fileIdOf(ctx.envId, path);
  return {
    data: {
      url: `${ctx.runtimeUrl}/cos/${encodeCloudPath(path)}`,
      token: '',
      authorization: grant,
      fileId,
      // Sent back by the SDK as an HTTP header, so it must be ASCII even for Chinese paths.
      cosFileId: Buffer.from(path).toString('base64url'),
    },
  };
}

export function batchGetDownloadUrl(ctx: StorageContext, body: Record<string, unknown>): TcbReply {
  const list = body.file_list;
  if (!Array.isArray(list) || list.length === 0)
    return fail('INVALID_PARAM', 'file_list must be a non-empty array');
  if (list.length > 50) return fail('INVALID_PARAM', 'at most 50 files per call');
  const download_list = list.map((item: { fileid?: unknown; max_age?: unknown }) => {
    const fileID = typeof item?.fileid === 'string' ? item.fileid : '';
    const path = pathOfFileId(fileID);
    if (!path || !ctx.files.exists(path)) {
      return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' };
    }
    const asked = Number(item.max_age);
    const maxAge =
      Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_TEMP_URL_SECONDS) : DEFAULT_TEMP_URL_SECONDS;
    return { fileID, tempFileURL: ctx.files.tempUrl(ctx.publicUrl, path, maxAge), code: 'SUCCESS', maxAge };
  });
  return { data: { download_list } };
}

export function batchDeleteFile(ctx: StorageContext, body: Record<string, unknown>): TcbReply {
  const list = body.fileid_list;
  if (!Array.isArray(list) || list.length === 0)
    return fail('INVALID_PARAM', 'fileid_list must be a non-empty array');
  if (list.length > 50) return fail('INVALID_PARAM', 'at most 50 files per call');
  const delete_list = list.map((fileID: unknown) => {
    const id = typeof fileID === 'string' ? fileID : '';
    const path = pathOfFileId(id);
    if (path && ctx.files.remove(path)) return { fileID: id, code: 'SUCCESS' };
    return { fileID: id, code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exists' };
  });
  return { data: { delete_list } };
}
