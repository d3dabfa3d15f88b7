import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { ButtonProps as TaroButtonProps, BaseEventOrig } from '@tarojs/components';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { HOME_PAGE } from '../../routes';

type Privacy = 'checking' | 'needed' | 'agreed';
type PhoneDetail = TaroButtonProps.onGetPhoneNumberEventDetail & { code?: string };

/**
 * WeChat sign-in: the platform already knows who calls (OPENID); what we still need is the
 * phone number, proved by getPhoneNumber's one-time code. getPhoneNumber is a privacy
 * interface, so the user first agrees to the privacy guide through the dedicated button.
 */
export function LoginPanel() {
  const [privacy, setPrivacy] = useState<Privacy>('checking');
  const [error, setError] = useState<string | null>(null);
  const setPhoneCode = useSession((s) => s.setPhoneCode);

  useEffect(() => {
    // Refreshes WeChat's login state before the phone button is used; the cloud function
    // identifies the user by OPENID, so the code itself is not sent anywhere.
    Taro.login({ fail: () => setError('微信登录失败，请稍后重试') });
    // Base libraries before 2.32.3 have neither the API nor the privacy gate.
    if (typeof Taro.getPrivacySetting !== 'function') {
      setPrivacy('agreed');
      return;
    }
    Taro.getPrivacySetting({
      success: (res) => setPrivacy(res.needAuthorization ? 'needed' : 'agreed'),
      fail: () => setPrivacy('agreed'),
    });
  }, []);

  const onPhone = (e: BaseEventOrig<PhoneDetail>) => {
    const { code, errMsg } = e.detail;
    if (!code) {
      setError(errMsg?.includes('deny') ? '您未授权手机号，登记需要手机号' : '获取手机号失败，请重试');
      return;
    }
    setError(null);
    setPhoneCode(code);
    void loadMe();
    void Taro.reLaunch({ url: HOME_PAGE });
  };

  if (privacy === 'checking') return <View className="card login-card muted">正在检查授权…</View>;

  if (privacy === 'needed') {
    return (
      <View className="card login-privacy">
        <Text className="login-privacy__text">
          登记需要使用您的手机号。请先阅读并同意
          <Text className="login-privacy__link" onClick={() => Taro.openPrivacyContract({})}>
            《隐私保护指引》
          </Text>
          。
        </Text>
        <Button
          className="login-privacy__agree"
          type="primary"
          block
          size="large"
          id="agree-privacy"
          openType="agreePrivacyAuthorization"
          onAgreePrivacyAuthorization={() => setPrivacy('agreed')}
        >
          同意并继续
        </Button>
      </View>
    );
  }

  return (
    <View className="card login-card">
      <Text className="login-privacy__text">使用微信绑定的手机号完成登记，无需输入验证码。</Text>
      <Button
        id="phone-login"
        className="login-phone"
        type="primary"
        block
        size="large"
        openType="getPhoneNumber"
        onGetPhoneNumber={onPhone}
      >
        微信手机号快捷登记
      </Button>
      {error ? <View className="error-text">{error}</View> : null}
      <Text className="login-back" onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
        暂不登记，返回首页
      </Text>
    </View>
  );
}
