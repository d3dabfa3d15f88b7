import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { chinaToday } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { confirmChange } from '../../../lib/confirm';
import { Field } from '../../lib/ui';

type Meeting = OutputOf<'review.meetingCreate'>;

const thisQuarter = () => {
  const d = chinaToday();
  return `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
};

/** 组织鉴定会: program, benefit, quarter, date and the members (officers of the org). */
export function CreateMeeting({ orgId, onCreated }: { orgId: string; onCreated: (m: Meeting) => void }) {
  const [programId, setProgramId] = useState('wujin-2024');
  const [benefitId, setBenefitId] = useState('critical_illness');
  const [quarter, setQuarter] = useState(thisQuarter());
  const [heldOn, setHeldOn] = useState(chinaToday());
  const [officers, setOfficers] = useState<{ userId: string; displayName: string }[]>([]);
  const [members, setMembers] = useState<string[]>([]);
  useEffect(() => {
    call('officer.listOfficers', { orgId })
      .then((r) => {
        const seen = new Map(r.items.map((o) => [o.userId, o]));
        setOfficers([...seen.values()]);
      })
      .catch(() => setOfficers([]));
  }, [orgId]);
  const toggle = (id: string) => setMembers((m) => (m.includes(id) ? m.filter((x) => x !== id) : [...m, id]));
  const create = async () => {
    if (
      !(await confirmChange(
        '组织鉴定会',
        `${quarter} 季度，${members.length} 名成员，议程为本季度提交鉴定会的申请`,
      ))
    )
      return;
    try {
      onCreated(
        await call('review.meetingCreate', {
          orgId,
          programId,
          benefitId,
          quarter,
          heldOn,
          memberIds: members,
        }),
      );
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <View className="card r-meeting-create">
      <Text className="r-title">组织本季度鉴定会</Text>
      <Field label="项目编号" value={programId} onInput={setProgramId} />
      <Field label="补助类别" value={benefitId} onInput={setBenefitId} />
      <Field label="季度（如 2024Q3）" value={quarter} onInput={setQuarter} />
      <Field label="会议日期" value={heldOn} onInput={setHeldOn} placeholder="YYYY-MM-DD" />
      <Text className="r-field__label">鉴定会成员</Text>
      {officers.length === 0 ? <Text className="muted">本组织暂无可选的经办人员</Text> : null}
      {officers.map((o) => (
        <View
          key={o.userId}
          role="checkbox"
          className={`r-check r-member ${members.includes(o.userId) ? 'r-check--on' : ''}`}
          onClick={() => toggle(o.userId)}
        >
          <View className="r-check__box">{members.includes(o.userId) ? '✓' : ''}</View>
          <Text>{o.displayName}</Text>
        </View>
      ))}
      <Button
        className="r-meeting-create__submit r-gap"
        block
        type="primary"
        disabled={!members.length}
        onClick={() => void create()}
      >
        组织鉴定会
      </Button>
    </View>
  );
}
