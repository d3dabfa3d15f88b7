import { Picker, View } from '@tarojs/components';

interface Props {
  value: string;
  onChange: (value: string) => void;
  className?: string;
  /** Latest selectable date (YYYY-MM-DD), e.g. today. */
  end?: string;
  placeholder?: string;
}

/** A date chosen from WeChat's date picker (typing dates on a phone is error-prone). */
export function DateField({ value, onChange, className, end, placeholder = '请选择日期' }: Props) {
  return (
    <Picker mode="date" value={value} end={end} onChange={(e) => onChange(String(e.detail.value))}>
      <View className={`claim-input claim-date ${className ?? ''} ${value ? '' : 'claim-input--empty'}`}>
        {value || placeholder}
      </View>
    </Picker>
  );
}
