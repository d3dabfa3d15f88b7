import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';
import type { PickedFile } from '../../api/upload-types';

export interface PickedSheet extends PickedFile {
  name: string;
}

/** WeChat: a file from a chat (`chooseMessageFile`, .xlsx only); null when cancelled. */
export async function pickXlsx(): Promise<PickedSheet | null> {
  try {
    const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const f = r.tempFiles[0];
    if (!f) return null;
    if (!/\.xlsx$/i.test(f.name)) throw new AppError('IMPORT.NOT_XLSX', '请选择 Excel（.xlsx）文件');
    return { name: f.name, path: f.path, size: f.size };
  } catch (e) {
    if (e instanceof AppError) throw e;
    const msg = String((e as { errMsg?: string })?.errMsg ?? '');
    if (msg.includes('cancel')) return null;
    throw new AppError('COMMON.UNAVAILABLE', '未能选择文件，请重试');
  }
}
