import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ClaimableBenefit } from '../../lib/benefits';
import type { Errors, FormState } from '../../lib/facts-form';
import { FactsForm } from '../../components/FactsForm';

interface Props {
  form: FormState;
  benefit: ClaimableBenefit;
  criticalCategories: { id: string; label: string }[];
  errors: Errors;
  formError: string | null;
  busy: boolean;
  onChange: (update: (form: FormState) => FormState) => void;
  onSave: (thenNext: boolean) => void;
}

/** Step 1: the facts, saved to the draft on the server (保存草稿, or 下一步 which also checks them). */
export function FactsStep(p: Props) {
  return (
    <View className="claim-step claim-step--facts">
      {p.benefit.materialsNote ? <Text className="claim-note">{p.benefit.materialsNote}</Text> : null}
      <FactsForm
        form={p.form}
        benefit={p.benefit}
        criticalCategories={p.criticalCategories}
        errors={p.errors}
        onChange={p.onChange}
      />
      {p.formError ? <View className="error-text claim-form-error">{p.formError}</View> : null}
      <View className="claim-actions">
        <Button
          className="claim-save"
          fill="outline"
          type="primary"
          disabled={p.busy}
          onClick={() => p.onSave(false)}
        >
          保存草稿
        </Button>
        <Button
          className="claim-next claim-primary"
          type="primary"
          loading={p.busy}
          onClick={() => p.onSave(true)}
        >
          下一步：上传材料
        </Button>
      </View>
    </View>
  );
}
