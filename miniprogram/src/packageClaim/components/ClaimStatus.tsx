import { Tag } from '@nutui/nutui-react-taro';
import type { ClaimStatus } from '@shared/lifecycle/claim';
import { CLAIM_STATUS_LABELS, statusTone } from '../lib/labels';

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  return (
    <Tag className={`claim-status claim-status--${status}`} type={statusTone(status)} round>
      {CLAIM_STATUS_LABELS[status]}
    </Tag>
  );
}
