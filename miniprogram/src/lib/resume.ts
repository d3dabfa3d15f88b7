import Taro from '@tarojs/taro';

const KEY = 'resume.afterSignIn';

/**
 * A page that needs sign-in first (the unit QR landing page) remembers itself here; the home
 * page, where sign-in always lands, takes it and goes back there. Storage rather than memory:
 * on H5 the login step may reload the app.
 */
export function resumeAfterSignIn(url: string): void {
  Taro.setStorageSync(KEY, url);
}

/** The page to resume, once; only our own page paths are accepted. */
export function takeResumeUrl(): string | null {
  let url: unknown;
  try {
    url = Taro.getStorageSync(KEY);
    Taro.removeStorageSync(KEY);
  } catch {
    return null;
  }
  return typeof url === 'string' && /^\/pages\/[\w/]+(\?[\w=&%.-]*)?$/.test(url) ? url : null;
}
