import Taro from '@tarojs/taro';

/**
 * Asks before anything that moves money, decides a claim, or changes quotas, roles or the org
 * tree; true when confirmed. Shared by the officer and review subpackages (a subpackage cannot
 * load another's code, so what both use lives in the main package).
 */
export async function confirmChange(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title, content, confirmText, cancelText: '取消' });
  return confirm;
}
