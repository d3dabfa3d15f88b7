import type { ReactNode } from 'react';
import { View, Text, Input, Textarea } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import type { Loaded } from '../../lib/use-load';
import type { Paged } from '../../lib/paged';
import '../review.css';

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
    <View className={`r-row ${className ?? ''}`}>
      <Text className="r-row__label">{label}</Text>
      <View className="r-row__value">{children}</View>
    </View>
  );
}

/** A few options as large chips (tap targets ≥ 44 px), one chosen. */
export function Choice<T extends string>(props: {
  options: { value: T; label: string }[];
  value: T | null;
  onChange: (v: T) => void;
  className?: string;
}) {
  const { options, value, onChange, className } = props;
  return (
    <View className={`r-choice ${className ?? ''}`}>
      {options.map((o) => (
        <View
          key={o.value}
          role="button"
          className={`r-chip r-chip--${o.value || 'all'} ${o.value === value ? 'r-chip--on' : ''}`}
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
    <View className={`r-field ${className ?? ''}`}>
      <Text className="r-field__label">{label}</Text>
      <Input
        className="r-field__input"
        value={value}
        type={type}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
      />
    </View>
  );
}

/** A labelled multi-line text field. */
export function Area(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  placeholder?: string;
  className?: string;
  maxlength?: number;
}) {
  const { label, value, onInput, placeholder, className, maxlength = 500 } = props;
  return (
    <View className={`r-field ${className ?? ''}`}>
      <Text className="r-field__label">{label}</Text>
      <Textarea
        className="r-field__area"
        value={value}
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

/** Loading / error for one read; null when ready. */
export function loadedScreen<T>(state: Loaded<T>, reload: () => void): ReactNode {
  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error') return <PageError message={state.error.message} onRetry={reload} />;
  return null;
}

/** 已显示 n / 共 N 条 and 加载更多 under a paged list. */
export function ListFooter<T>({ list }: { list: Paged<T> }) {
  if (list.status !== 'ready' || list.items.length === 0) return null;
  return (
    <View className="r-footer">
      <Text className="muted">
        已显示 {list.items.length} / 共 {list.total} 条
      </Text>
      {list.hasMore ? (
        <Button
          className="r-more"
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

/** A bottom sheet dialog (our own, so it renders the same on weapp and H5). */
export function Sheet(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}) {
  const { title, onClose, children, className } = props;
  return (
    <View className={`r-sheet ${className ?? ''}`}>
      <View className="r-sheet__mask" onClick={onClose} />
      <View className="r-sheet__panel">
        <View className="r-sheet__head">
          <Text className="r-sheet__title">{title}</Text>
          <View className="r-sheet__close" role="button" onClick={onClose}>
            ×
          </View>
        </View>
        <View className="r-sheet__body">{children}</View>
      </View>
    </View>
  );
}

/** The org a page works on when the caller's grants cover several. */
export function OrgChoice(props: {
  orgs: { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
}) {
  if (props.orgs.length < 2) return null;
  return (
    <Choice
      className="r-orgs"
      options={props.orgs.map((o) => ({ value: o.id, label: o.name }))}
      value={props.value}
      onChange={props.onChange}
    />
  );
}
