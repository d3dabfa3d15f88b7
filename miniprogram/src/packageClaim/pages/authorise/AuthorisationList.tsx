import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { formatChinaDateTime } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { CLAIM_NEW_PAGE, withQuery } from '../../../routes';

type Auth = OutputOf<'claim.authorisations'>['granted'][number];

const TONE: Record<Auth['status'], 'warning' | 'success' | 'default'> = {
  pending: 'warning',
  active: 'success',
  revoked: 'default',
  expired: 'default',
};

const who = (a: Auth) =>
  a.kind === 'unit_officer' ? `单位工会（${a.granteeName ?? ''}）` : (a.granteeName ?? '家属（待确认）');

/** What I granted (with 撤销) and what I hold (with 代为申请). */
export function AuthorisationList({
  granted,
  received,
  onChanged,
}: {
  granted: Auth[];
  received: Auth[];
  onChanged: () => void;
}) {
  const revoke = async (a: Auth) => {
    const { confirm } = await Taro.showModal({
      title: '撤销授权？',
      content: `撤销后，${who(a)}将不能再代您申请或查看申请。`,
      confirmText: '撤销',
      cancelText: '不撤销',
    });
    if (!confirm) return;
    try {
      await call('claim.revokeAuthorisation', { authorisationId: a.id });
      toast('已撤销');
      onChanged();
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <View>
      {granted.length ? <Text className="section-title">我的授权</Text> : null}
      {granted.map((a) => (
        <View key={a.id} className={`card claim-grant claim-grant--${a.status}`}>
          <View className="claim-item__head">
            <Text className="claim-row__title">{who(a)}</Text>
            <Tag type={TONE[a.status]} round>
              {a.statusLabel}
            </Tag>
          </View>
          <Text className="claim-note">{a.programName}</Text>
          <Text className="claim-note nowrap">
            {a.status === 'pending' && a.codeExpiresAt
              ? `授权码有效期至 ${formatChinaDateTime(a.codeExpiresAt)}`
              : `授权于 ${formatChinaDateTime(a.acceptedAt ?? a.createdAt)}`}
          </Text>
          {a.status === 'pending' || a.status === 'active' ? (
            <Button
              className="claim-grant__revoke"
              size="small"
              fill="outline"
              onClick={() => void revoke(a)}
            >
              撤销授权
            </Button>
          ) : null}
        </View>
      ))}
      {received.length ? <Text className="section-title">我可代办</Text> : null}
      {received.map((a) => (
        <View key={a.id} className="card claim-received">
          <Text className="claim-row__title">为 {a.workerName} 申请</Text>
          <Text className="claim-note">{a.programName}</Text>
          <Button
            className="claim-received__file"
            size="small"
            type="primary"
            onClick={() =>
              void Taro.navigateTo({ url: withQuery(CLAIM_NEW_PAGE, { enrollmentId: a.enrollmentId }) })
            }
          >
            代为申请补助
          </Button>
        </View>
      ))}
    </View>
  );
}
