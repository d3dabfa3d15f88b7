import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { toast } from '../../lib/toast';
import { parseIdNumber } from '@shared/identity';
import { HOME_PAGE } from '../../routes';
import { PhoneProof, takePhoneCode } from './PhoneProof';
import './index.css';

type Field = 'name' | 'idNumber' | 'unionCardNo' | 'phoneCode';
type Errors = Partial<Record<Field, string>>;

// The same rules as shared/api/user.ts (the server checks again); kept here as plain regexes so
// the mini-program does not carry zod.
const NAME = /^[\u4e00-\u9fa5·A-Za-z\s]+$/;
const UNION_CARD = /^[0-9]{6,24}$/;

function checkName(name: string): string | undefined {
  const n = name.trim();
  if (n.length < 2) return '请填写真实姓名';
  if (n.length > 30) return '姓名过长';
  if (!NAME.test(n)) return '姓名只能包含汉字、字母或间隔号';
  return undefined;
}

function checkId(id: string): string | undefined {
  const parsed = parseIdNumber(id);
  return parsed.ok ? undefined : parsed.message;
}

function checkCard(card: string): string | undefined {
  const c = card.trim();
  return c === '' || UNION_CARD.test(c) ? undefined : '工会服务卡号应为 6–24 位数字';
}

/** `payload.idNumber` → `idNumber`, for the fields this form shows. */
function fieldOf(path: string | undefined): Field | null {
  const last = path?.split('.').pop();
  return last === 'name' || last === 'idNumber' || last === 'unionCardNo' || last === 'phoneCode'
    ? last
    : null;
}

/** Real-name registration: name, ID number (checked at once), optional union card, phone proof. */
export default function Register() {
  const me = useSession((s) => s.me);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [card, setCard] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useDidShow(() => {
    if (requireSignIn() && useSession.getState().meStatus === 'idle') void loadMe();
  });

  const setError = (field: Field, message: string | undefined) =>
    setErrors((e) => ({ ...e, [field]: message }));
  // Leaving a field only ever adds an error; typing clears it. Clearing on blur would move the
  // button under a finger that is already tapping it (the blur comes first), losing the tap.
  const flagOnBlur = (field: Field, message: string | undefined) => {
    if (message) setError(field, message);
  };
  const typed = (field: Field, set: (v: string) => void) => (v: string) => {
    set(v);
    if (errors[field]) setError(field, undefined);
  };

  const submit = async () => {
    const found: Errors = {
      name: checkName(name),
      idNumber: checkId(idNumber),
      unionCardNo: checkCard(card),
    };
    setErrors(found);
    setFormError(null);
    if (found.name || found.idNumber || found.unionCardNo) return;
    setSubmitting(true);
    try {
      const phoneCode = await takePhoneCode();
      const registered = await call('user.register', {
        name: name.trim(),
        idNumber: idNumber.trim().toUpperCase(),
        phoneCode,
        ...(card.trim() ? { unionCardNo: card.trim() } : {}),
      });
      useSession.getState().meLoaded(registered);
      toast('登记成功');
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.reLaunch({ url: HOME_PAGE });
    } catch (e) {
      const err = toAppError(e);
      const field = fieldOf(err.field);
      if (field) setError(field, err.message);
      else setFormError(err.message);
    } finally {
      setSubmitting(false);
    }
  };

  /** Already registered: only the union card can be added or corrected. */
  const saveCard = async () => {
    const problem = card.trim() ? checkCard(card) : '请填写工会服务卡号';
    setError('unionCardNo', problem);
    setFormError(null);
    if (problem) return;
    setSubmitting(true);
    try {
      useSession.getState().meLoaded(await call('user.updateUnionCard', { unionCardNo: card.trim() }));
      toast('已保存');
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    } catch (e) {
      const err = toAppError(e);
      if (fieldOf(err.field) === 'unionCardNo') setError('unionCardNo', err.message);
      else setFormError(err.message);
    } finally {
      setSubmitting(false);
    }
  };

  const cardField = (label: string, hint?: string) => (
    <View className="register-field">
      <Text className="register-label">{label}</Text>
      <Input
        className="register-input register-card"
        name="unionCardNo"
        type="number"
        maxLength={24}
        placeholder="卡面上的数字卡号"
        value={card}
        onChange={typed('unionCardNo', setCard)}
        onBlur={() => flagOnBlur('unionCardNo', checkCard(card))}
      />
      {hint ? <Text className="register-hint">{hint}</Text> : null}
      {errors.unionCardNo ? (
        <View className="error-text register-error--card">{errors.unionCardNo}</View>
      ) : null}
    </View>
  );

  return (
    <View className="page register">
      <View className="register-head">
        <Text className="register-head__title">实名登记</Text>
        <Text className="register-head__sub">
          参保和申请补助需要核实身份。身份证号加密保存，页面上只显示部分号码。
        </Text>
      </View>

      {me?.registered ? (
        <View className="card register-done">
          <Text className="register-done__text">
            您已登记：{me.displayName} {me.idMasked}
          </Text>
          <Text className="muted">
            {me.hasUnionCard
              ? '已登记工会服务卡号；如卡号有变，可在下方更新。'
              : '补充工会服务卡号后，即可参加须凭卡参保的项目（如武进区互助保障）。'}
          </Text>
          {cardField('工会服务卡号')}
          {formError ? <View className="error-text register-error">{formError}</View> : null}
          <Button
            className="register-submit register-card-save"
            type="primary"
            block
            loading={submitting}
            onClick={() => void saveCard()}
          >
            保存卡号
          </Button>
        </View>
      ) : (
        <View className="card register-form">
          <View className="register-field">
            <Text className="register-label">姓名</Text>
            <Input
              className="register-input register-name"
              name="name"
              maxLength={30}
              placeholder="与身份证一致"
              value={name}
              onChange={typed('name', setName)}
              onBlur={() => flagOnBlur('name', name ? checkName(name) : undefined)}
            />
            {errors.name ? <View className="error-text register-error--name">{errors.name}</View> : null}
          </View>

          <View className="register-field">
            <Text className="register-label">身份证号</Text>
            <Input
              className="register-input register-id"
              name="idNumber"
              type="idcard"
              maxLength={18}
              placeholder="18 位居民身份证号"
              value={idNumber}
              onChange={(v) => {
                setIdNumber(v);
                // Judge only a complete number while typing; a partial one is not wrong yet.
                setError('idNumber', v.trim().length === 18 ? checkId(v) : undefined);
              }}
              onBlur={() => flagOnBlur('idNumber', idNumber ? checkId(idNumber) : undefined)}
            />
            {errors.idNumber ? (
              <View className="error-text register-error--id">{errors.idNumber}</View>
            ) : null}
          </View>

          {cardField(
            '工会服务卡号（选填）',
            '武进区的互助保障项目须凭工会服务卡参保，请一并填写；其他地区可不填。',
          )}

          <PhoneProof error={errors.phoneCode} />

          {formError ? <View className="error-text register-error">{formError}</View> : null}
          <Button
            className="register-submit"
            type="primary"
            block
            size="large"
            loading={submitting}
            onClick={() => void submit()}
          >
            提交登记
          </Button>
        </View>
      )}
    </View>
  );
}
