import { AppError } from '@shared/errors';
import type { ErrorCode } from '@shared/error-codes';
import { useSession } from '../store/session';
import { isEnvelope, networkError } from './errors';
import type { OnProgress, PickedFile } from './upload-types';

export type { OnProgress, PickedFile } from './upload-types';

const BY_STATUS: Record<number, [ErrorCode, string]> = {
  401: ['AUTH.UNAUTHENTICATED', '登录已失效，请重新登录'],
  409: ['CLAIM.TICKET_INVALID', '上传凭证无效或已过期，请重新上传'],
  413: ['CLAIM.PAYLOAD_TOO_LARGE', '文件过大，请换一张照片'],
};

/**
 * Local runtime: POST /storage/upload?path=<cloudPath> with the session's bearer token and the
 * raw bytes as the body, answered with the envelope {ok, data: {fileID}}. XMLHttpRequest rather
 * than fetch, because only its upload.onprogress reports how far the upload is.
 */
export function uploadFile(cloudPath: string, file: PickedFile, onProgress?: OnProgress): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/storage/upload?path=${encodeURIComponent(cloudPath)}`);
    const token = useSession.getState().token;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (isEnvelope(body)) {
        if (body.ok) {
          const fileID = (body.data as { fileID?: unknown })?.fileID;
          if (typeof fileID === 'string') resolve(fileID);
          else reject(networkError());
        } else reject(AppError.fromBody(body.error));
        return;
      }
      const known = BY_STATUS[xhr.status];
      reject(known ? new AppError(known[0], known[1]) : networkError());
    };
    if (!file.blob) {
      reject(new AppError('CLAIM.FILE_NOT_UPLOADED', '请重新选择照片'));
      return;
    }
    xhr.send(file.blob);
  });
}
