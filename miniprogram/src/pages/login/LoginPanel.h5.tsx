import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { sendSmsCode, verifySmsCode } from '../../api/local-auth';
import type { LocalSession } from '../../api/local-auth';
import { toAppError } from '../../api/errors';
import { useSession } from '../../store/session';
import { HOME_PAGE } from '../../routes';
import { DevLogin } from './DevLogin';

const RESEND_SECONDS = 60;
const PHONE = /^1\d{10}$/;
const CODE = /^\d{6}$/;

/** Local runtime sign-in: phone + SMS code (the runtime logs the code instead of texting it). */
export function LoginPanel() {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [countdown, setCountdown] = useState(0);
  const [sending, setSending] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signIn = useSession((s) => s.signIn);

  useEffect(() => {
    if (countdown <= 0) return undefined;
    const t = setTimeout(() => setCountdown((n) => n - 1), 1000);
    return () => clearTimeout(t);
  }, [countdown]);

  const send = async () => {
    if (!PHONE.test(phone)) return setError('请输入 11 位手机号');
    setError(null);
    setSending(true);
    try {
      await sendSmsCode(phone);
      setCountdown(RESEND_SECONDS);
      void Taro.showToast({ title: '验证码已发送', icon: 'none' });
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setSending(false);
    }
  };

  const verify = async () => {
    if (!PHONE.test(phone)) return setError('请输入 11 位手机号');
    if (!CODE.test(code)) return setError('请输入 6 位短信验证码');
    setError(null);
    setVerifying(true);
    try {
      enter(await verifySmsCode(phone, code));
    } catch (e) {
      setError(toAppError(e).message);
      setVerifying(false);
    }
  };

  const enter = (session: LocalSession) => {
    signIn({ token: session.token, phoneCode: session.phoneCode ?? null });
    void Taro.reLaunch({ url: HOME_PAGE });
  };

  return (
    <View>
      <View className="card login-card">
        <View className="login-field">
          <Input
            className="login-field__input login-phone"
            type="tel"
            name="phone"
            maxLength={11}
            placeholder="手机号"
            value={phone}
            onChange={setPhone}
          />
        </View>
        <View className="login-field">
          <Input
            className="login-field__input login-code"
            type="number"
            name="code"
            maxLength={6}
            placeholder="短信验证码"
            value={code}
            onChange={setCode}
          />
          <Button
            className="login-field__send login-send"
            size="small"
            fill="outline"
            type="primary"
            disabled={countdown > 0}
            loading={sending}
            onClick={() => void send()}
          >
            {countdown > 0 ? `${countdown} 秒后重发` : '获取验证码'}
          </Button>
        </View>
        {error ? <View className="error-text login-error">{error}</View> : null}
        <Button
          className="login-submit"
          type="primary"
          block
          size="large"
          loading={verifying}
          onClick={() => void verify()}
        >
          登录
        </Button>
      </View>
      {process.env.TARO_APP_DEV_LOGIN === 'true' ? <DevLogin onSignedIn={enter} /> : null}
    </View>
  );
}
