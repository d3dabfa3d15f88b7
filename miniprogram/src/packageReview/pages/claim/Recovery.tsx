import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OfficerClaim } from '@shared/api/review';
import { call } from '../../../api/client';
import { confirmChange } from '../../../lib/confirm';
import { yuan } from '../../lib/labels';
import { Area, Sheet } from '../../lib/ui';
import type { Act } from './Dialogs';

type Props = { claim: OfficerClaim; onClose: () => void; act: Act };

/** 追回: a paid claim found to fall under an exclusion — the reason from the list and a note. */
export function RecoverySheet({ claim, onClose, act }: Props) {
  const [code, setCode] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const amount = yuan(claim.decision?.amountFen);
  const submit = async () => {
    if (!code) return;
    if (!(await confirmChange('确认追回', `追回已发放的 ${amount}，职工将收到通知`, '确认追回'))) return;
    const ok = await act(
      () => call('review.startRecovery', { claimId: claim.id, reasonCode: code, note: note.trim() }),
      '已开始追回',
    );
    if (ok) onClose();
  };
  return (
    <Sheet title="追回已发放的补助" onClose={onClose} className="r-recovery">
      {claim.rejectReasons.map((r) => (
        <View
          key={r.code}
          role="radio"
          className={`r-check r-reason ${code === r.code ? 'r-check--on' : ''}`}
          onClick={() => setCode(r.code)}
        >
          <View className="r-check__box r-check__box--round">{code === r.code ? '✓' : ''}</View>
          <Text>{r.label}</Text>
        </View>
      ))}
      <Area className="r-recovery__note" label="说明" value={note} onInput={setNote} />
      <Button
        className="r-recovery__submit"
        block
        type="danger"
        disabled={!code || !note.trim()}
        onClick={() => void submit()}
      >
        追回 {amount}
      </Button>
    </Sheet>
  );
}

/** 转交: a held claim to another reviewer of the org, with the reason. */
export function ReassignSheet({ claim, onClose, act, orgId }: Props & { orgId: string }) {
  const [officers, setOfficers] = useState<{ userId: string; displayName: string }[] | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    call('officer.listOfficers', { orgId })
      .then((r) => {
        const seen = new Map<string, { userId: string; displayName: string }>();
        for (const o of r.items)
          if (o.role === 'centre_reviewer' || o.role === 'district_reviewer') seen.set(o.userId, o);
        setOfficers([...seen.values()]);
      })
      .catch(() => setOfficers([]));
  }, [orgId]);
  const submit = async () => {
    if (!to) return;
    const name = officers?.find((o) => o.userId === to)?.displayName ?? '';
    if (!(await confirmChange('确认转交', `转交给 ${name}`, '转交'))) return;
    const ok = await act(
      () => call('review.reassign', { claimId: claim.id, toUserId: to, reason: reason.trim() }),
      '已转交',
    );
    if (ok) onClose();
  };
  return (
    <Sheet title="转交其他审核员" onClose={onClose} className="r-reassign">
      {officers === null ? <Text className="muted">正在获取审核员…</Text> : null}
      {officers?.length === 0 ? <Text className="muted">本组织暂无其他审核员</Text> : null}
      {officers?.map((o) => (
        <View
          key={o.userId}
          role="radio"
          className={`r-check ${to === o.userId ? 'r-check--on' : ''}`}
          onClick={() => setTo(o.userId)}
        >
          <View className="r-check__box r-check__box--round">{to === o.userId ? '✓' : ''}</View>
          <Text>{o.displayName}</Text>
        </View>
      ))}
      <Area label="转交原因" value={reason} onInput={setReason} maxlength={200} />
      <Button block type="primary" disabled={!to || !reason.trim()} onClick={() => void submit()}>
        转交
      </Button>
    </Sheet>
  );
}
