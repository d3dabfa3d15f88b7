import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';
import type { OnProgress, PickedFile } from './upload-types';

export type { OnProgress, PickedFile } from './upload-types';

interface CloudUploadTask {
  onProgressUpdate?: (cb: (r: { progress: number }) => void) => void;
}

/**
 * The one way pages put a file into storage: to the staging `cloudPath` a claim.uploadTicket
 * returned, straight from the phone (a function call carries at most 100 KB). Resolves to the
 * fileID for claim.attachFile. WeChat: wx.cloud.uploadFile with the callback form, which returns
 * the UploadTask whose onProgressUpdate reports progress. The H5 build uses upload.h5.ts.
 */
export function uploadFile(cloudPath: string, file: PickedFile, onProgress?: OnProgress): Promise<string> {
  return new Promise((resolve, reject) => {
    const task = Taro.cloud.uploadFile({
      cloudPath,
      filePath: file.path,
      success: (r: { fileID: string }) => resolve(r.fileID),
      fail: () => reject(new AppError('CLAIM.FILE_NOT_UPLOADED', '上传失败，请检查网络后重试')),
    } as unknown as Parameters<typeof Taro.cloud.uploadFile>[0]) as unknown as CloudUploadTask | undefined;
    task?.onProgressUpdate?.((r) => onProgress?.(r.progress));
  });
}
