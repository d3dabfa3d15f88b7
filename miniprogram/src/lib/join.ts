import Taro from '@tarojs/taro';
import type { InputOf, OutputOf } from '@shared/api';
import type { ErrorCode } from '@shared/error-codes';
import { call } from '../api/client';
import { toAppError } from '../api/errors';

const CHANGE_UNCONFIRMED: ErrorCode = 'ORG.CHANGE_UNCONFIRMED';

/**
 * org.joinUnit, asking first when it would move the worker from their approved unit to another:
 * the server refuses with ORG.CHANGE_UNCONFIRMED and a message saying what changes; on 确认更换
 * the same request goes again with confirmChange. Null when the worker keeps the current unit.
 */
export async function joinUnit(input: InputOf<'org.joinUnit'>): Promise<OutputOf<'org.joinUnit'> | null> {
  try {
    return await call('org.joinUnit', input);
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== CHANGE_UNCONFIRMED) throw err;
    const { confirm } = await Taro.showModal({
      title: '更换所在单位',
      content: err.message,
      confirmText: '确认更换',
      cancelText: '暂不更换',
    });
    if (!confirm) return null;
    return call('org.joinUnit', { ...input, confirmChange: true });
  }
}
