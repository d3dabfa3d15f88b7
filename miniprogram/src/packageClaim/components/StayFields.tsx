import { Text, View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import { chinaToday } from '../../lib/format';
import type { ClaimableBenefit } from '../lib/benefits';
import { CAUSE_OPTIONS, type Errors, type StayState } from '../lib/facts-form';
import { Choice } from './Choice';
import { DateField } from './DateField';
import { Field } from './Field';

interface Props {
  index: number;
  stay: StayState;
  benefit: ClaimableBenefit;
  /** Other critical-illness categories the program knows (for the cross-benefit prompt). */
  criticalCategories: { id: string; label: string }[];
  errors: Errors;
  onChange: (patch: Partial<StayState>) => void;
  onRemove?: () => void;
}

/** One hospital stay: dates, hospital, settlement, cause, 个人自理 in yuan, invoice number. */
export function StayFields({ index, stay, benefit, criticalCategories, errors, onChange, onRemove }: Props) {
  const e = (k: string) => errors[`stays.${index}.${k}`];
  const today = chinaToday();
  const settlementOptions = [
    { value: 'insurance', label: benefit.settlementLabels.insurance ?? '使用医保卡结算' },
    { value: 'none', label: benefit.settlementLabels.none ?? '未经医保结算' },
  ];
  const stayError = errors[`stays.${index}`];
  return (
    <View className={`card claim-stay claim-stay--${index}`}>
      <View className="claim-stay__head">
        <Text className="claim-stay__title">第 {index + 1} 次住院</Text>
        {onRemove ? (
          <Text className="claim-link claim-stay__remove" onClick={onRemove}>
            删除此次住院
          </Text>
        ) : null}
      </View>
      {stayError ? <View className="error-text">{stayError}</View> : null}
      <Field label="入院日期" error={e('admittedOn')}>
        <DateField
          className="claim-stay__admitted"
          value={stay.admittedOn}
          end={today}
          onChange={(v) => onChange({ admittedOn: v })}
        />
      </Field>
      <Field label="出院日期" error={e('dischargedOn')}>
        <DateField
          className="claim-stay__discharged"
          value={stay.dischargedOn}
          end={today}
          onChange={(v) => onChange({ dischargedOn: v })}
        />
      </Field>
      <Field label="医院名称" error={e('hospital')}>
        <Input
          className="claim-input claim-stay__hospital"
          maxLength={60}
          placeholder="如：武进人民医院"
          value={stay.hospital}
          onChange={(v) => onChange({ hospital: v })}
        />
      </Field>
      <Field label="结算方式" error={e('settlement')}>
        <Choice
          className="claim-stay__settlement"
          options={settlementOptions}
          value={stay.settlement}
          onChange={(v) => onChange({ settlement: v })}
        />
      </Field>
      <Field label="住院原因" error={e('cause')}>
        <Choice
          className="claim-stay__cause"
          options={CAUSE_OPTIONS}
          value={stay.cause}
          onChange={(v) => onChange({ cause: v })}
        />
      </Field>
      <Field label="个人自理金额（元）" hint="结算单上的个人自付 + 自费部分" error={e('selfPaidFen')}>
        <Input
          className="claim-input claim-stay__selfpaid"
          type="digit"
          placeholder="如：8000.00"
          value={stay.selfPaid}
          onChange={(v) => onChange({ selfPaid: v })}
        />
      </Field>
      {stay.cause === 'traffic_accident' && stay.settlement === 'none' ? (
        <Field label="本人责任范围内的住院医疗总费用（元）" error={e('totalCostFen')}>
          <Input
            className="claim-input claim-stay__total"
            type="digit"
            placeholder="按事故责任认定"
            value={stay.totalCost}
            onChange={(v) => onChange({ totalCost: v })}
          />
        </Field>
      ) : null}
      <Field
        label="结算票据号码"
        hint={stay.settlement === 'none' ? '未经医保结算的住院需填写' : '选填'}
        error={e('invoiceNo')}
      >
        <Input
          className="claim-input claim-stay__invoice"
          maxLength={40}
          placeholder="票据上的号码"
          value={stay.invoiceNo}
          onChange={(v) => onChange({ invoiceNo: v })}
        />
      </Field>
      {criticalCategories.length ? (
        <Field
          label="诊断是否为重大疾病（选填）"
          hint="如是，可另行申请重大疾病补助金"
          error={e('criticalIllnessCategory')}
        >
          <Choice
            className="claim-stay__critical"
            options={[
              { value: '', label: '否' },
              ...criticalCategories.map((c) => ({ value: c.id, label: c.label })),
            ]}
            value={stay.criticalIllnessCategory}
            onChange={(v) => onChange({ criticalIllnessCategory: v })}
          />
        </Field>
      ) : null}
    </View>
  );
}
