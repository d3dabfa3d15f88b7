import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty } from '../../../components/PageState';
import { chinaToday } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { useLoad } from '../../../lib/use-load';
import { ROLES } from '../../lib/access';
import { pct, yuan } from '../../lib/labels';
import { openFile } from '../../lib/open-file';
import { Field, loadedScreen, OrgChoice, Row } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';

type Report = OutputOf<'review.report'>;
interface Query {
  orgId: string;
  programId: string;
  from: string;
  to: string;
}

function Bars({ rows }: { rows: { key: string; label: string; count: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <>
      {rows.map((r) => (
        <View key={r.key} className="r-bars-row">
          <View className="r-item__head">
            <Text>{r.label}</Text>
            <Text className="r-money">{r.count}</Text>
          </View>
          <View className="r-bar-wrap">
            <View className="r-bar" style={{ width: `${(r.count / max) * 100}%` }} />
          </View>
        </View>
      ))}
    </>
  );
}

function ReportView({ r }: { r: Report }) {
  if (r.total === 0) return <PageEmpty title="该期间没有申请" />;
  return (
    <>
      <View className="card r-report-summary">
        <Row label="申请总数">{r.total} 件</Row>
        <Row label="已发放">
          {r.paid.count} 件 · {yuan(r.paid.amountFen)}
        </Row>
        <Row label="按期发放">
          <Text className="r-report-within">
            {r.paid.withinDeadline} 件（{pct(r.paid.withinDeadlineBp)}）
          </Text>
        </Row>
        <Row label="保费收入">{yuan(r.premiumsFen)}</Row>
        <Row label="赔付率">{pct(r.claimsRatioBp)}</Row>
        {r.truncated ? <View className="r-warn">申请过多，统计仅含前一部分</View> : null}
      </View>
      <View className="card">
        <Text className="r-title">按状态</Text>
        <Bars rows={r.byStatus.map((s) => ({ key: s.status, label: s.label, count: s.count }))} />
      </View>
      <View className="card">
        <Text className="r-title">各环节用时（小时）</Text>
        {r.stages.map((s) => (
          <Row key={s.status} label={s.label}>
            {s.count} 件 · 中位 {s.medianHours.toFixed(1)} · 90% {s.p90Hours.toFixed(1)}
          </Row>
        ))}
      </View>
      <View className="card">
        <Text className="r-title">不予通过原因</Text>
        {r.rejections.length ? (
          <Bars rows={r.rejections.map((x) => ({ key: x.code, label: x.label, count: x.count }))} />
        ) : (
          <Text className="muted">无</Text>
        )}
      </View>
    </>
  );
}

function Result({ q }: { q: Query }) {
  const [state, reload] = useLoad(() => call('review.report', q));
  useEffect(() => {
    void reload();
  }, [reload, q]);
  return (
    <>
      {loadedScreen(state, () => void reload()) ??
        (state.status === 'ready' ? <ReportView r={state.data} /> : null)}
    </>
  );
}

function Reports({ orgs }: { orgs: { id: string; name: string }[] }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const [programId, setProgramId] = useState('wujin-2024');
  const [from, setFrom] = useState(`${chinaToday().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(chinaToday());
  const [q, setQ] = useState<Query | null>(null);
  const exportIt = async () => {
    try {
      await openFile(await call('review.reportExport', { orgId, programId, from, to }));
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <View className="page review-reports">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      <View className="card">
        <Field label="项目编号" value={programId} onInput={setProgramId} />
        <Field label="开始日期" value={from} onInput={setFrom} placeholder="YYYY-MM-DD" />
        <Field label="结束日期" value={to} onInput={setTo} placeholder="YYYY-MM-DD" />
        <View className="r-actions">
          <Button type="default" onClick={() => void exportIt()}>
            导出 Excel
          </Button>
          <Button
            className="r-report-run"
            type="primary"
            onClick={() => setQ({ orgId, programId, from, to })}
          >
            生成报表
          </Button>
        </View>
      </View>
      {q ? <Result q={q} /> : null}
    </View>
  );
}

export default function ReviewReports() {
  const r = useReviewer(ROLES.report, '报表');
  if ('screen' in r) return r.screen;
  return <Reports orgs={r.orgs} />;
}
