import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { confirmChange } from '../../../lib/confirm';
import { yuan } from '../../lib/labels';
import { Field, Sheet } from '../../lib/ui';

type Batch = OutputOf<'review.batchGet'>;

/**
 * 登记发放结果: the bank's result, recorded once — every pending item paid except those marked
 * failed here (each with the bank's reason). Confirmed with the counts and totals.
 */
export function SettleSheet(props: {
  batch: Batch;
  onClose: () => void;
  onSettle: (failed: { claimId: string; reason: string }[]) => Promise<void>;
}) {
  const { batch, onClose, onSettle } = props;
  const pending = batch.items.filter((i) => i.status === 'pending');
  const [failed, setFailed] = useState<Record<string, string>>({});
  const toggle = (id: string) =>
    setFailed((f) => {
      const next = { ...f };
      if (id in next) delete next[id];
      else next[id] = '';
      return next;
    });
  const failedIds = Object.keys(failed);
  const paid = pending.filter((i) => !(i.claimId in failed));
  const paidFen = paid.reduce((t, i) => t + i.amountFen, 0);
  const ready = failedIds.every((id) => failed[id].trim());
  const submit = async () => {
    const text = `已转账 ${paid.length} 件，合计 ${yuan(paidFen)}；转账失败 ${failedIds.length} 件。登记后不可修改。`;
    if (!(await confirmChange('确认登记发放结果', text, '确认登记'))) return;
    await onSettle(failedIds.map((claimId) => ({ claimId, reason: failed[claimId].trim() })));
  };
  return (
    <Sheet title="登记发放结果" onClose={onClose} className="r-settle">
      <Text className="muted">勾选银行退回（转账失败）的项并填写原因；未勾选的登记为已转账。</Text>
      {pending.map((i) => {
        const isFailed = i.claimId in failed;
        return (
          <View key={i.claimId} className="r-settle__item">
            <View
              role="checkbox"
              className={`r-check ${isFailed ? 'r-check--on' : ''} r-settle__toggle`}
              onClick={() => toggle(i.claimId)}
            >
              <View className="r-check__box">{isFailed ? '✓' : ''}</View>
              <Text>
                {i.workerName} · {i.accountMasked} · {yuan(i.amountFen)} · {isFailed ? '转账失败' : '已转账'}
              </Text>
            </View>
            {isFailed ? (
              <Field
                className="r-settle__reason"
                label="失败原因"
                value={failed[i.claimId]}
                onInput={(v) => setFailed((f) => ({ ...f, [i.claimId]: v }))}
                maxlength={200}
              />
            ) : null}
          </View>
        );
      })}
      <Button
        className="r-settle__submit r-gap"
        block
        type="primary"
        disabled={!ready}
        onClick={() => void submit()}
      >
        登记：已转账 {paid.length} 件，失败 {failedIds.length} 件
      </Button>
    </Sheet>
  );
}
