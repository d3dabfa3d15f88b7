import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';
import { useSession } from '../store/session';
import { isEnvelope, networkError } from './errors';
import { LOGIN_PAGE, withQuery } from '../routes';
import { resumeAfterSignIn } from '../lib/resume';
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
  if (res.statusCode === 401 && token) {
    // The session expired or was revoked: say so on the login page and come back here after.
    const here = window.location.hash.replace(/^#/, '');
    if (here && !here.startsWith(LOGIN_PAGE)) resumeAfterSignIn(here);
    useSession.getState().signOut();
    void Taro.reLaunch({ url: withQuery(LOGIN_PAGE, { expired: '1' }) });
    const body = res.data;
    if (isEnvelope(body) && !body.ok) throw AppError.fromBody(body.error);
    throw new AppError('AUTH.UNAUTHENTICATED', '登录已失效，请重新登录');
  }
  // No token at all (a public page, or the login page naming a QR code's unit): just the refusal.
  if (res.statusCode === 401) {
    const body = res.data;
    if (isEnvelope(body) && !body.ok) throw AppError.fromBody(body.error);
    throw new AppError('AUTH.UNAUTHENTICATED', '请先登录');
  }
  return res.data;
}
