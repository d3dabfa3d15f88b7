import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { useLoad } from '../../../lib/use-load';
import { ROLES } from '../../lib/access';
import { confirmChange } from '../../../lib/confirm';
import { yuan } from '../../lib/labels';
import { loadedScreen, Row } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';

interface BulkQuery {
  orgId: string;
  programId: string;
  benefitId: string;
  batchKey: string;
  label?: string;
}

/** Preview (count + total at the calculator's amounts) → confirm → exactly that set approved. */
function Bulk({ q }: { q: BulkQuery }) {
  const filter = { orgId: q.orgId, programId: q.programId, benefitId: q.benefitId, batchKey: q.batchKey };
  const [state, reload] = useLoad(() => call('review.bulkPreview', filter));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ approved: number; totalFen: number } | null>(null);
  useEffect(() => {
    void reload();
  }, [reload]);
  const screen = loadedScreen(state, () => void reload());
  if (screen) return <View className="page">{screen}</View>;
  if (state.status !== 'ready') return null;
  const p = state.data;
  const approve = async () => {
    const ok = await confirmChange(
      '确认批量通过',
      `${q.label ?? q.batchKey}：共 ${p.count} 件，合计 ${yuan(p.totalFen)}，均按测算金额通过`,
      '确认通过',
    );
    if (!ok) return;
    setBusy(true);
    try {
      setDone(await call('review.bulkApprove', { ...filter, setHash: p.setHash }));
    } catch (e) {
      toast(toAppError(e).message);
      void reload();
    } finally {
      setBusy(false);
    }
  };
  if (done)
    return (
      <View className="page review-bulk">
        <View className="card r-bulk-done">
          <Text className="r-title r-ok">已批量通过 {done.approved} 件</Text>
          <Row label="合计">{yuan(done.totalFen)}</Row>
          <Button className="r-gap" block type="default" onClick={() => void Taro.navigateBack()}>
            返回审核队列
          </Button>
        </View>
      </View>
    );
  return (
    <View className="page review-bulk">
      <View className="card r-bulk-preview">
        <Text className="r-title">{q.label ?? q.batchKey}</Text>
        <Row label="可通过">
          <Text className="r-bulk-count">{p.count} 件</Text>
        </Row>
        <Row label="合计金额">
          <Text className="r-big r-bulk-total">{yuan(p.totalFen)}</Text>
        </Row>
        {p.skipped ? <View className="r-warn">另有 {p.skipped} 件有核查提示或需逐件审核，未列入</View> : null}
        <Text className="muted">
          仅包含无核查提示、按测算金额通过的申请；确认前名单如有变化将要求重新预览。
        </Text>
      </View>
      {p.count === 0 ? (
        <PageEmpty title="没有可批量通过的申请" />
      ) : (
        <Button className="r-bulk-confirm" block type="primary" loading={busy} onClick={() => void approve()}>
          确认通过 {p.count} 件，合计 {yuan(p.totalFen)}
        </Button>
      )}
    </View>
  );
}

export default function ReviewBulk() {
  const { params } = useRouter();
  const r = useReviewer(ROLES.review, '批量审核');
  if ('screen' in r) return r.screen;
  const q = params as unknown as BulkQuery;
  if (!q.orgId || !q.programId || !q.benefitId || !q.batchKey)
    return <PageEmpty title="请从审核队列进入批量通过" />;
  return <Bulk q={{ ...q, label: q.label ? decodeURIComponent(q.label) : undefined }} />;
}
