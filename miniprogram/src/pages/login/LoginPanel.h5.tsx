import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Checkbox, Input } from '@nutui/nutui-react-taro';
import { sendSmsCode, verifySmsCode } from '../../api/local-auth';
import type { LocalSession } from '../../api/local-auth';
import { toAppError } from '../../api/errors';
import { useSession } from '../../store/session';
import { HOME_PAGE, PRIVACY_PAGE, withQuery } from '../../routes';
import { DevLogin } from './DevLogin';

const RESEND_SECONDS = 60;
const PHONE = /^1\d{10}$/;
const CODE = /^\d{6}$/;
const AGREE_FIRST = '请先阅读并勾选同意《用户协议》和《隐私政策》';

/** "请 42 秒后再试" → 42. */
const secondsIn = (message: string): number | null => {
  const m = /(\d+)\s*秒/.exec(message);
  return m ? Number(m[1]) : null;
};

/** Local runtime sign-in: phone + SMS code (the runtime logs the code instead of texting it). */
export function LoginPanel() {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [countdown, setCountdown] = useState(0);
  const [sending, setSending] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [agreed, setAgreed] = useState(false);
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
      const err = toAppError(e);
      setError(err.message);
      // Too soon: the button counts down the time the message names, so both agree.
      const wait = err.code === 'AUTH.RATE_LIMITED' ? secondsIn(err.message) : null;
      if (wait) setCountdown(wait);
    } finally {
      setSending(false);
    }
  };

  const verify = async () => {
    if (!PHONE.test(phone)) return setError('请输入 11 位手机号');
    if (!CODE.test(code)) return setError('请输入 6 位短信验证码');
    if (!agreed) return setError(AGREE_FIRST);
    setError(null);
    setVerifying(true);
    try {
      enter(await verifySmsCode(phone, code));
    } catch (e) {
      const err = toAppError(e);
      setVerifying(false);
      if (err.code === 'AUTH.CODE_EXPIRED') {
        // Too many wrong tries (or too late): the code is void, a new one can be sent right away.
        setCode('');
        setCountdown(0);
        setError(`${err.message}（可点“获取验证码”重新发送）`);
      } else setError(err.message);
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
        <View className="login-agree">
          <Checkbox className="login-agree__box" checked={agreed} onChange={setAgreed} />
          <Text className="login-agree__text" onClick={() => setAgreed(!agreed)}>
            我已阅读并同意
          </Text>
          <Text
            className="login-agree__link login-agree__terms"
            onClick={() => void Taro.navigateTo({ url: withQuery(PRIVACY_PAGE, { doc: 'terms' }) })}
          >
            《用户协议》
          </Text>
          <Text>和</Text>
          <Text
            className="login-agree__link login-agree__privacy"
            onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGE })}
          >
            《隐私政策》
          </Text>
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
      {process.env.TARO_APP_DEV_LOGIN === 'true' ? (
        <DevLogin canSignIn={() => (agreed ? null : AGREE_FIRST)} onSignedIn={enter} />
      ) : null}
    </View>
  );
}
