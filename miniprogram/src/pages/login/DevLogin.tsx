import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { LinkCell } from '../../components/LinkCell';
import { devLogin, listDevIdentities } from '../../api/local-auth';
import type { DevIdentity, LocalSession } from '../../api/local-auth';
import { toAppError } from '../../api/errors';
import { roleLabel } from '../../lib/roles';

/**
 * 演示账号: one tap signs in as a seeded worker or officer. Rendered only when the H5 build
 * has TARO_APP_DEV_LOGIN=true, and the runtime answers /auth/dev only in local dev mode.
 */
export function DevLogin({
  onSignedIn,
  canSignIn,
}: {
  onSignedIn: (s: LocalSession) => void;
  /** Why signing in is not possible yet (the agreement is not ticked), or null. */
  canSignIn: () => string | null;
}) {
  const [identities, setIdentities] = useState<DevIdentity[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listDevIdentities()
      .then(setIdentities)
      .catch((e: unknown) => setError(toAppError(e).message));
  }, []);

  const pick = async (openid: string) => {
    const refused = canSignIn();
    if (refused) {
      setError(refused);
      return;
    }
    setError(null);
    try {
      onSignedIn(await devLogin(openid));
    } catch (e) {
      setError(toAppError(e).message);
    }
  };

  return (
    <View className="dev-login">
      <View className="section-title">演示账号（仅本地开发）</View>
      {error ? <View className="error-text">{error}</View> : null}
      {identities === null && !error ? <View className="card muted">加载中…</View> : null}
      {identities?.length === 0 ? (
        <View className="card muted">没有演示账号（运行时未导入演示数据）</View>
      ) : null}
      {identities?.map((id) => (
        <LinkCell
          key={id.openid}
          className={`dev-login__item dev-login__item--${id.role}`}
          title={id.label}
          extra={<View className="dev-login__role">{roleLabel(id.role)}</View>}
          onClick={() => void pick(id.openid)}
        />
      ))}
    </View>
  );
}
