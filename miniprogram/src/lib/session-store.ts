import Taro from '@tarojs/taro';

/**
 * Small values kept for the current session only: H5 uses sessionStorage (a reload keeps them,
 * closing the tab forgets them); WeChat has no session storage, so Taro storage under a
 * `session.` prefix, cleared on sign-out and when the mini-program starts (app.ts).
 */
const PREFIX = 'session.keep.';

const h5 = (): Storage | null =>
  process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' ? window.sessionStorage : null;

export function keepForSession(key: string, value: string): void {
  try {
    const s = h5();
    if (s) s.setItem(PREFIX + key, value);
    else Taro.setStorageSync(PREFIX + key, value);
  } catch {
    // Storage full or unavailable: the worker just repeats the step.
  }
}

export function keptForSession(key: string): string | null {
  try {
    const s = h5();
    const v: unknown = s ? s.getItem(PREFIX + key) : Taro.getStorageSync(PREFIX + key);
    return typeof v === 'string' && v !== '' ? v : null;
  } catch {
    return null;
  }
}

export function forgetForSession(key: string): void {
  try {
    const s = h5();
    if (s) s.removeItem(PREFIX + key);
    else Taro.removeStorageSync(PREFIX + key);
  } catch {
    // nothing kept
  }
}

/** Everything kept for the session (sign-out, app start on WeChat). */
export function forgetSession(): void {
  try {
    const s = h5();
    if (s) {
      for (const k of Object.keys(s)) if (k.startsWith(PREFIX)) s.removeItem(k);
      return;
    }
    for (const k of Taro.getStorageInfoSync().keys) if (k.startsWith(PREFIX)) Taro.removeStorageSync(k);
  } catch {
    // nothing kept
  }
}
