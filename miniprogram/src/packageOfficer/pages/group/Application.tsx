import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { Row, Field } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { formatYuan, count } from '../../lib/fmt';
import { Members, FLAG_TEXT } from '../../lib/Members';

export type ApplicationView = OutputOf<'officer.openApplication'>;
type Refusal = OutputOf<'officer.submitMembers'>['refused'][number];

/** The batch's places left, when a free quota covers the fee. */
function QuotaLeft({ app, version }: { app: ApplicationView; version: number }) {
  const [left, setLeft] = useState<{ remaining: number; places: number } | null | 'error'>(null);
  useEffect(() => {
    if (app.funding !== 'quota') return;
    call('officer.quotaStatus', { programId: app.programId, unitId: app.unitId, batchId: app.batchId })
      .then((r) => setLeft(r.items[0] ?? 'error'))
      .catch(() => setLeft('error'));
  }, [app, version]);
  if (app.funding !== 'quota') return null;
  return (
    <Row label="剩余普惠名额">
      {left === null ? (
        '…'
      ) : left === 'error' ? (
        '无法获取'
      ) : (
        <Text className="group-quota__left">
          {count(left.remaining)} <Text className="muted">/ 共 {count(left.places)}</Text>
        </Text>
      )}
    </Row>
  );
}

/** Add every approved member of the unit, 100 at a time, collecting who was refused and why. */
async function submitAll(applicationId: string, onPage: (done: number) => void) {
  const refused: Refusal[] = [];
  const flagged: string[] = [];
  let added = 0;
  for (let page = 1; page <= 10000; page++) {
    const r = await call('officer.submitMembers', { applicationId, allMembersPage: page });
    added += r.added.length;
    refused.push(...r.refused);
    flagged.push(...r.added.filter((a) => a.flags.length).map((a) => a.userId));
    onPage(page);
    if (!r.hasMore) break;
  }
  return { added, refused, flagged };
}

function Refusals({ refused }: { refused: Refusal[] }) {
  if (!refused.length) return null;
  return (
    <View className="card group-refusals">
      <Text className="o-title">未能加入的人员（{refused.length}）</Text>
      {refused.slice(0, 100).map((r) => (
        <View key={r.userId} className="group-refusal">
          <Text className="group-refusal__who">职工 …{r.userId.slice(-6)}</Text>
          <Text className="group-refusal__msg">{FLAG_TEXT[r.code] ?? r.message}</Text>
          <Text className="muted group-refusal__code">{r.code}</Text>
        </View>
      ))}
    </View>
  );
}

/** One open (or submitted, decided) application of the unit, with its members and actions. */
export function Application({
  app,
  onChanged,
}: {
  app: ApplicationView;
  onChanged: (a: ApplicationView) => void;
}) {
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refusal[]>([]);
  const [unionMembers, setUnionMembers] = useState(app.unionMembers ? String(app.unionMembers) : '');
  const [error, setError] = useState<string | null>(null);
  const open = app.status === 'open';
  const bump = () => setVersion((v) => v + 1);

  const addAll = async () => {
    const ok = await confirmChange(
      '提交全部成员',
      `将本单位全部已审核成员加入申请${app.funding === 'quota' ? '，每人占用一个普惠名额（先到先得，额满为止）' : ''}。确定？`,
      '提交',
    );
    if (!ok) return;
    setBusy('all');
    setError(null);
    try {
      const r = await submitAll(app.id, (p) => setProgress(`已处理第 ${p} 批…`));
      setRefused(r.refused);
      toast(`已加入 ${r.added} 人${r.refused.length ? `，${r.refused.length} 人未能加入` : ''}`);
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(null);
      setProgress(null);
      bump();
    }
  };

  const run = async (key: string, title: string, content: string, fn: () => Promise<ApplicationView>) => {
    if (!(await confirmChange(title, content, title))) return;
    setBusy(key);
    setError(null);
    try {
      onChanged(await fn());
      bump();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  };

  const n = Number(unionMembers);
  const submit = () =>
    run(
      'submit',
      '提交申请',
      `提交后人员不能再修改，交由上级工会审核。${app.funding === 'quota' ? '费用由普惠名额承担。' : `单位应缴 ${formatYuan(app.perMemberFen)} × 参保人数。`}确定提交？`,
      () =>
        call('officer.submitApplication', { applicationId: app.id, ...(n > 0 ? { unionMembers: n } : {}) }),
    );
  const withdraw = () =>
    run('withdraw', '撤回申请', '撤回后，已占用的普惠名额全部退回，可重新打开申请。确定撤回？', () =>
      call('officer.withdrawApplication', { applicationId: app.id }),
    );

  return (
    <View className="group-app">
      <View className="card group-app__card">
        <View className="group-app__head">
          <Text className="o-title">{app.programName}</Text>
          <Tag
            type={app.status === 'approved' ? 'success' : app.status === 'rejected' ? 'danger' : 'primary'}
            className="group-app__status"
          >
            {app.statusLabel}
          </Tag>
        </View>
        <Row label="单位">{app.unitName}</Row>
        {app.route ? <Row label="参保途径">{app.route}</Row> : null}
        <Row label="批次">{app.batchId}</Row>
        <Row label="费用">
          {app.funding === 'quota'
            ? '普惠名额（单位无需缴费）'
            : `单位缴费，每人 ${formatYuan(app.perMemberFen)}`}
        </Row>
        <QuotaLeft app={app} version={version} />
        {app.status !== 'open' ? <Row label="参保人数">{count(app.members)}</Row> : null}
        {app.amountOwedFen ? <Row label="单位应缴">{formatYuan(app.amountOwedFen)}</Row> : null}
        {app.reason ? (
          <Row label="驳回原因">
            <Text className="o-bad">{app.reason}</Text>
          </Row>
        ) : null}
        {error ? <View className="error-text group-error">{error}</View> : null}
        {progress ? <View className="muted">{progress}</View> : null}
        {open ? (
          <>
            <Button
              className="group-add-all o-gap"
              type="primary"
              block
              loading={busy === 'all'}
              onClick={() => void addAll()}
            >
              提交全部已审核成员
            </Button>
            <Field
              className="group-union o-gap"
              label="本单位工会会员人数（单位缴费途径须填写，用于会员参保比例核对）"
              type="number"
              value={unionMembers}
              onInput={setUnionMembers}
              maxlength={7}
            />
            <Button
              className="group-submit"
              type="primary"
              fill="outline"
              block
              loading={busy === 'submit'}
              onClick={() => void submit()}
            >
              提交申请审核
            </Button>
          </>
        ) : null}
        {app.status === 'open' || app.status === 'submitted' ? (
          <Button
            className="group-withdraw o-gap"
            type="default"
            block
            loading={busy === 'withdraw'}
            onClick={() => void withdraw()}
          >
            撤回申请
          </Button>
        ) : null}
      </View>
      <Refusals refused={refused} />
      <View className="section-title">申请人员</View>
      <View className="card">
        <Members applicationId={app.id} editable={open} version={version} onChange={bump} />
      </View>
    </View>
  );
}
