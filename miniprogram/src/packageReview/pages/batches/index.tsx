import { useMemo, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
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
import { Field, ListFooter, OrgChoice, pagedScreen } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';
import type { Me } from '@shared/api/user';

const open = (id: string) => void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.batch, { id }) });

/** 生成发放批次: the subtree's approved claims of a program (at most 50) into one batch. */
function CreateBatch({
  orgId,
  programs,
  onCreated,
}: {
  orgId: string;
  programs: string[];
  onCreated: () => void;
}) {
  const [programId, setProgramId] = useState(programs[0] ?? 'wujin-2024');
  const [busy, setBusy] = useState(false);
  const create = async () => {
    if (
      !(await confirmChange(
        '生成发放批次',
        `将项目 ${programId} 已审核通过的申请（最多 50 件）生成一个发放批次`,
      ))
    )
      return;
    setBusy(true);
    try {
      const b = await call('review.batchCreate', { orgId, programId: programId.trim() });
      onCreated();
      open(b.id);
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card r-batch-create">
      <Field label="项目编号" value={programId} onInput={setProgramId} />
      <Button
        className="r-batch-create__submit"
        block
        type="primary"
        loading={busy}
        onClick={() => void create()}
      >
        从已通过的申请生成批次
      </Button>
    </View>
  );
}

function Batches({ me, orgs }: { me: Me; orgs: { id: string; name: string }[] }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const list = usePaged(
    (page) => call('review.batchList', { orgId, page, pageSize: 20 }),
    orgId,
    (b) => b.id,
  );
  useDidShow(() => {
    if (list.status === 'ready') void list.reload();
  });
  const programs = useMemo(() => [...new Set(list.items.map((b) => b.programId))], [list.items]);
  const screen = pagedScreen(list, '暂无发放批次', '审核通过的申请可生成发放批次');
  return (
    <View className="page review-batches">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      {hasRole(me, ROLES.finance) ? (
        <CreateBatch orgId={orgId} programs={programs} onCreated={() => void list.reload()} />
      ) : null}
      {screen ??
        list.items.map((b) => (
          <View key={b.id} className="card r-item r-batch-item" role="button" onClick={() => open(b.id)}>
            <View className="r-item__head">
              <Text className="r-item__name">{b.no}</Text>
              <Text className="r-money">{yuan(b.totalFen)}</Text>
            </View>
            <View className="r-item__head">
              <Text className="muted">
                {b.statusLabel} · {b.count} 件
              </Text>
              <Text className="muted">{formatChinaDateTime(b.createdAt)}</Text>
            </View>
            {b.attention ? <View className="r-warn">{b.attention} 件临近或已超发放期限</View> : null}
          </View>
        ))}
      <ListFooter list={list} />
    </View>
  );
}

export default function ReviewBatches() {
  const r = useReviewer(ROLES.batchView, '发放批次');
  if ('screen' in r) return r.screen;
  return <Batches me={r.me} orgs={r.orgs} />;
}
