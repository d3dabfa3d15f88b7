import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ClaimableBenefit } from '../../lib/benefits';
import { Materials } from '../../components/Materials';
import { Unbroken } from '../../components/Unbroken';
import type { ClaimView } from './Filing';

interface Props {
  view: ClaimView;
  benefit: ClaimableBenefit;
  busy: boolean;
  formError: string | null;
  onChanged: () => void;
  onBack: () => void;
  onNext: () => void;
}

/** Step 2: the checklist the server derived from the facts (per stay), with photo upload. */
export function MaterialsStep({ view, benefit, busy, formError, onChanged, onBack, onNext }: Props) {
  const required = view.checklist.filter((c) => c.required);
  return (
    <View className="claim-step claim-step--materials">
      <Text className="claim-note">
        {required.length
          ? '请按清单拍照上传，照片会先在手机上压缩再上传；提交前可查看、删除。'
          : `按您填写的情况，${benefit.name}无需上传材料（如有其他补充材料可选传）。`}
      </Text>
      <Materials
        claimId={view.id}
        items={view.checklist}
        canRemove={() => view.canEdit}
        onChanged={onChanged}
      />
      {view.missing.length ? (
        <View className="card claim-missing">
          <Text className="claim-section__title">还需上传</Text>
          {view.missing.map((m, i) => (
            <Unbroken key={i} className="claim-missing__item" text={m.label} />
          ))}
        </View>
      ) : null}
      {formError ? <View className="error-text claim-form-error">{formError}</View> : null}
      <View className="claim-actions">
        <Button className="claim-back" fill="outline" type="primary" onClick={onBack}>
          上一步
        </Button>
        <Button className="claim-next claim-primary" type="primary" loading={busy} onClick={onNext}>
          下一步：查看补助预估
        </Button>
      </View>
    </View>
  );
}
