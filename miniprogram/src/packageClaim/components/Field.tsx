import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/** A labelled form row with its error in Chinese under it. */
export function Field({
  label,
  error,
  hint,
  className,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <View className={`claim-field ${className ?? ''} ${error ? 'claim-field--error' : ''}`}>
      <Text className="claim-field__label">{label}</Text>
      {children}
      {hint ? <Text className="claim-field__hint">{hint}</Text> : null}
      {error ? <View className="error-text claim-field__error">{error}</View> : null}
    </View>
  );
}
