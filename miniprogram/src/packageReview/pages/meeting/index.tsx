import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { ROLES } from '../../lib/access';
import { confirmChange } from '../../../lib/confirm';
import { yuan } from '../../lib/labels';
import { openFile } from '../../lib/open-file';
import { OrgChoice, Row } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';
import { CreateMeeting } from './Create';

type Meeting = OutputOf<'review.meetingGet'>;
type Vote = 'approve' | 'reject' | 'abstain';
const KEY = 'review.meetings';
const VOTES: { value: Vote; label: string }[] = [
  { value: 'approve', label: '同意' },
  { value: 'reject', label: '不同意' },
  { value: 'abstain', label: '弃权' },
];

/** There is no action listing meetings: the ones opened here are remembered on this device. */
function remembered(): { id: string; label: string }[] {
  try {
    const v = Taro.getStorageSync(KEY) as unknown;
    return Array.isArray(v) ? (v as { id: string; label: string }[]) : [];
  } catch {
    return [];
  }
}
const remember = (m: Meeting) =>
  Taro.setStorageSync(
    KEY,
    [{ id: m.id, label: `${m.quarter} ${m.heldOn}` }, ...remembered().filter((r) => r.id !== m.id)].slice(
      0,
      8,
    ),
  );

function Agenda({ m, update }: { m: Meeting; update: (m: Meeting) => void }) {
  const vote = async (claimId: string, memberId: string, v: Vote) => {
    try {
      update(await call('review.meetingVote', { meetingId: m.id, claimId, memberId, vote: v }));
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  if (m.agenda.length === 0) return <View className="card muted">本季度暂无提交鉴定会的申请</View>;
  return (
    <>
      {m.agenda.map((a) => (
        <View key={a.claimId} className="card r-agenda">
          <View className="r-item__head">
            <Text className="r-item__name">{a.workerName}</Text>
            <Text className="r-money">{yuan(a.proposedFen)}</Text>
          </View>
          <Text className="muted">
            表决：{a.tally}
            {a.outcome === 'undecided' ? ' · 暂未决' : ''}
            {a.applied ? ' · 已生效' : ''}
          </Text>
          {a.recused.map((r) => (
            <View key={r.userId} className="r-warn">
              {r.name} 回避：{r.reason}
            </View>
          ))}
          {m.members
            .filter((mb) => !a.recused.some((r) => r.userId === mb.userId))
            .map((mb) => (
              <View key={mb.userId} className="r-gap">
                <Text>{mb.name}</Text>
                {m.status === 'open' ? (
                  <View className="r-choice">
                    {VOTES.map((v) => (
                      <View
                        key={v.value}
                        role="button"
                        className={`r-chip r-vote--${v.value} ${a.votes.some((x) => x.userId === mb.userId && x.vote === v.value) ? 'r-chip--on' : ''}`}
                        onClick={() => void vote(a.claimId, mb.userId, v.value)}
                      >
                        {v.label}
                      </View>
                    ))}
                  </View>
                ) : (
                  <Text className="muted">
                    {' '}
                    {VOTES.find((v) => a.votes.some((x) => x.userId === mb.userId && x.vote === v.value))
                      ?.label ?? '未表决'}
                  </Text>
                )}
              </View>
            ))}
        </View>
      ))}
    </>
  );
}

function MeetingView({ m, update }: { m: Meeting; update: (m: Meeting) => void }) {
  const close = async () => {
    if (
      !(await confirmChange(
        '结束鉴定会',
        '按表决规则，已决申请将通过或不予通过，未决的留待下次会议',
        '结束会议',
      ))
    )
      return;
    try {
      update(await call('review.meetingClose', { meetingId: m.id }));
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  const minutes = async () => {
    try {
      await openFile(await call('review.meetingMinutes', { meetingId: m.id }));
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <>
      <View className="card r-meeting-head">
        <Text className="r-title">{m.quarter} 重大疾病鉴定会</Text>
        <Row label="状态">{m.statusLabel}</Row>
        <Row label="会议日期">{m.heldOn}</Row>
        <Row label="表决规则">{m.rule}</Row>
        <Row label="成员">{m.members.map((x) => x.name).join('、')}</Row>
        <View className="r-actions">
          <Button type="default" onClick={() => void minutes()}>
            下载会议纪要
          </Button>
          {m.status === 'open' ? (
            <Button className="r-meeting-close" type="primary" onClick={() => void close()}>
              结束会议并生效
            </Button>
          ) : null}
        </View>
      </View>
      <Agenda m={m} update={update} />
    </>
  );
}

function MeetingPage({ orgs, initial }: { orgs: { id: string; name: string }[]; initial?: string }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const [m, setM] = useState<Meeting | null>(null);
  const open = async (meetingId: string) => {
    try {
      const got = await call('review.meetingGet', { meetingId });
      remember(got);
      setM(got);
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  useEffect(() => {
    if (initial) void open(initial);
  }, [initial]);
  const update = (next: Meeting) => {
    remember(next);
    setM(next);
  };
  if (m)
    return (
      <View className="page review-meeting">
        <MeetingView m={m} update={update} />
      </View>
    );
  const recent = remembered();
  return (
    <View className="page review-meeting">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      {recent.length ? (
        <View className="card">
          <Text className="r-title">最近的鉴定会</Text>
          {recent.map((r) => (
            <Button key={r.id} className="r-gap" block type="default" onClick={() => void open(r.id)}>
              {r.label}
            </Button>
          ))}
        </View>
      ) : null}
      <CreateMeeting orgId={orgId} onCreated={update} />
    </View>
  );
}

export default function ReviewMeeting() {
  const { params } = useRouter();
  const r = useReviewer(ROLES.centre, '鉴定会');
  if ('screen' in r) return r.screen;
  return <MeetingPage orgs={r.orgs} initial={params.id} />;
}
