import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { formatChinaDateTime } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { withQuery } from '../../../routes';
import { hasRole, ROLES } from '../../lib/access';
import { confirmChange } from '../../../lib/confirm';
import { yuan } from '../../lib/labels';
import { usePaged } from '../../../lib/paged';
import { REVIEW_PAGES } from '../../lib/routes';
import { Area, Choice, ListFooter, OrgChoice, pagedScreen, Sheet } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';
import type { Me } from '@shared/api/user';

type Objection = OutputOf<'review.objections'>['items'][number];

function ResolveSheet({ o, onClose, onDone }: { o: Objection; onClose: () => void; onDone: () => void }) {
  const [outcome, setOutcome] = useState<'dismissed' | 'upheld' | null>(null);
  const [note, setNote] = useState('');
  const submit = async () => {
    if (!outcome) return;
    const what =
      outcome === 'upheld'
        ? o.effect === 'recovery_review'
          ? '异议成立：已发放的补助将进入追回'
          : '异议成立：该申请将不予通过'
        : '异议不成立：恢复发放';
    if (!(await confirmChange('确认处理异议', what, '确认'))) return;
    try {
      await call('review.resolveObjection', { objectionId: o.id, outcome, note: note.trim() });
      toast('已处理');
      onDone();
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <Sheet title={`处理异议（第 ${o.lineNo} 行）`} onClose={onClose} className="r-resolve">
      <Text className="muted">{o.reason}</Text>
      <Choice
        className="r-resolve__outcome"
        options={[
          { value: 'dismissed', label: '异议不成立' },
          { value: 'upheld', label: '异议成立' },
        ]}
        value={outcome}
        onChange={setOutcome}
      />
      <Area label="处理说明" value={note} onInput={setNote} />
      <Button block type="primary" disabled={!outcome || !note.trim()} onClick={() => void submit()}>
        提交处理结果
      </Button>
    </Sheet>
  );
}

function Objections({ orgId, canResolve }: { orgId: string; canResolve: boolean }) {
  const [status, setStatus] = useState<'open' | ''>('open');
  const [resolving, setResolving] = useState<Objection | null>(null);
  const list = usePaged(
    (page) => call('review.objections', { orgId, page, pageSize: 20, ...(status ? { status } : {}) }),
    `${orgId}|${status}`,
    (o) => o.id,
  );
  return (
    <View>
      <Choice
        options={[
          { value: 'open', label: '待处理' },
          { value: '', label: '全部异议' },
        ]}
        value={status}
        onChange={setStatus}
      />
      {pagedScreen(list, '暂无异议') ??
        list.items.map((o) => (
          <View key={o.id} className="card r-objection">
            <View className="r-item__head">
              <Text className="r-item__name">第 {o.lineNo} 行</Text>
              <Text className="muted">{o.statusLabel}</Text>
            </View>
            <Text>{o.reason}</Text>
            <View className="muted">
              {formatChinaDateTime(o.createdAt)} · {o.effect === 'held' ? '已暂停发放' : '已发放，待复核'}
            </View>
            {o.resolution ? <View className="muted">处理：{o.resolution.note}</View> : null}
            {canResolve && o.status === 'open' ? (
              <View className="r-actions">
                <Button type="primary" onClick={() => setResolving(o)}>
                  处理
                </Button>
              </View>
            ) : null}
          </View>
        ))}
      <ListFooter list={list} />
      {resolving ? (
        <ResolveSheet
          o={resolving}
          onClose={() => setResolving(null)}
          onDone={() => {
            setResolving(null);
            void list.reload();
          }}
        />
      ) : null}
    </View>
  );
}

function Notices({ me, orgs }: { me: Me; orgs: { id: string; name: string }[] }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const [tab, setTab] = useState<'notices' | 'objections'>('notices');
  const list = usePaged(
    (page) => call('review.noticeList', { page, pageSize: 20 }),
    'notices',
    (n) => n.id,
  );
  useDidShow(() => {
    if (list.status === 'ready') void list.reload();
  });
  return (
    <View className="page review-notices">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      <Choice
        options={[
          { value: 'notices', label: '公示' },
          { value: 'objections', label: '异议处理' },
        ]}
        value={tab}
        onChange={setTab}
      />
      {tab === 'objections' ? (
        <Objections orgId={orgId} canResolve={hasRole(me, ROLES.centre)} />
      ) : (
        <>
          <Text className="muted r-sub">公示由发放批次发布（批次详情 → 发布公示）</Text>
          {pagedScreen(list, '暂无公示') ??
            list.items.map((n) => (
              <View
                key={n.id}
                className="card r-item r-notice-item"
                role="button"
                onClick={() => void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.notice, { id: n.id }) })}
              >
                <Text className="r-item__name">{n.title}</Text>
                <View className="r-item__head">
                  <Text className="muted">
                    {n.publishedOn} 发布 ·{' '}
                    {n.objectionOpen ? `异议截止 ${n.objectionClosesOn}` : '公示期已结束'}
                  </Text>
                  <Text className="r-money">{yuan(n.totalFen)}</Text>
                </View>
              </View>
            ))}
          <ListFooter list={list} />
        </>
      )}
    </View>
  );
}

export default function ReviewNotices() {
  const r = useReviewer(ROLES.notices, '公示管理');
  if ('screen' in r) return r.screen;
  return <Notices me={r.me} orgs={r.orgs} />;
}
