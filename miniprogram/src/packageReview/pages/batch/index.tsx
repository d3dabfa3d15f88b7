import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty } from '../../../components/PageState';
import { formatChinaDateTime } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { useLoad } from '../../../lib/use-load';
import { withQuery } from '../../../routes';
import { hasRole, ROLES } from '../../lib/access';
import { confirmChange } from '../../../lib/confirm';
import { DUE_LABELS, yuan } from '../../lib/labels';
import { openFile } from '../../lib/open-file';
import { REVIEW_PAGES } from '../../lib/routes';
import { loadedScreen, Row } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';
import { SettleSheet } from './Settle';

type Batch = OutputOf<'review.batchGet'>;

function Items({ batch }: { batch: Batch }) {
  return (
    <View className="card r-batch-items">
      <Text className="r-title">发放明细（{batch.items.length} 件）</Text>
      {batch.items.map((i) => (
        <View key={i.claimId} className={`r-line r-batch-line r-batch-line--${i.status}`}>
          <View className="r-line__text">
            <Text>
              {i.workerName} · {i.benefitName}
            </Text>
            <View className="muted">
              {i.accountMasked} · <Text className={`r-item-status--${i.status}`}>{i.statusLabel}</Text>
              {i.failReason ? ` · ${i.failReason}` : ''}
            </View>
            {i.payoutDue && i.dueStatus && i.dueStatus !== 'ok' ? (
              <Text className={`r-due--${i.dueStatus}`}>
                {DUE_LABELS[i.dueStatus]}（{i.payoutDue}）
              </Text>
            ) : null}
          </View>
          <Text className="r-money">{yuan(i.amountFen)}</Text>
        </View>
      ))}
    </View>
  );
}

/** What can be done with the batch now, by status and role. */
function BatchActions({ batch, me, update }: { batch: Batch; me: Me; update: (b: Batch) => void }) {
  const [settling, setSettling] = useState(false);
  const finance = hasRole(me, ROLES.finance);
  const run = async (f: () => Promise<Batch | void>) => {
    try {
      const b = await f();
      if (b) update(b);
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  const download = () =>
    run(async () => {
      const open = batch.status === 'open';
      if (
        open &&
        !(await confirmChange(
          '导出转账清单',
          `导出后批次明细将锁定：共 ${batch.count} 件，合计 ${yuan(batch.totalFen)}`,
        ))
      )
        return;
      const f = await call('review.batchFile', { batchId: batch.id });
      await openFile(f);
      toast(f.fullAccounts ? '已生成转账清单（含完整账号）' : '已生成转账清单（账号已脱敏）');
      return call('review.batchGet', { batchId: batch.id });
    });
  const cancel = () =>
    run(async () => {
      if (!(await confirmChange('取消批次', '批次内的申请将退回“审核通过”状态', '取消批次'))) return;
      return call('review.batchCancel', { batchId: batch.id });
    });
  const publish = () =>
    run(async () => {
      if (!(await confirmChange('发布公示', '公示姓名、身份证号均脱敏显示；公示期内可提出异议'))) return;
      const n = await call('review.noticePublish', { batchId: batch.id });
      void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.notice, { id: n.id }) });
      return call('review.batchGet', { batchId: batch.id });
    });
  const settle = (failed: { claimId: string; reason: string }[]) =>
    run(async () => {
      const b = await call('review.batchSettle', { batchId: batch.id, failed });
      setSettling(false);
      toast('发放结果已登记');
      return b;
    });
  const canPublish = !batch.noticeId && (batch.status === 'exported' || batch.status === 'settled');
  return (
    <View className="card r-actions-card">
      <View className="r-actions">
        {finance && batch.status === 'open' ? (
          <Button className="r-batch-cancel" type="default" onClick={() => void cancel()}>
            取消批次
          </Button>
        ) : null}
        {finance && batch.status !== 'cancelled' ? (
          <Button className="r-batch-file" type="primary" onClick={() => void download()}>
            {batch.status === 'open' ? '导出转账清单' : '下载转账清单'}
          </Button>
        ) : null}
        {finance && batch.status === 'exported' ? (
          <Button className="r-batch-settle" type="primary" onClick={() => setSettling(true)}>
            登记发放结果
          </Button>
        ) : null}
        {canPublish ? (
          <Button className="r-batch-publish" type="primary" onClick={() => void publish()}>
            发布公示
          </Button>
        ) : null}
        {batch.noticeId ? (
          <Button
            className="r-batch-notice"
            type="default"
            onClick={() =>
              void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.notice, { id: batch.noticeId }) })
            }
          >
            查看公示
          </Button>
        ) : null}
      </View>
      {settling ? <SettleSheet batch={batch} onClose={() => setSettling(false)} onSettle={settle} /> : null}
    </View>
  );
}

function BatchPage({ batchId, me }: { batchId: string; me: Me }) {
  const [state, reload] = useLoad(() => call('review.batchGet', { batchId }));
  const [batch, setBatch] = useState<Batch | null>(null);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (state.status === 'ready') setBatch(state.data);
  }, [state]);
  if (!batch) return <View className="page">{loadedScreen(state, () => void reload())}</View>;
  return (
    <View className="page review-batch">
      <View className="card r-batch-head">
        <Text className="r-title">批次 {batch.no}</Text>
        <Row label="状态">
          <Text className="r-batch-status">{batch.statusLabel}</Text>
        </Row>
        <Row label="件数">{batch.count} 件</Row>
        <Row label="合计">
          <Text className="r-big">{yuan(batch.totalFen)}</Text>
        </Row>
        <Row label="生成时间">{formatChinaDateTime(batch.createdAt)}</Row>
        {batch.exportedAt ? <Row label="导出时间">{formatChinaDateTime(batch.exportedAt)}</Row> : null}
        {batch.settledAt ? <Row label="登记时间">{formatChinaDateTime(batch.settledAt)}</Row> : null}
        {batch.attention ? (
          <View className="r-warn">{batch.attention} 件临近或已超发放期限，请尽快处理</View>
        ) : null}
      </View>
      <BatchActions batch={batch} me={me} update={setBatch} />
      <Items batch={batch} />
    </View>
  );
}

export default function ReviewBatch() {
  const { params } = useRouter();
  const r = useReviewer(ROLES.batchView, '发放批次');
  if ('screen' in r) return r.screen;
  if (!params.id) return <PageEmpty title="未指定批次" />;
  return <BatchPage batchId={params.id} me={r.me} />;
}
