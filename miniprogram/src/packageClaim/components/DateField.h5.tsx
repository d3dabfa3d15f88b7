interface Props {
  value: string;
  onChange: (value: string) => void;
  className?: string;
  /** Latest selectable date (YYYY-MM-DD), e.g. today. */
  end?: string;
  placeholder?: string;
}

/** The browser's own date input: phones show their native date picker. */
export function DateField({ value, onChange, className, end, placeholder = '请选择日期' }: Props) {
  return (
    <input
      type="date"
      className={`claim-input claim-date ${className ?? ''}`}
      value={value}
      max={end}
      placeholder={placeholder}
      aria-label={placeholder}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
