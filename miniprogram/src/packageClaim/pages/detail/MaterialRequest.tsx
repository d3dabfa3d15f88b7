import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { formatChinaDate } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { Materials, type FileView, type MaterialItem } from '../../components/Materials';

type ClaimView = OutputOf<'claim.get'>;

/** 需补充材料: exactly what the reviewer asked for, a way to add it, and 重新提交. */
export function MaterialRequest({ claim, onChanged }: { claim: ClaimView; onChanged: () => void }) {
  const request = claim.materialRequest!;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const requestedAt = Date.parse(request.requestedAt);
  const items: MaterialItem[] = request.items.map((i) => {
    const listed = claim.checklist.find((c) => c.materialId === i.materialId && c.stayIndex === i.stayIndex);
    return {
      materialId: i.materialId,
      stayIndex: i.stayIndex,
      label: i.label,
      note: i.note,
      required: true,
      template: listed?.template ?? false,
      // Only what was added since the request counts (and may still be removed).
      files: (listed?.files ?? []).filter((f) => Date.parse(f.uploadedAt) >= requestedAt),
    };
  });
  const outstanding = claim.missing;
  // Files added for the request can be removed until resubmission; earlier ones are locked.
  const canRemove = (f: FileView) => Date.parse(f.uploadedAt) >= requestedAt;

  const resubmit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('claim.resubmit', { claimId: claim.id });
      toast('已重新提交');
      onChanged();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="claim-request">
      <View className="card claim-request__head">
        <Text className="claim-section__title">需补充材料</Text>
        <Text className="claim-request__note">{request.note}</Text>
        <Text className="claim-note nowrap">审核人员于 {formatChinaDate(request.requestedAt)} 提出</Text>
      </View>
      <Materials claimId={claim.id} items={items} canRemove={canRemove} onChanged={onChanged} />
      {outstanding.length ? (
        <Text className="claim-note claim-request__left">
          还需补充：{outstanding.map((m) => m.label).join('；')}
        </Text>
      ) : null}
      {error ? <View className="error-text claim-form-error">{error}</View> : null}
      <Button
        className="claim-primary claim-resubmit"
        block
        type="primary"
        loading={busy}
        disabled={outstanding.length > 0}
        onClick={() => void resubmit()}
      >
        补充完成，重新提交
      </Button>
    </View>
  );
}
