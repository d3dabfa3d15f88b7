import type { ReactElement } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';

export type OfficerUnit = { unit: { id: string; name: string } } | { screen: ReactElement };

/**
 * The unit a unit officer looks after on these pages: the org of their `unit_officer` grant in
 * `user.me` (officers of a district or the centre have no unit of their own). Anyone else
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
  const grant = me.grants.find((g) => g.role === 'unit_officer');
  if (!grant) {
    return {
      screen: (
        <View className="page">
          <PageEmpty title="没有单位经办权限" description="如需开通，请联系上级工会" />
        </View>
      ),
    };
  }
  return { unit: { id: grant.orgId, name: grant.orgName || '本单位' } };
}
