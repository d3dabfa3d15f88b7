import Taro from '@tarojs/taro';

/** Asks before anything that moves money or decides a claim; true when confirmed. */
export async function confirmChange(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title, content, confirmText, cancelText: '取消' });
  return confirm;
}
