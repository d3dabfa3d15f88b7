import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../api/client';
import { PageError, PageLoading } from '../../components/PageState';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { chinaToday, formatChinaDateTime, formatYuan } from '../../lib/format';
import { coverageState, coverageStateText } from '../../lib/coverage';
import { cancelledPaymentText, clearLeftToPay, takeLeftToPay } from '../../lib/pay-cancel';
import { Period } from '../../components/Nowrap';
import { ENROL_PAY_PAGE, HOME_PAGE, POLICY_DETAIL_PAGE, withQuery } from '../../routes';
import './enrol.css';
import './result.css';

/**
 * Back from the payment sheet (or the sandbox page): the client's word is not proof, so ask the
 * server to check the order with WeChat Pay. "已参保" only when the server says active.
 */
export default function PayResult() {
  const { params } = useRouter();
  const enrollmentId = params.enrollmentId ?? '';
  const [synced, resync] = useLoad(() => call('enrollment.syncPayment', { enrollmentId }));

  useDidShow(() => {
    if (requireSignIn() && enrollmentId) void resync();
  });

  if (!enrollmentId)
    return (
      <View className="page pay-result">
        <PageError message="缺少参保记录编号" />
      </View>
    );
  if (synced.status === 'loading')
    return (
      <View className="page pay-result">
        <PageLoading text="正在确认支付结果…" />
      </View>
    );
  if (synced.status === 'error')
    return (
      <View className="page pay-result">
        <PageError message={synced.error.message} onRetry={() => void resync()} />
      </View>
    );

  const e = synced.data;
  const active = e.status === 'active';
  const today = chinaToday();
  const state = active ? coverageState(e.coverage, today) : null;
  // Back from the pay page without paying: the worker chose 取消 (sandbox) there.
  const left = e.status === 'pending_payment' ? takeLeftToPay(e.id) : null;
  if (e.status !== 'pending_payment') clearLeftToPay(e.id);
  const paidText =
    state === 'upcoming'
      ? `缴费 ${formatYuan(e.workerFen)} 已到账，保障自 ${e.coverage.start} 起生效`
      : state === 'expired'
        ? `缴费 ${formatYuan(e.workerFen)} 已到账，该期保障已到期`
        : `缴费 ${formatYuan(e.workerFen)} 已到账，保障生效`;
  return (
    <View className="page pay-result">
      <View className={`card pay-result__head pay-result__head--${e.status}`}>
        <View className="pay-result__icon">{active ? '✓' : '!'}</View>
        <Text className="pay-result__title">
          {active ? '已参保' : e.status === 'cancelled' ? '参保已取消' : '尚未完成支付'}
        </Text>
        {active ? (
          <Text className={`pay-result__state pay-result__state--${state ?? ''} nowrap`}>
            {coverageStateText(e.coverage, today)}
          </Text>
        ) : null}
        <Text className="pay-result__sub">
          {active
            ? paidText
            : e.status === 'cancelled'
              ? (e.note ?? '请回到参保缴费页重新参保')
              : left
                ? cancelledPaymentText(left.expiresAt)
                : (e.note ?? '未查到支付成功的记录。如已扣款，请稍后点“刷新结果”。')}
        </Text>
      </View>
      <View className="card">
        <Text className="pay-result__program">{e.programName}</Text>
        <View className="enrol-row">
          <Text className="enrol-row__label">保障期间</Text>
          <Period className="enrol-row__value" period={e.coverage} />
        </View>
        {e.certificateNo ? (
          <View className="enrol-row">
            <Text className="enrol-row__label">保单号</Text>
            <Text className="enrol-row__value pay-result__cert">{e.certificateNo}</Text>
          </View>
        ) : null}
        {e.paidAt ? (
          <View className="enrol-row">
            <Text className="enrol-row__label">缴费时间</Text>
            <Text className="enrol-row__value nowrap">{formatChinaDateTime(e.paidAt)}</Text>
          </View>
        ) : null}
      </View>
      {active ? (
        <Button
          className="pay-result__policy"
          block
          size="large"
          type="primary"
          onClick={() => void Taro.redirectTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: e.id }) })}
        >
          查看电子保单
        </Button>
      ) : e.status === 'pending_payment' ? (
        <View className="enrol-actions">
          <Button
            className="enrol-actions__btn pay-result__refresh"
            type="default"
            onClick={() => void resync()}
          >
            刷新结果
          </Button>
          <Button
            className="enrol-actions__btn pay-result__retry"
            type="primary"
            onClick={() => void Taro.redirectTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: e.id }) })}
          >
            继续支付
          </Button>
        </View>
      ) : null}
      <Text className="pay-result__home" onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
        返回首页
      </Text>
    </View>
  );
}
