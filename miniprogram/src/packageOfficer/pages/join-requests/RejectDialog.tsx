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
export function RejectDialog(props: {
  request: JoinRequest | null;
  onCancel: () => void;
  onReject: (request: JoinRequest, reason: string) => Promise<void>;
}) {
  const { request, onCancel, onReject } = props;
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
      setError('请填写驳回原因');
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
      className="reject-dialog"
      visible={request !== null}
      title="驳回入会申请"
      confirmText="确认驳回"
      cancelText="取消"
      onConfirm={confirm}
      onCancel={onCancel}
      onClose={onCancel}
    >
      <View className="reject-dialog__who">
        {request ? `驳回“${request.displayName}”的申请，原因将告知申请人。` : ''}
      </View>
      <TextArea
        className="reject-dialog__reason"
        value={reason}
        placeholder="请填写驳回原因，如：非本单位职工"
        maxLength={REASON_MAX}
        showCount
        onChange={(v) => {
          setReason(v);
          if (v.trim()) setError(null);
        }}
      />
      {error ? <View className="error-text reject-dialog__error">{error}</View> : null}
    </Dialog>
  );
}
