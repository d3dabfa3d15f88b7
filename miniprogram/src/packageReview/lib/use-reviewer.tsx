import type { ReactElement } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { Me } from '@shared/api/user';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { hasRole, orgsFor, type OfficerRole } from './access';

export type Reviewer = { me: Me; orgs: { id: string; name: string }[] } | { screen: ReactElement };

/**
 * The signed-in officer holding one of `roles`, with the orgs those grants cover, or the screen
 * to show instead. The backend checks every call again.
 */
export function useReviewer(roles: readonly OfficerRole[], what: string): Reviewer {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const error = useSession((s) => s.meError);

  useDidShow(() => {
    if (requireSignIn() && useSession.getState().meStatus === 'idle') void loadMe();
  });

  if (status === 'error')
    return { screen: <PageError message={error ?? ''} onRetry={() => void loadMe()} /> };
  if (!me) return { screen: <PageLoading /> };
  if (!hasRole(me, roles)) {
    return {
      screen: (
        <View className="page">
          <PageEmpty title={`没有${what}权限`} description="如需开通，请联系上级工会" />
        </View>
      ),
    };
  }
  return { me, orgs: orgsFor(me, roles) };
}
