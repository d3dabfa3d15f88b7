import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageError, PageLoading } from '../../../components/PageState';
import { Period } from '../../../components/Nowrap';
import { requireSignIn } from '../../../session/require-sign-in';
import { useLoad } from '../../../lib/use-load';
import { formatChinaDate, formatChinaDateTime, formatYuan } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { CLAIM_FORM_PAGE, withQuery } from '../../../routes';
import { ClaimStatusTag } from '../../components/ClaimStatus';
import { Timeline } from '../../components/Timeline';
import { actorText } from '../../lib/labels';
import { MaterialRequest } from './MaterialRequest';
import '../../claim.css';

/** 申请详情: status, amounts, what is asked for (需补充材料), expected payment, withdraw, timeline. */
export default function ClaimDetail() {
  const { params } = useRouter();
  const claimId = params.id ?? '';
  const [state, reload] = useLoad(() => call('claim.get', { claimId }));

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error')
    return (
      <View className="page claim-page">
        <PageError message={state.error.message} onRetry={() => void reload()} />
      </View>
    );
  const c = state.data;

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回这件申请？',
      content: '撤回后不再审核；如仍需申请，可重新填写提交。',
      confirmText: '撤回',
      cancelText: '不撤回',
    });
    if (!confirm) return;
    try {
      await call('claim.withdraw', { claimId });
      toast('已撤回');
      await reload();
    } catch (e) {
      toast(toAppError(e).message);
    }
  };

  return (
    <View className="page claim-page claim-detail">
      <View className="card claim-head">
        <View className="claim-head__row">
          <Text className="claim-head__title">{c.benefitName}</Text>
          <ClaimStatusTag status={c.status} />
        </View>
        <Text className="claim-head__meta">{c.programName}</Text>
        <View className="claim-kv">
          <Text className="claim-kv__k">保障期间</Text>
          <Period className="claim-kv__v" period={c.coverage} />
        </View>
        <View className="claim-kv">
          <Text className="claim-kv__k">参保职工</Text>
          <Text className="claim-kv__v">{c.workerName}</Text>
        </View>
        <View className="claim-kv">
          <Text className="claim-kv__k">申请人</Text>
          <Text className="claim-kv__v">{actorText(c.filedBy)}</Text>
        </View>
        {c.submittedAt ? (
          <View className="claim-kv">
            <Text className="claim-kv__k">提交时间</Text>
            <Text className="claim-kv__v nowrap">{formatChinaDateTime(c.submittedAt)}</Text>
          </View>
        ) : null}
        {c.estimateFen !== undefined ? (
          <View className="claim-kv">
            <Text className="claim-kv__k">预估补助</Text>
            <Text className="claim-kv__v claim-detail__estimate nowrap">{formatYuan(c.estimateFen)}</Text>
          </View>
        ) : null}
        {c.decision ? (
          <View className="claim-kv">
            <Text className="claim-kv__k">核定补助</Text>
            <Text className="claim-kv__v claim-detail__decided nowrap">
              {formatYuan(c.decision.amountFen)}
            </Text>
          </View>
        ) : null}
        {c.reviewBatch ? <Text className="claim-note">{c.reviewBatch.label}</Text> : null}
      </View>

      {c.expectedPayment ? (
        <View className="card claim-payment">
          <Text className="claim-section__title">预计发放</Text>
          <Text className="claim-payment__date nowrap">{c.expectedPayment.date} 前</Text>
          <Text className="claim-note">{c.expectedPayment.label}</Text>
          {c.expectedPayment.note ? <Text className="claim-note">{c.expectedPayment.note}</Text> : null}
        </View>
      ) : null}
      {c.paidAt ? (
        <View className="card claim-payment">
          <Text className="claim-section__title">已发放</Text>
          <Text className="nowrap">{formatChinaDate(c.paidAt)}</Text>
        </View>
      ) : null}
      {c.status === 'rejected' && c.decision?.reason ? (
        <View className="card claim-rejected">
          <Text className="claim-section__title">未通过原因</Text>
          <Text>{c.decision.reason}</Text>
        </View>
      ) : null}

      {c.status === 'needs_material' && c.materialRequest ? (
        <MaterialRequest claim={c} onChanged={() => void reload()} />
      ) : null}

      {c.canEdit ? (
        <Button
          className="claim-primary claim-detail__continue"
          block
          type="primary"
          onClick={() => void Taro.navigateTo({ url: withQuery(CLAIM_FORM_PAGE, { id: c.id }) })}
        >
          继续填写
        </Button>
      ) : null}

      <View className="card">
        <Text className="claim-section__title">办理进度</Text>
        <Timeline entries={c.timeline} />
      </View>

      {c.canWithdraw ? (
        <Button
          className="claim-withdraw"
          block
          fill="outline"
          type="default"
          onClick={() => void withdraw()}
        >
          撤回申请
        </Button>
      ) : null}
    </View>
  );
}
