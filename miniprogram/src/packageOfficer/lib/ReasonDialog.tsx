import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { Dialog, TextArea } from '@nutui/nutui-react-taro';
import { toAppError } from '../../api/errors';

/**
 * Asks for a reason (a rejection, a resolution note) before the change is made. Stays open
 * while the reason is missing or the call fails, keeping what was typed.
 */
export function ReasonDialog(props: {
  open: boolean;
  title: string;
  intro: string;
  placeholder: string;
  confirmText: string;
  className: string;
  minLength?: number;
  onCancel: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const {
    open,
    title,
    intro,
    placeholder,
    confirmText,
    className,
    minLength = 2,
    onCancel,
    onConfirm,
  } = props;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setReason('');
      setError(null);
    }
  }, [open]);

  const confirm = async () => {
    const text = reason.trim();
    if (text.length < minLength) {
      setError(`请填写原因（至少 ${minLength} 个字）`);
      throw new Error('reason required');
    }
    try {
      await onConfirm(text);
    } catch (e) {
      setError(toAppError(e).message);
      throw e;
    }
  };

  return (
    <Dialog
      className={`reason-dialog ${className}`}
      visible={open}
      title={title}
      confirmText={confirmText}
      cancelText="取消"
      onConfirm={confirm}
      onCancel={onCancel}
      onClose={onCancel}
    >
      <View className={`${className}__intro`}>{intro}</View>
      <TextArea
        className={`${className}__reason`}
        value={reason}
        placeholder={placeholder}
        maxLength={200}
        showCount
        onChange={(v) => {
          setReason(v);
          if (v.trim()) setError(null);
        }}
      />
      {error ? <View className={`error-text ${className}__error`}>{error}</View> : null}
    </Dialog>
  );
}
