import type { ReactNode } from 'react';
import { View, Text, Input } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import type { Paged } from '../../lib/paged';
import '../officer.css';

/** A label and its value on one line of a card. */
export function Row({
  label,
  children,
  className,
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <View className={`o-row ${className ?? ''}`}>
      <Text className="o-row__label">{label}</Text>
      <View className="o-row__value">{children}</View>
    </View>
  );
}

/** A few options as large chips (tap targets ≥ 44 px), one chosen. */
export function Choice<T extends string | number>(props: {
  options: { value: T; label: string }[];
  value: T | null;
  onChange: (v: T) => void;
  className?: string;
}) {
  const { options, value, onChange, className } = props;
  return (
    <View className={`o-choice ${className ?? ''}`}>
      {options.map((o) => (
        <View
          key={String(o.value)}
          role="button"
          className={`o-chip ${o.value === value ? 'o-chip--on' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}

/** A labelled text or number field. */
export function Field(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  placeholder?: string;
  type?: 'text' | 'number' | 'digit';
  className?: string;
  maxlength?: number;
}) {
  const { label, value, onInput, placeholder, type = 'text', className, maxlength = 100 } = props;
  return (
    <View className={`o-field ${className ?? ''}`}>
      <Text className="o-field__label">{label}</Text>
      <Input
        className="o-field__input"
        value={value}
        type={type}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
      />
    </View>
  );
}

/** Loading / error / empty for a paged list; null when the list has items to show. */
export function pagedScreen<T>(list: Paged<T>, empty: string, description?: string): ReactNode {
  if (list.status === 'loading') return <PageLoading />;
  if (list.status === 'error')
    return <PageError message={list.error?.message ?? ''} onRetry={() => void list.reload()} />;
  if (list.items.length === 0) return <PageEmpty title={empty} description={description} />;
  return null;
}

/** 共 N 条 and 加载更多 under a paged list. */
export function ListFooter<T>({ list }: { list: Paged<T> }) {
  if (list.status !== 'ready' || list.items.length === 0) return null;
  return (
    <View className="o-footer">
      <Text className="muted">
        已显示 {list.items.length} / 共 {list.total} 条
      </Text>
      {list.hasMore ? (
        <Button
          className="o-more"
          block
          type="default"
          loading={list.loadingMore}
          onClick={() => void list.loadMore()}
        >
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
