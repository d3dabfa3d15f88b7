import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { toast } from '../../lib/toast';
import { ENROL_PAGE, REGISTER_PAGE } from '../../routes';
import './index.css';

const UNION_CARD = /^[0-9]{6,24}$/;

/**
 * 工会服务卡: the card number alone, for a registered worker whose offer needs it (or who wants
 * to change it from 我的). Saving returns to the page that sent the worker here (the offer).
 */
export default function UnionCard() {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const meError = useSession((s) => s.meError);
  const [card, setCard] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useDidShow(() => {
    if (requireSignIn()) void loadMe();
  });

  if (status === 'error')
    return (
      <View className="page union-card">
        <PageError message={meError ?? ''} onRetry={() => void loadMe()} />
      </View>
    );
  if (!me)
    return (
      <View className="page union-card">
        <PageLoading />
      </View>
    );
  if (!me.registered)
    return (
      <View className="page union-card">
        <View className="card">
          <Text className="union-card__text">请先完成实名登记，再填写工会服务卡号。</Text>
          <Button
            className="union-card__register"
            type="primary"
            block
            onClick={() => void Taro.redirectTo({ url: REGISTER_PAGE })}
          >
            去实名登记
          </Button>
        </View>
      </View>
    );

  const save = async () => {
    const c = card.trim();
    if (!UNION_CARD.test(c)) {
      setError(c ? '工会服务卡号应为 6–24 位数字' : '请填写工会服务卡号');
      return;
    }
    setError(null);
    setSaving(true);
    try {
      useSession.getState().meLoaded(await call('user.updateUnionCard', { unionCardNo: c }));
      toast('已保存工会服务卡号');
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: ENROL_PAGE });
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page union-card">
      <View className="card">
        <Text className="union-card__title">工会服务卡</Text>
        <Text className="union-card__text">
          {me.hasUnionCard
            ? `已登记卡号 ${me.unionCardMasked ?? ''}。如卡号有变，请填写新卡号。`
            : '本项目须凭工会服务卡参保。请填写卡面上的数字卡号，保存后回到参保页面继续。'}
        </Text>
        <Input
          className="union-card__input"
          name="unionCardNo"
          type="number"
          maxLength={24}
          placeholder="卡面上的数字卡号"
          value={card}
          onChange={(v) => {
            setCard(v);
            if (error) setError(null);
          }}
        />
        {error ? <View className="error-text union-card__error">{error}</View> : null}
        <Button
          className="union-card__save"
          type="primary"
          block
          size="large"
          loading={saving}
          onClick={() => void save()}
        >
          保存卡号
        </Button>
      </View>
    </View>
  );
}
