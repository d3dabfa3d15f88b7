import Taro from '@tarojs/taro';
import { useSession } from '../store/session';
import { LOGIN_PAGE } from '../routes';

/**
 * On H5 a page needs a runtime token; without one, go to the login page. On WeChat the
 * platform identifies the caller, so there is nothing to check.
 */
export function requireSignIn(): boolean {
  if (process.env.TARO_ENV !== 'h5') return true;
  if (useSession.getState().token) return true;
  void Taro.reLaunch({ url: LOGIN_PAGE });
  return false;
}
