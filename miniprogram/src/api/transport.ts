import Taro from '@tarojs/taro';
import { networkError } from './errors';
import type { ActionEnvelope } from './types';

/**
 * WeChat transport: the platform authenticates the caller (OPENID) so nothing else is sent.
 * The H5 build resolves `./transport` to transport.h5.ts instead (Taro's per-platform files).
 */
export async function send(fn: string, event: ActionEnvelope): Promise<unknown> {
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: { ...event } });
    return res.result;
  } catch {
    throw networkError();
  }
}
