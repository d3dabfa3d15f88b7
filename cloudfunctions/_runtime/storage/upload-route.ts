import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors';
import { sendError } from '../auth/auth-routes';
import type { AuthService } from '../auth/auth-service';
import { bearerToken, sendJson } from '../http/io';
import { FileExistsError, STAGING_PATH, UploadTooLargeError, type FileStore } from './file-store';

export interface ClientUploadContext {
  files: FileStore;
  auth: AuthService;
  envId: string;
}

/** Codes outside the shared catalogue keep their reason-derived status (INVALID_* 400, else 409). */
const storageError = (code: string, message: string) => AppError.fromBody({ code, message });

function refuse(req: IncomingMessage, res: ServerResponse, err: AppError, close = false): void {
  req.resume(); // drain, so the client reads the reply instead of a reset
  sendError(res, err, close ? { connection: 'close' } : {});
}

/**
 * POST /storage/upload?path=<cloudPath>: the H5 stand-in for `wx.cloud.uploadFile`. The body is the
 * raw file (any content type); the bearer session is the uploader. Only a staging path
 * (`uploads/<32 hex>/<32 hex>`, handed out by a cloud function) is writable, once, as on CloudBase
 * with storage rules that let signed-in users write only under `uploads/`.
 */
export async function handleClientUpload(
  ctx: ClientUploadContext,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    res.writeHead(405, { allow: 'POST' });
    return void res.end();
  }
  const session = ctx.auth.session(bearerToken(req));
  if (!session) return refuse(req, res, new AppError('AUTH.UNAUTHENTICATED', '请先登录'));
  const path = url.searchParams.get('path') ?? '';
  if (!STAGING_PATH.test(path))
    return refuse(req, res, storageError('STORAGE.INVALID_PATH', '上传路径无效，请重新获取上传凭证'));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > ctx.files.maxUploadBytes) return tooLarge(req, res, ctx);
  if (ctx.files.exists(path)) return refuse(req, res, alreadyUploaded());
  try {
    await ctx.files.write(path, req, { owner: session.openid, exclusive: true });
  } catch (e) {
    if (e instanceof UploadTooLargeError) return tooLarge(req, res, ctx);
    if (e instanceof FileExistsError) return refuse(req, res, alreadyUploaded());
    throw e;
  }
  sendJson(res, 200, { ok: true, data: { fileID: ctx.files.fileIdOf(ctx.envId, path) } });
}

function alreadyUploaded(): AppError {
  return storageError('STORAGE.ALREADY_EXISTS', '该上传凭证已使用，请重新获取');
}

function tooLarge(req: IncomingMessage, res: ServerResponse, ctx: ClientUploadContext): void {
  const mb = Math.floor((ctx.files.maxUploadBytes / 1024 / 1024) * 10) / 10;
  refuse(req, res, new AppError('COMMON.PAYLOAD_TOO_LARGE', `文件不能超过 ${mb} MB`), true);
}
