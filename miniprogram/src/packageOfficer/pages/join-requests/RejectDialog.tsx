import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { Dialog, TextArea } from '@nutui/nutui-react-taro';
import { toAppError } from '../../../api/errors';
import type { JoinRequest } from './labels';

const REASON_MAX = 200;

/**
 * Asks why a request is turned down (the worker is told, and the backend requires it). The
 * dialog stays open while the reason is missing or the call fails, keeping what was typed.
 */
export interface ReasonWording {
  title: string;
  confirmText: string;
  who: (r: JoinRequest) => string;
  placeholder: string;
  missing: string;
  className: string;
}

export const REJECT_WORDING: ReasonWording = {
  title: '驳回入会申请',
  confirmText: '确认驳回',
  who: (r) => `驳回“${r.displayName}”的申请，原因将告知申请人。`,
  placeholder: '请填写驳回原因，如：非本单位职工',
  missing: '请填写驳回原因',
  className: 'reject-dialog',
};

export const REMOVE_WORDING: ReasonWording = {
  title: '移出单位',
  confirmText: '确认移出',
  who: (r) => `将“${r.displayName}”移出本单位。其已缴费的保障不受影响，之后参保须重新加入单位。`,
  placeholder: '请填写移出原因，如：已离职、非本单位职工',
  missing: '请填写移出原因',
  className: 'remove-dialog',
};

export function RejectDialog(props: {
  request: JoinRequest | null;
  onCancel: () => void;
  onReject: (request: JoinRequest, reason: string) => Promise<void>;
  wording?: ReasonWording;
}) {
  const { request, onCancel, onReject, wording = REJECT_WORDING } = props;
  const w = wording;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setReason('');
    setError(null);
  }, [request?.id]);

  // NutUI closes the dialog when onConfirm resolves and keeps it open when it rejects.
  const confirm = async () => {
    if (!request) return;
    const text = reason.trim();
    if (!text) {
      setError(w.missing);
      throw new Error('reason required');
    }
    try {
      await onReject(request, text);
    } catch (e) {
      setError(toAppError(e).message);
      throw e;
    }
  };

  return (
    <Dialog
      className={`reason-dialog ${w.className}`}
      visible={request !== null}
      title={w.title}
      confirmText={w.confirmText}
      cancelText="取消"
      onConfirm={confirm}
      onCancel={onCancel}
      onClose={onCancel}
    >
      <View className={`${w.className}__who`}>{request ? w.who(request) : ''}</View>
      <TextArea
        className={`${w.className}__reason`}
        value={reason}
        placeholder={w.placeholder}
        maxLength={REASON_MAX}
        showCount
        onChange={(v) => {
          setReason(v);
          if (v.trim()) setError(null);
        }}
      />
      {error ? <View className={`error-text ${w.className}__error`}>{error}</View> : null}
    </Dialog>
  );
}
