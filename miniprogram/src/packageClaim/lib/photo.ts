import Taro from '@tarojs/taro';
import type { PickedFile } from '../../api/upload';

/** Longest side after compression: enough to read an invoice, small enough for a slow network. */
export const MAX_SIDE = 1600;

const cancelled = (e: unknown) => /cancel/i.test((e as { errMsg?: string })?.errMsg ?? '');

/**
 * Camera or album (WeChat lets the person choose), then compressed on the phone before upload
 * (Taro.compressImage; quality applies to JPEG on iOS only, the width limit everywhere).
 * Choosing photos is a privacy interface: app.json's __usePrivacyCheck__ makes WeChat ask.
 */
export async function pickPhotos(max: number): Promise<PickedFile[]> {
  let chosen: Taro.chooseMedia.SuccessCallbackResult;
  try {
    // Callbacks, not the promise: Taro 4.2's weapp API list does not promisify chooseMedia.
    chosen = await new Promise<Taro.chooseMedia.SuccessCallbackResult>((resolve, reject) => {
      void Taro.chooseMedia({
        count: Math.max(1, Math.min(9, max)),
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        sizeType: ['compressed'],
        success: resolve,
        fail: reject,
      });
    });
  } catch (e) {
    if (cancelled(e)) return [];
    throw e;
  }
  return Promise.all(
    chosen.tempFiles.map(async (f) => {
      try {
        const c = await Taro.compressImage({ src: f.tempFilePath, quality: 80, compressedWidth: MAX_SIDE });
        return { path: c.tempFilePath, size: f.size };
      } catch {
        return { path: f.tempFilePath, size: f.size };
      }
    }),
  );
}
