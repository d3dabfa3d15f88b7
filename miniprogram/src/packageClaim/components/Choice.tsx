import { View } from '@tarojs/components';

interface Props {
  options: readonly { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
  className?: string;
}

/** One of a few options as large tap chips (≥ 44 px), the chosen one filled. */
export function Choice({ options, value, onChange, className }: Props) {
  return (
    <View className={`claim-choice ${className ?? ''}`}>
      {options.map((o) => (
        <View
          key={o.value}
          role="button"
          aria-pressed={o.value === value}
          className={`claim-choice__item claim-choice__item--${o.value} ${o.value === value ? 'claim-choice__item--on' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}
