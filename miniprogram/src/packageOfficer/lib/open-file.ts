import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';

/** WeChat: download the workbook and open it (the menu there forwards or saves it). */
export async function openExport(file: { url: string; fileName: string }): Promise<void> {
  let filePath: string;
  try {
    const r = await Taro.downloadFile({ url: file.url });
    if (r.statusCode !== 200) throw new Error(String(r.statusCode));
    filePath = r.tempFilePath;
  } catch {
    throw new AppError('COMMON.NETWORK', '文件下载失败，请重试');
  }
  try {
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
  } catch {
    throw new AppError('COMMON.UNAVAILABLE', '无法打开表格文件');
  }
}
