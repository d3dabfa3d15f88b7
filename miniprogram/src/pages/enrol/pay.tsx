import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageError, PageLoading } from '../../components/PageState';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { formatYuan } from '../../lib/format';
import { cancelledPaymentText, orderExpiry } from '../../lib/pay-cancel';
import { Period } from '../../components/Nowrap';
import { ENROL_RESULT_PAGE, POLICY_DETAIL_PAGE, withQuery } from '../../routes';
import { FeeSplit } from './FeeSplit';
import { payOrder } from './pay-step';
import './enrol.css';
import './pay.css';

/** Pay the worker's share: the amount from the server, a confirmation, then the payment sheet. */
export default function Pay() {
  const { params } = useRouter();
  const enrollmentId = params.enrollmentId ?? '';
  const [enrollment, reload] = useLoad(() => call('enrollment.get', { enrollmentId }));
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Set when the worker closed the payment sheet on purpose: not an error, just the next step.
  const [cancelled, setCancelled] = useState<string | null>(null);

  useDidShow(() => {
    if (requireSignIn() && enrollmentId) void reload();
  });

  if (!enrollmentId)
    return (
      <View className="page enrol-pay">
        <PageError message="缺少参保记录编号" />
      </View>
    );
  if (enrollment.status === 'loading')
    return (
      <View className="page enrol-pay">
        <PageLoading />
      </View>
    );
  if (enrollment.status === 'error')
    return (
      <View className="page enrol-pay">
        <PageError message={enrollment.error.message} onRetry={() => void reload()} />
      </View>
    );

  const e = enrollment.data;
  const pay = async () => {
    const { confirm } = await Taro.showModal({
      title: '确认支付',
      content: `确认支付 ${formatYuan(e.workerFen)}？（${e.programName} 个人缴费）`,
      confirmText: '确认支付',
    });
    if (!confirm) return;
    setError(null);
    setCancelled(null);
    setPaying(true);
    try {
      const start = await call('enrollment.pay', { enrollmentId });
      const outcome = await payOrder(start, enrollmentId);
      if (outcome === 'done') void Taro.redirectTo({ url: withQuery(ENROL_RESULT_PAGE, { enrollmentId }) });
      else if (outcome === 'cancelled') {
        const text = cancelledPaymentText(orderExpiry(start));
        setCancelled(text);
        void Taro.showToast({ title: text, icon: 'none', duration: 3000 });
        setPaying(false);
      }
    } catch (err) {
      const ae = toAppError(err);
      if (ae.code === 'ENROLL.ALREADY_PAID')
        void Taro.redirectTo({ url: withQuery(ENROL_RESULT_PAGE, { enrollmentId }) });
      setError(ae.message);
      setPaying(false);
    }
  };

  return (
    <View className="page enrol-pay">
      <View className="card">
        <Text className="enrol-pay__name">{e.programName}</Text>
        <View className="enrol-row">
          <Text className="enrol-row__label">保障期间</Text>
          <Period className="enrol-row__value" period={e.coverage} />
        </View>
        <FeeSplit workerFen={e.workerFen} totalFen={e.totalFen} lines={e.feeLines} />
      </View>
      {e.note ? <View className="card enrol-pay__note">{e.note}</View> : null}
      {e.status === 'active' ? (
        <View className="card enrol-pay__done">
          <Text className="enrol-pay__done-text">已缴费，参保完成</Text>
          <Button
            className="enrol-pay__policy"
            block
            type="primary"
            onClick={() => void Taro.redirectTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: e.id }) })}
          >
            查看电子保单
          </Button>
        </View>
      ) : e.status === 'cancelled' ? (
        <View className="card enrol-pay__cancelled">该参保记录已取消，请回到参保缴费页重新参保。</View>
      ) : (
        <View className="enrol-pay__footer">
          <Text className="enrol-pay__hint">
            缴费成功后即完成参保，保障期自 <Text className="nowrap">{e.coverage.start}</Text>{' '}
            起算，可随时在“我的保单”查看电子保单。
          </Text>
          {cancelled ? <View className="enrol-pay__cancelled-note">{cancelled}</View> : null}
          {error ? <View className="error-text enrol-pay__error">{error}</View> : null}
          <Button
            className="enrol-pay__submit"
            block
            size="large"
            type="primary"
            loading={paying}
            onClick={() => void pay()}
          >
            立即缴费 {formatYuan(e.workerFen)}
          </Button>
        </View>
      )}
    </View>
  );
}
