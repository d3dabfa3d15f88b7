import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { proveOtherPhone, sendSmsCode } from '../../api/local-auth';
import { toAppError } from '../../api/errors';
import { useSession } from '../../store/session';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Local runtime: the new number is proved with an SMS code (printed in the runtime's terminal),
 * as WeChat's getPhoneNumber proves it in the weapp build; the sign-in session stays the same.
 */
export function NewPhoneProof({ busy, onProof }: { busy: boolean; onProof: (phoneCode: string) => void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(0);

  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  const send = async () => {
    if (!MOBILE.test(phone)) return setError('请输入正确的手机号');
    setError(null);
    try {
      await sendSmsCode(phone);
      setWait(60);
    } catch (e) {
      setError(toAppError(e).message);
    }
  };
  const confirm = async () => {
    if (!/^\d{6}$/.test(code)) return setError('请输入 6 位验证码');
    setError(null);
    try {
      onProof(await proveOtherPhone(useSession.getState().token, phone, code));
    } catch (e) {
      setError(toAppError(e).message);
    }
  };
  return (
    <View className="phone-proof">
      <Text className="phone-proof__label">新手机号</Text>
      <Input
        className="phone-proof__input"
        type="tel"
        maxLength={11}
        placeholder="请输入新手机号"
        value={phone}
        onChange={setPhone}
      />
      <View className="phone-proof__row">
        <Input
          className="phone-proof__input phone-proof__code"
          type="number"
          maxLength={6}
          placeholder="短信验证码"
          value={code}
          onChange={setCode}
        />
        <Button className="phone-proof__send" size="large" disabled={wait > 0} onClick={() => void send()}>
          {wait > 0 ? `${wait} 秒后重发` : '获取验证码'}
        </Button>
      </View>
      {error ? <View className="error-text">{error}</View> : null}
      <Button
        className="phone-proof__confirm"
        type="primary"
        block
        size="large"
        loading={busy}
        onClick={() => void confirm()}
      >
        确认更换
      </Button>
    </View>
  );
}
