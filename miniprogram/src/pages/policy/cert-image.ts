import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';
import { formatChinaDate } from '../../lib/format';
import { CERT_HEIGHT, CERT_WIDTH, drawCertificate, type CertImage, type Ctx2d } from './cert-draw';

/**
 * WeChat: draw on the page's off-screen `type="2d"` canvas (#cert-canvas), export it with
 * canvasToTempFilePath and save it to the album (the user is asked for the album permission
 * the first time). The H5 build uses cert-image.h5.ts.
 */
export async function saveCertificateImage(c: CertImage): Promise<void> {
  const node = await new Promise<Taro.Canvas | null>((resolve) => {
    Taro.createSelectorQuery()
      .select('#cert-canvas')
      .fields({ node: true, size: true })
      .exec((res: { node?: Taro.Canvas }[]) => resolve(res?.[0]?.node ?? null));
  });
  if (!node) throw new AppError('COMMON.UNAVAILABLE', '图片生成失败，请重试');
  node.width = CERT_WIDTH;
  node.height = CERT_HEIGHT;
  drawCertificate(node.getContext('2d') as unknown as Ctx2d, { ...c, issuedAt: formatChinaDate(c.issuedAt) });
  let filePath: string;
  try {
    filePath = (
      await Taro.canvasToTempFilePath({ canvas: node, fileType: 'png' } as Taro.canvasToTempFilePath.Option)
    ).tempFilePath;
  } catch {
    throw new AppError('COMMON.UNAVAILABLE', '图片生成失败，请重试');
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
