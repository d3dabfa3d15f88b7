import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { chinaToday } from '../../lib/format';
import type { ClaimableBenefit } from '../lib/benefits';
import {
  emptyStay,
  HOSPITAL_LEVEL_OPTIONS,
  OUTCOME_OPTIONS,
  type Errors,
  type FormState,
  type StayState,
} from '../lib/facts-form';
import { Choice } from './Choice';
import { DateField } from './DateField';
import { Field } from './Field';
import { StayFields } from './StayFields';

interface Props {
  form: FormState;
  benefit: ClaimableBenefit;
  criticalCategories: { id: string; label: string }[];
  errors: Errors;
  /** Functional updates, so two quick edits never overwrite each other. */
  onChange: (update: (form: FormState) => FormState) => void;
}

const MAX_STAYS = 20;
const GRADES = Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: `${i + 1} 级` }));
const YES_NO = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];

/** The facts of the claim, by the benefit's kind. */
export function FactsForm({ form, benefit, criticalCategories, errors, onChange }: Props) {
  const set = (patch: Partial<FormState>) => onChange((f) => ({ ...f, ...patch }));
  if (form.kind === 'tiered_annual' || form.kind === 'ratio') {
    const setStay = (i: number, patch: Partial<StayState>) =>
      onChange((f) => ({ ...f, stays: f.stays.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
    return (
      <View className="claim-facts claim-facts--stays">
        <Text className="claim-note">
          保障期内每次住院填写一条；多次住院的补助按全年累计个人自理金额计算。
        </Text>
        {errors.stays ? <View className="error-text">{errors.stays}</View> : null}
        {form.stays.map((s, i) => (
          <StayFields
            key={i}
            index={i}
            stay={s}
            benefit={benefit}
            criticalCategories={criticalCategories}
            errors={errors}
            onChange={(patch) => setStay(i, patch)}
            onRemove={
              form.stays.length > 1
                ? () => onChange((f) => ({ ...f, stays: f.stays.filter((_, j) => j !== i) }))
                : undefined
            }
          />
        ))}
        {form.stays.length < MAX_STAYS ? (
          <Button
            className="claim-add-stay"
            block
            fill="outline"
            type="primary"
            onClick={() => onChange((f) => ({ ...f, stays: [...f.stays, emptyStay()] }))}
          >
            + 添加一次住院
          </Button>
        ) : null}
      </View>
    );
  }
  const today = chinaToday();
  if (form.kind === 'fixed_grant')
    return (
      <View className="card claim-facts claim-facts--critical">
        <Field label="重大疾病类别" error={errors.category}>
          <Choice
            className="claim-critical__category"
            options={benefit.categories.map((c) => ({ value: c.id, label: c.label }))}
            value={form.category}
            onChange={(v) => set({ category: v })}
          />
        </Field>
        <Field label="首次确诊日期" error={errors.diagnosedOn}>
          <DateField value={form.diagnosedOn} end={today} onChange={(v) => set({ diagnosedOn: v })} />
        </Field>
        <Field label="是否在保障期内首次确诊" error={errors.firstDiagnosis}>
          <Choice
            options={YES_NO}
            value={form.firstDiagnosis ? 'yes' : 'no'}
            onChange={(v) => set({ firstDiagnosis: v === 'yes' })}
          />
        </Field>
        <Field label="确诊医院" error={errors.hospital}>
          <Input
            className="claim-input"
            maxLength={60}
            placeholder="医院全称"
            value={form.hospital}
            onChange={(v) => set({ hospital: v })}
          />
        </Field>
        <Field label="确诊医院等级" error={errors.hospitalLevel}>
          <Choice
            options={HOSPITAL_LEVEL_OPTIONS}
            value={form.hospitalLevel}
            onChange={(v) => set({ hospitalLevel: v })}
          />
        </Field>
        <Field label="是否外省市医院" error={errors.hospitalOutOfProvince}>
          <Choice
            options={YES_NO}
            value={form.hospitalOutOfProvince ? 'yes' : 'no'}
            onChange={(v) => set({ hospitalOutOfProvince: v === 'yes' })}
          />
        </Field>
      </View>
    );
  return (
    <View className="card claim-facts claim-facts--injury">
      <Field label="工伤或工亡" error={errors.outcome}>
        <Choice options={OUTCOME_OPTIONS} value={form.outcome} onChange={(v) => set({ outcome: v })} />
      </Field>
      <Field label="工伤事故发生日期" error={errors.injuredOn}>
        <DateField value={form.injuredOn} end={today} onChange={(v) => set({ injuredOn: v })} />
      </Field>
      <Field label="认定工伤决定书日期" error={errors.decidedOn}>
        <DateField value={form.decidedOn} end={today} onChange={(v) => set({ decidedOn: v })} />
      </Field>
      <Field label="认定工伤决定书编号（选填）" error={errors.decisionNo}>
        <Input
          className="claim-input"
          maxLength={40}
          placeholder="决定书上的编号"
          value={form.decisionNo}
          onChange={(v) => set({ decisionNo: v })}
        />
      </Field>
      {form.outcome === 'disability' ? (
        <>
          <Field label="伤残等级（劳动能力鉴定）" error={errors.grade}>
            <Choice options={GRADES} value={form.grade} onChange={(v) => set({ grade: v })} />
          </Field>
          <Field label="劳动能力鉴定日期" error={errors.appraisedOn}>
            <DateField value={form.appraisedOn} end={today} onChange={(v) => set({ appraisedOn: v })} />
          </Field>
        </>
      ) : null}
    </View>
  );
}
