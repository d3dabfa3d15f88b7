import Taro from '@tarojs/taro';
import { call } from '../../api/client';

/**
 * Full-size view of one uploaded file: a short-lived URL from claim.fileUrl (the view is
 * audited), shown in WeChat's / Taro H5's full-screen previewer. PDFs open as documents.
 */
export async function previewClaimFile(claimId: string, file: { id: string; mime: string }): Promise<void> {
  const { url } = await call('claim.fileUrl', { claimId, fileId: file.id });
  if (file.mime === 'application/pdf') {
    openDocument(url);
    return;
  }
  await Taro.previewImage({ urls: [url], current: url });
}

function openDocument(url: string) {
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank');
    return;
  }
  void Taro.downloadFile({ url }).then((r) => Taro.openDocument({ filePath: r.tempFilePath }));
}
