import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageLoading } from '../../components/PageState';
import { requireSignIn } from '../../session/require-sign-in';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { toast } from '../../lib/toast';
import { NewPhoneProof } from './NewPhoneProof';
import './index.css';

/** 更换手机号: the new number is proved the same way as at registration, then saved sealed. */
export default function ChangePhone() {
  const me = useSession((s) => s.me);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useDidShow(() => {
    if (requireSignIn()) void loadMe();
  });

  if (!me)
    return (
      <View className="page phone">
        <PageLoading />
      </View>
    );

  const save = async (phoneCode: string) => {
    setBusy(true);
    setError(null);
    try {
      useSession.getState().meLoaded(await call('user.changePhone', { phoneCode }));
      toast('手机号已更换');
      void Taro.navigateBack();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page phone">
      <View className="card">
        <Text className="phone__current">
          当前手机号 <Text className="nowrap">{me.phoneMasked ?? '未登记'}</Text>
        </Text>
        <Text className="phone__hint">更换后，补助审核与到账通知将发送到新手机号。</Text>
        <NewPhoneProof busy={busy} onProof={(code) => void save(code)} />
        {error ? <View className="error-text">{error}</View> : null}
      </View>
    </View>
  );
}
