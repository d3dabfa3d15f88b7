import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { formatYuan } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { CLAIM_DETAIL_PAGE, withQuery } from '../../../routes';
import type { ClaimableBenefit } from '../../lib/benefits';
import { requestClaimMessages } from '../../lib/subscribe';
import { EstimateView } from '../../components/EstimateView';
import type { ClaimView, EstimateResult } from './Filing';

interface Props {
  view: ClaimView;
  benefit: ClaimableBenefit;
  result: EstimateResult;
  onBack: () => void;
  onStartRelated: (p: EstimateResult['prompts'][number]) => void;
}

/** What happens after 提交, in the program's own words where known. */
function nextSteps(benefit: ClaimableBenefit): string {
  const review = benefit.reviewLabel ? `${benefit.reviewLabel}` : '互助保障中心按程序审核';
  const payout = benefit.payoutLabel ?? '审核通过后补助金发放至您的工会卡账户';
  return `提交后：${review}；${payout}。进度可在“我的申请”查看。`;
}

/** Step 3: the calculator's estimate with its explanation; confirm in a dialog, then submit. */
export function EstimateStep({ view, benefit, result, onBack, onStartRelated }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { estimate, duplicates, missing } = result;
  const blocked = Boolean(estimate.excluded) || missing.length > 0;

  const submit = async () => {
    setError(null);
    if (duplicates.length && !confirmed) {
      setError('请先核对上面的重复提示，并勾选“我已核对，确认提交”');
      return;
    }
    const { confirm } = await Taro.showModal({
      title: `提交${view.benefitName}申请`,
      // The amount first, so it sits whole on the dialog's first line (its text cannot be styled).
      content: `预估补助 ${formatYuan(estimate.amountFen)}（以审核结果为准）。${nextSteps(benefit)}`,
      confirmText: '确认提交',
      cancelText: '再看看',
    });
    if (!confirm) return;
    await requestClaimMessages(result.subscribeTemplateIds);
    setBusy(true);
    try {
      await call('claim.submit', {
        claimId: view.id,
        ...(duplicates.length ? { confirmDuplicates: true } : {}),
      });
      toast('申请已提交');
      void Taro.redirectTo({ url: withQuery(CLAIM_DETAIL_PAGE, { id: view.id }) });
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="claim-step claim-step--estimate">
      <EstimateView result={result} onStartRelated={onStartRelated} />
      {duplicates.length ? (
        <Checkbox
          className="claim-dup-confirm"
          checked={confirmed}
          onChange={(v) => setConfirmed(v)}
          label="我已核对，以上材料或票据确为本次申请所用，确认提交"
        />
      ) : null}
      {error ? <View className="error-text claim-form-error">{error}</View> : null}
      <View className="claim-actions">
        <Button className="claim-back" fill="outline" type="primary" onClick={onBack}>
          上一步
        </Button>
        <Button
          className="claim-submit claim-primary"
          type="primary"
          disabled={blocked}
          loading={busy}
          onClick={() => void submit()}
        >
          提交申请
        </Button>
      </View>
      {blocked ? (
        <Text className="claim-note">
          {estimate.excluded ? '该情形不属于补助范围，不能提交。' : '请先上传所缺材料。'}
        </Text>
      ) : null}
    </View>
  );
}
