import Taro from '@tarojs/taro';
import { networkError, unwrap } from './errors';

/**
 * Sign-in against the local runtime (H5 build only: nothing in the weapp build imports this
 * module). Phone + SMS code stands in for WeChat's getPhoneNumber; the dev identities exist
 * only when the runtime runs in local dev mode and the build has TARO_APP_DEV_LOGIN=true.
 */
export interface LocalSession {
  token: string;
  openid: string;
  phone?: string;
  /** Plays the part of getPhoneNumber's one-time code for the registration step. */
  phoneCode?: string;
}

export interface DevIdentity {
  openid: string;
  label: string;
  role: string;
}

async function request(
  method: 'GET' | 'POST',
  url: string,
  data?: object,
  token?: string | null,
): Promise<unknown> {
  let res: Taro.request.SuccessCallbackResult;
  try {
    res = await Taro.request({
      url,
      method,
      data,
      header: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw networkError();
  }
  return unwrap(res.data);
}

export const sendSmsCode = async (phone: string): Promise<void> => {
  await request('POST', '/auth/sms/send', { phone });
};

export const verifySmsCode = (phone: string, code: string): Promise<LocalSession> =>
  request('POST', '/auth/sms/verify', { phone, code }) as Promise<LocalSession>;

export const logout = async (token: string | null): Promise<void> => {
  await request('POST', '/auth/logout', {}, token);
};

/** A fresh single-use phone proof for registration (the one from sign-in lasts five minutes). */
export const freshPhoneCode = async (token: string | null): Promise<string> =>
  ((await request('POST', '/auth/phone-code', {}, token)) as { phoneCode: string }).phoneCode;

/** A proof of a NEW phone for the signed-in account (changing the number), from its SMS code. */
export const proveOtherPhone = async (token: string | null, phone: string, code: string): Promise<string> =>
  ((await request('POST', '/auth/phone-code', { phone, code }, token)) as { phoneCode: string }).phoneCode;

export const listDevIdentities = (): Promise<DevIdentity[]> =>
  request('GET', '/auth/dev/identities') as Promise<DevIdentity[]>;

export const devLogin = (openid: string): Promise<LocalSession> =>
  request('POST', '/auth/dev', { openid }) as Promise<LocalSession>;
