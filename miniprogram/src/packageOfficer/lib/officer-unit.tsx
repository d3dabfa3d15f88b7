import type { ReactElement } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';

export type OfficerUnit = { unit: { id: string; name: string } } | { screen: ReactElement };

/**
 * The unit a unit officer looks after on these pages: their own unit from `user.me`. Anyone else
 * gets the screen to show instead (loading, error, or why there is nothing for them here); the
 * backend checks the role again on every call.
 */
export function useOfficerUnit(): OfficerUnit {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const error = useSession((s) => s.meError);

  useDidShow(() => {
    if (requireSignIn() && useSession.getState().meStatus === 'idle') void loadMe();
  });

  if (status === 'error')
    return { screen: <PageError message={error ?? ''} onRetry={() => void loadMe()} /> };
  if (!me) return { screen: <PageLoading /> };
  if (!me.roles.includes('unit_officer') || !me.unitId) {
    return {
      screen: (
        <View className="page">
          <PageEmpty title="没有单位经办权限" description="如需开通，请联系上级工会" />
        </View>
      ),
    };
  }
  return { unit: { id: me.unitId, name: me.unitName ?? '本单位' } };
}
