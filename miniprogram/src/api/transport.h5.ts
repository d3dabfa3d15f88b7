import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';
import { useSession } from '../store/session';
import { isEnvelope, networkError } from './errors';
import { LOGIN_PAGE } from '../routes';
import type { ActionEnvelope } from './types';

/** Local runtime transport: the same function code, reached over HTTP on the H5 app's origin. */
export async function send(fn: string, event: ActionEnvelope): Promise<unknown> {
  const token = useSession.getState().token;
  let res: Taro.request.SuccessCallbackResult;
  try {
    res = await Taro.request({
      url: `/fn/${fn}`,
      method: 'POST',
      data: event,
      header: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw networkError();
  }
  if (res.statusCode === 401) {
    useSession.getState().signOut();
    void Taro.reLaunch({ url: LOGIN_PAGE });
    const body = res.data;
    if (isEnvelope(body) && !body.ok) throw AppError.fromBody(body.error);
    throw new AppError('AUTH.UNAUTHENTICATED', '登录已失效，请重新登录');
  }
  return res.data;
}
