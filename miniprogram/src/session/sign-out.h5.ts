import Taro from '@tarojs/taro';
import { logout } from '../api/local-auth';
import { useSession } from '../store/session';
import { LOGIN_PAGE } from '../routes';

/** Local runtime: revoke the token server-side, then forget it here whatever the reply. */
export async function signOut(): Promise<void> {
  const token = useSession.getState().token;
  try {
    await logout(token);
  } catch {
    // An expired or unknown token is already signed out; the local state is cleared below.
  }
  useSession.getState().signOut();
  await Taro.reLaunch({ url: LOGIN_PAGE });
}
