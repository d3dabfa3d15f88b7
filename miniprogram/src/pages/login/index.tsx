import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { call } from '../../api/client';
import { peekResumeUrl } from '../../lib/resume';
// Resolves to LoginPanel.h5.tsx in the H5 build (Taro's per-platform files), so the weapp
// bundle never contains the SMS or dev-login code.
import { LoginPanel } from './LoginPanel';
import './index.css';

/** The scene of the unit QR code the worker came from, if sign-in interrupted joining. */
function joinScene(): string | null {
  const url = peekResumeUrl();
  if (!url?.startsWith('/pages/join/index?')) return null;
  const m = /[?&]scene=([^&]+)/.exec(url);
  return m ? decodeURIComponent(m[1]) : null;
}

export default function Login() {
  const { params } = useRouter();
  const expired = params.expired === '1';
  const [scene] = useState(joinScene);
  // Which unit the scanned code joins. Before sign-in the backend may refuse to say (it asks
  // for a session): then the page still tells the worker that joining continues after sign-in.
  const [unitName, setUnitName] = useState<string | null>(null);

  useEffect(() => {
    if (!scene) return;
    call('org.resolveScene', { scene })
      .then((u) => setUnitName(u.name))
      .catch(() => setUnitName(null));
  }, [scene]);

  return (
    <View className="page login">
      <View className="login-head">
        <Text className="login-head__title">职工互助保障</Text>
        <Text className="login-head__sub">工会会员二次医疗互助</Text>
      </View>
      {expired ? <View className="card login-expired">登录已失效，请重新登录</View> : null}
      {scene ? (
        <View className="card login-joining">
          {unitName ? (
            <Text>
              您正在加入 <Text className="login-joining__unit">{unitName}</Text>，登录后继续。
            </Text>
          ) : (
            <Text>您扫描了单位二维码，登录后继续加入单位。</Text>
          )}
        </View>
      ) : null}
      <LoginPanel />
    </View>
  );
}
