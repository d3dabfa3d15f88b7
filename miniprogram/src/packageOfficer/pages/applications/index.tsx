import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { formatChinaDateTime } from '../../../lib/format';
import { REVIEWER_ROLES, grantOrgs } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { usePaged } from '../../../lib/paged';
import { Choice, ListFooter, Row, pagedScreen } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { formatYuan, count } from '../../lib/fmt';
import { useParam } from '../../lib/program-param';
import { ReasonDialog } from '../../lib/ReasonDialog';
import { Members } from '../../lib/Members';
import '../../officer.css';

type App = OutputOf<'officer.listApplications'>['items'][number];
type Status = App['status'];

const TABS: { value: Status; label: string }[] = [
  { value: 'submitted', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '已驳回' },
  { value: 'withdrawn', label: '已撤回' },
];

function AppCard(props: {
  a: App;
  onApprove: () => void;
  onReject: () => void;
  onSettle: () => void;
  busy: boolean;
}) {
  const { a, onApprove, onReject, onSettle, busy } = props;
  const [showMembers, setShowMembers] = useState(false);
  return (
    <View className={`card review-app review-app--${a.status}`}>
      <View className="review-app__head">
        <Text className="o-title review-app__unit">{a.unitName}</Text>
        <Tag type={a.status === 'approved' ? 'success' : a.status === 'rejected' ? 'danger' : 'primary'}>
          {a.statusLabel}
        </Tag>
      </View>
      <Row label="项目">{a.programName}</Row>
      {a.route ? <Row label="途径">{a.route}</Row> : null}
      <Row label="批次">{a.batchId}</Row>
      <Row label="参保人数">{count(a.members)}</Row>
      {a.unionMembers ? <Row label="工会会员数">{count(a.unionMembers)}</Row> : null}
      <Row label="费用">{a.funding === 'quota' ? '普惠名额' : `单位应缴 ${formatYuan(a.amountOwedFen)}`}</Row>
      {a.submittedAt ? <Row label="提交时间">{formatChinaDateTime(a.submittedAt)}</Row> : null}
      {a.reason ? <Row label="驳回原因">{a.reason}</Row> : null}
      {a.pendingSettlement ? <View className="o-warn">人员参保记录仍在写入中</View> : null}
      {showMembers ? <Members applicationId={a.id} editable={false} version={0} /> : null}
      <View className="o-actions">
        <Button
          size="small"
          type="default"
          className="review-app__members"
          onClick={() => setShowMembers(!showMembers)}
        >
          {showMembers ? '收起人员' : '查看人员'}
        </Button>
        {a.pendingSettlement ? (
          <Button size="small" type="default" loading={busy} onClick={onSettle}>
            继续处理
          </Button>
        ) : null}
        {a.status === 'submitted' ? (
          <>
            <Button
              size="small"
              type="default"
              className="review-app__reject"
              disabled={busy}
              onClick={onReject}
            >
              驳回
            </Button>
            <Button
              size="small"
              type="primary"
              className="review-app__approve"
              loading={busy}
              onClick={onApprove}
            >
              通过
            </Button>
          </>
        ) : null}
      </View>
    </View>
  );
}

function Applications({ me }: { me: Me }) {
  const orgs = grantOrgs(me, REVIEWER_ROLES);
  const orgParam = useParam('orgId');
  const [orgId, setOrgId] = useState(orgs.find((o) => o.id === orgParam)?.id ?? orgs[0]!.id);
  const [status, setStatus] = useState<Status>('submitted');
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<App | null>(null);
  const list = usePaged(
    (page) => call('officer.listApplications', { orgId, status, page, pageSize: 10 }),
    `${orgId}:${status}`,
    (a) => a.id,
  );

  const act = async (a: App, fn: () => Promise<unknown>, done: string) => {
    setBusy(a.id);
    try {
      await fn();
      toast(done);
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(null);
    }
    await list.reload();
  };

  const approve = async (a: App) => {
    const ok = await confirmChange(
      '通过团体参保申请',
      `通过“${a.unitName}”的申请：${a.members} 人参保${a.funding === 'quota' ? '（普惠名额）' : `，单位应缴 ${formatYuan(a.amountOwedFen)}`}。通过后即生成参保记录。`,
      '通过',
    );
    if (ok)
      await act(a, () => call('officer.reviewApplication', { applicationId: a.id, approve: true }), '已通过');
  };

  const screen = pagedScreen(
    list,
    TABS.find((t) => t.value === status)!.label === '待审核' ? '暂无待审核的申请' : '暂无申请',
  );
  return (
    <View className="page applications">
      {orgs.length > 1 ? (
        <Choice
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          value={orgId}
          onChange={setOrgId}
        />
      ) : (
        <View className="o-sub muted">{orgs[0]!.name}</View>
      )}
      <Choice className="applications-tabs" options={TABS} value={status} onChange={setStatus} />
      {screen}
      {list.items.map((a) => (
        <AppCard
          key={a.id}
          a={a}
          busy={busy === a.id}
          onApprove={() => void approve(a)}
          onReject={() => setRejecting(a)}
          onSettle={() =>
            void act(a, () => call('officer.settleApplication', { applicationId: a.id }), '已处理')
          }
        />
      ))}
      <ListFooter list={list} />
      <ReasonDialog
        open={rejecting !== null}
        className="app-reject"
        title="驳回团体参保申请"
        intro={rejecting ? `驳回“${rejecting.unitName}”的申请，占用的名额将退回，原因告知单位。` : ''}
        placeholder="请填写驳回原因，如：会员参保比例不足"
        confirmText="确认驳回"
        onCancel={() => setRejecting(null)}
        onConfirm={async (reason) => {
          await call('officer.reviewApplication', { applicationId: rejecting!.id, approve: false, reason });
          setRejecting(null);
          toast('已驳回');
          await list.reload();
        }}
      />
    </View>
  );
}

/** 团体参保审核: submitted applications of the subtree's units; 通过 / 驳回（原因）. */
export default function ApplicationsPage() {
  const officer = useOfficerMe(REVIEWER_ROLES, '审核');
  if ('screen' in officer) return officer.screen;
  return <Applications me={officer.me} />;
}
