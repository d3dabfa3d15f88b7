import Taro from '@tarojs/taro';

/** For entries whose pages are not built yet: say so instead of opening an empty page. */
export const comingSoon = (): void => {
  void Taro.showToast({ title: '即将开放', icon: 'none' });
};

export const toast = (title: string): void => {
  void Taro.showToast({ title, icon: 'none' });
};
