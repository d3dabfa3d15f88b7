import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { ButtonProps as TaroButtonProps, BaseEventOrig } from '@tarojs/components';
import { AppError } from '@shared/errors';
import { useSession } from '../../store/session';

type Privacy = 'checking' | 'needed' | 'agreed';
type PhoneDetail = TaroButtonProps.onGetPhoneNumberEventDetail & { code?: string };

const PHONE_FIELD = 'payload.phoneCode';

/**
 * WeChat: the phone number is proved by getPhoneNumber's one-time code (valid five minutes,
 * single use), kept in the session store until the registration uses it. getPhoneNumber is a
 * privacy interface, so the user first agrees to the privacy guide, as on the login page.
 * The H5 build uses PhoneProof.h5.tsx instead.
 */
export function PhoneProof({ error }: { error?: string | null }) {
  const code = useSession((s) => s.phoneCode);
  const setPhoneCode = useSession((s) => s.setPhoneCode);
  const [privacy, setPrivacy] = useState<Privacy>('checking');
  const [own, setOwn] = useState<string | null>(null);

  useEffect(() => {
    Taro.getPrivacySetting({
      success: (res) => setPrivacy(res.needAuthorization ? 'needed' : 'agreed'),
      fail: () => setPrivacy('agreed'),
    });
  }, []);

  const onPhone = (e: BaseEventOrig<PhoneDetail>) => {
    const { code: got, errMsg } = e.detail;
    if (!got) {
      setOwn(errMsg?.includes('deny') ? '您未授权手机号，登记需要手机号' : '获取手机号失败，请重试');
      return;
    }
    setOwn(null);
    setPhoneCode(got);
  };

  const shown = own ?? error;
  return (
    <View className="register-phone">
      <Text className="register-label">手机号</Text>
      {code ? (
        <Text className="register-phone__ok">已获取微信绑定的手机号</Text>
      ) : privacy === 'needed' ? (
        <View>
          <Text className="register-hint">
            登记需要使用您的手机号，请先阅读并同意
            <Text className="register-link" onClick={() => Taro.openPrivacyContract({})}>
              《隐私保护指引》
            </Text>
          </Text>
          <Button
            className="register-privacy"
            type="primary"
            fill="outline"
            block
            id="agree-privacy-register"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => setPrivacy('agreed')}
          >
            同意并继续
          </Button>
        </View>
      ) : (
        <Button
          className="register-phone__get"
          type="primary"
          fill="outline"
          block
          disabled={privacy === 'checking'}
          openType="getPhoneNumber"
          onGetPhoneNumber={onPhone}
        >
          获取微信绑定的手机号
        </Button>
      )}
      {shown ? <View className="error-text">{shown}</View> : null}
    </View>
  );
}

/** The code to send with user.register; it is single use, so it is forgotten once taken. */
export async function takePhoneCode(): Promise<string> {
  const code = useSession.getState().phoneCode;
  if (!code) throw new AppError('USER.PHONE_UNVERIFIED', '请先获取手机号', PHONE_FIELD);
  useSession.getState().setPhoneCode(null);
  return code;
}
