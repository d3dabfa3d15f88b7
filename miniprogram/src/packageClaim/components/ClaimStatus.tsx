import { Tag } from '@nutui/nutui-react-taro';
import type { ClaimStatus } from '@shared/lifecycle/claim';
import { CLAIM_STATUS_LABELS, CLAIM_STATUS_TONES } from '../lib/labels';

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  return (
    <Tag className={`claim-status claim-status--${status}`} type={CLAIM_STATUS_TONES[status]} round>
      {CLAIM_STATUS_LABELS[status]}
    </Tag>
  );
}
