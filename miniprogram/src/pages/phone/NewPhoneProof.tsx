import { useState } from 'react';
import { View } from '@tarojs/components';
import type { BaseEventOrig, ButtonProps } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

type PhoneDetail = ButtonProps.onGetPhoneNumberEventDetail & { code?: string };

/**
 * WeChat: the new number is proved by getPhoneNumber's one-time code (the user picks or adds the
 * number in WeChat's own sheet). The privacy authorisation rides on the same tap.
 * The H5 build uses NewPhoneProof.h5.tsx (an SMS code from the local runtime) instead.
 */
export function NewPhoneProof({ busy, onProof }: { busy: boolean; onProof: (phoneCode: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const onPhone = (e: BaseEventOrig<PhoneDetail>) => {
    if (!e.detail.code) {
      setError(e.detail.errMsg?.includes('deny') ? '您未授权手机号' : '获取手机号失败，请重试');
      return;
    }
    setError(null);
    onProof(e.detail.code);
  };
  return (
    <View className="phone-proof">
      <Button
        className="phone-proof__wechat"
        type="primary"
        block
        loading={busy}
        openType={'getPhoneNumber|agreePrivacyAuthorization' as ButtonProps['openType']}
        onGetPhoneNumber={onPhone}
      >
        选择新的手机号
      </Button>
      {error ? <View className="error-text">{error}</View> : null}
    </View>
  );
}
