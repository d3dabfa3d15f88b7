import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { Enrollment } from '@shared/api/enrollment';
import { call } from '../../api/client';
import { PageEmpty, PageLoading } from '../../components/PageState';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { chinaToday, formatYuan } from '../../lib/format';
import { coverageStateText, enrolmentLabel } from '../../lib/coverage';
import { orderNextStep } from '../../lib/pay-cancel';
import { Period } from '../../components/Nowrap';
import { ENROL_PAGE, ENROL_PAY_PAGE, POLICY_DETAIL_PAGE, withQuery } from '../../routes';
import { EnrolBlocked } from '../enrol/Prerequisite';
import '../enrol/enrol.css';
import './index.css';

function open(e: Enrollment) {
  if (e.status === 'active') void Taro.navigateTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: e.id }) });
  else if (e.status === 'pending_payment')
    void Taro.navigateTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: e.id }) });
}

/** 我的保单: every enrolment of the worker, newest first, with what can be done next. */
export default function Policies() {
  const [mine, reload] = useLoad(() => call('enrollment.mine', {}));

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  let body;
  if (mine.status === 'loading') body = <PageLoading />;
  else if (mine.status === 'error') body = <EnrolBlocked error={mine.error} onRetry={() => void reload()} />;
  else if (mine.data.items.length === 0)
    body = (
      <View>
        <PageEmpty title="还没有参保记录" description="参保缴费后，电子保单会显示在这里。" />
        <Button
          className="policies-enrol"
          block
          type="primary"
          onClick={() => void Taro.navigateTo({ url: ENROL_PAGE })}
        >
          去参保缴费
        </Button>
      </View>
    );
  else {
    const today = chinaToday();
    body = mine.data.items.map((e) => {
      const shown = enrolmentLabel(e, today);
      return (
        <View key={e.id} className={`card policy-item policy-item--${e.status}`} onClick={() => open(e)}>
          <View className="policy-item__head">
            <Text className="policy-item__name">{e.programName}</Text>
            <Tag
              className={`policy-item__status policy-item__status--${shown.state ?? e.status}`}
              type={shown.tone}
              round
            >
              {shown.label}
            </Tag>
          </View>
          {shown.state ? (
            <Text className="policy-item__cover nowrap">{coverageStateText(e.coverage, today)}</Text>
          ) : null}
          <View className="enrol-row">
            <Text className="enrol-row__label">保障期间</Text>
            <Period className="enrol-row__value" period={e.coverage} />
          </View>
          <View className="enrol-row">
            <Text className="enrol-row__label">个人缴费</Text>
            <Text className="enrol-row__value nowrap">{formatYuan(e.workerFen)}</Text>
          </View>
          {e.certificateNo ? (
            <View className="enrol-row">
              <Text className="enrol-row__label">保单号</Text>
              <Text className="enrol-row__value nowrap">{e.certificateNo}</Text>
            </View>
          ) : null}
          {e.note ? <Text className="policy-item__note">{e.note}</Text> : null}
          {e.status === 'pending_payment' ? (
            <Text className="policy-item__next">{orderNextStep(e)}</Text>
          ) : null}
          {e.status !== 'cancelled' ? (
            <Text className="policy-item__action">
              {e.status === 'active' ? '查看电子保单 ›' : '去缴费 ›'}
            </Text>
          ) : null}
        </View>
      );
    });
  }

  return <View className="page policies">{body}</View>;
}
