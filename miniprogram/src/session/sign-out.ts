import Taro from '@tarojs/taro';
import { useSession } from '../store/session';
import { LOGIN_PAGE } from '../routes';

/**
 * WeChat: the identity is the WeChat account itself, so signing out only forgets what this
 * device cached (profile, phone proof). The H5 build uses sign-out.h5.ts instead.
 */
export async function signOut(): Promise<void> {
  useSession.getState().signOut();
  await Taro.reLaunch({ url: LOGIN_PAGE });
}
