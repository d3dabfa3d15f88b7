import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { Offer } from '@shared/api/enrollment';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageEmpty, PageLoading } from '../../components/PageState';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { ENROLLMENT_STATUS_LABELS, ENROLLMENT_STATUS_TONES } from '../../lib/format';
import { enrolmentLabel } from '../../lib/coverage';
import { toast } from '../../lib/toast';
import { ENROL_DETAIL_PAGE, ENROL_PAY_PAGE, POLICY_DETAIL_PAGE, POLICY_PAGE, withQuery } from '../../routes';
import { EnrolBlocked } from './Prerequisite';
import { FeeSplit } from './FeeSplit';
import { OfferPeriods } from './OfferPeriods';
import { Issues } from './Issues';
import './enrol.css';
import './index.css';

/** 参保缴费: the programs open to the worker's unit today, with the worker's own share. */
export default function Offers() {
  const { params } = useRouter();
  // Set when the worker has just joined the unit by its QR code.
  const joined = params.joined ? decodeURIComponent(params.joined) : '';
  const [offers, reload] = useLoad(() => call('enrollment.offers', {}));
  const [renewing, setRenewing] = useState<string | null>(null);

  useDidShow(() => {
    // Coming back from paying or registering changes what this page shows.
    if (requireSignIn()) void reload();
  });

  const renew = async (o: Offer) => {
    if (!o.renewableFrom) return;
    const { confirm } = await Taro.showModal({
      title: '一键续保',
      content: `沿用上期的签名和参保须知，续保“${o.name}”，本期我需缴费后生效。`,
      confirmText: '续保',
    });
    if (!confirm) return;
    setRenewing(o.programId);
    try {
      const e = await call('enrollment.renew', { fromEnrollmentId: o.renewableFrom, programId: o.programId });
      if (e.status === 'active') void Taro.navigateTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: e.id }) });
      else void Taro.navigateTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: e.id }) });
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'ENROLL.NOTICE_CHANGED') {
        // The notice changed since last time: read and sign it again.
        toast(e.message);
        void Taro.navigateTo({ url: withQuery(ENROL_DETAIL_PAGE, { programId: o.programId }) });
      } else toast(e.message);
    } finally {
      setRenewing(null);
    }
  };

  let body;
  if (offers.status === 'loading') body = <PageLoading />;
  else if (offers.status === 'error')
    body = <EnrolBlocked error={offers.error} onRetry={() => void reload()} />;
  else if (offers.data.offers.length === 0)
    body = (
      <PageEmpty
        title="暂无可参保的项目"
        description="您所在单位目前没有开放参保的项目，开放时请留意单位工会通知。"
      />
    );
  else
    body = offers.data.offers.map((o) => {
      const blocked = o.issues.some((i) => i.blocking);
      const detail = () =>
        void Taro.navigateTo({ url: withQuery(ENROL_DETAIL_PAGE, { programId: o.programId }) });
      return (
        <View key={o.programId} className="card offer">
          <View className="offer__head">
            <Text className="offer__name">{o.name}</Text>
            {o.enrollmentStatus ? (
              <Tag
                className="offer__status"
                type={
                  o.enrollmentStatus === 'active'
                    ? enrolmentLabel({ status: 'active', coverage: o.coverage }).tone
                    : ENROLLMENT_STATUS_TONES[o.enrollmentStatus]
                }
                round
              >
                {o.enrollmentStatus === 'active'
                  ? `已参保 · ${enrolmentLabel({ status: 'active', coverage: o.coverage }).label}`
                  : ENROLLMENT_STATUS_LABELS[o.enrollmentStatus]}
              </Tag>
            ) : null}
          </View>
          <Text className="offer__region">{o.region}</Text>
          <OfferPeriods coverage={o.coverage} window={o.window} />
          <FeeSplit workerFen={o.workerFen} totalFen={o.totalFen} lines={o.feeLines} />
          <Issues issues={o.issues} />
          <View className="enrol-actions">
            {o.enrollmentStatus === 'active' && o.enrollmentId ? (
              <Button
                className="enrol-actions__btn offer__policy"
                type="primary"
                fill="outline"
                onClick={() =>
                  void Taro.navigateTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: o.enrollmentId }) })
                }
              >
                查看电子保单
              </Button>
            ) : o.enrollmentStatus === 'pending_payment' && o.enrollmentId ? (
              <Button
                className="enrol-actions__btn offer__pay"
                type="primary"
                onClick={() =>
                  void Taro.navigateTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: o.enrollmentId }) })
                }
              >
                去缴费
              </Button>
            ) : o.renewableFrom ? (
              <>
                <Button className="enrol-actions__btn offer__detail" type="default" onClick={detail}>
                  查看详情
                </Button>
                <Button
                  className="enrol-actions__btn offer__renew"
                  type="primary"
                  disabled={blocked}
                  loading={renewing === o.programId}
                  onClick={() => void renew(o)}
                >
                  一键续保
                </Button>
              </>
            ) : (
              <Button
                className="enrol-actions__btn offer__detail"
                type="primary"
                disabled={blocked}
                onClick={detail}
              >
                {blocked ? '暂不能参保' : '查看详情并参保'}
              </Button>
            )}
          </View>
        </View>
      );
    });

  return (
    <View className="page enrol">
      {joined ? <View className="card enrol-joined">已加入 {joined}</View> : null}
      {body}
      <Text className="enrol-mine" onClick={() => void Taro.navigateTo({ url: POLICY_PAGE })}>
        查看我的保单
      </Text>
    </View>
  );
}
