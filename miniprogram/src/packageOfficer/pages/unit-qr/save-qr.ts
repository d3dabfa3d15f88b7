import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';

/** WeChat: download the QR PNG and save it to the album, to print or forward. */
export async function saveQrImage(imageUrl: string, _unitName: string): Promise<void> {
  let filePath: string;
  try {
    const r = await Taro.downloadFile({ url: imageUrl });
    if (r.statusCode !== 200) throw new Error(String(r.statusCode));
    filePath = r.tempFilePath;
  } catch {
    throw new AppError('COMMON.NETWORK', '二维码下载失败，请点“重新获取”后再试');
  }
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '');
    if (msg.includes('cancel')) return;
    throw new AppError('COMMON.UNAVAILABLE', '未能保存到相册，请在设置中允许保存到相册后重试');
  }
  void Taro.showToast({ title: '已保存到相册', icon: 'success' });
}
