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
  return isOwnPage(url) ? url : null;
}

const OWN_PAGE = /^\/(pages|package(?:Officer|Claim|Review)\/pages)\/[\w/-]+(\?[\w=&%.-]*)?$/;
const isOwnPage = (url: unknown): url is string =>
  typeof url === 'string' && OWN_PAGE.test(url) && !url.startsWith('/pages/login/');

/** The page to resume, without taking it (the login page names the unit a QR code joins). */
export function peekResumeUrl(): string | null {
  try {
    const url: unknown = Taro.getStorageSync(KEY);
    return isOwnPage(url) ? url : null;
  } catch {
    return null;
  }
}
