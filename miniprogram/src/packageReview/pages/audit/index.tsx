import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { chinaToday, formatChinaDateTime } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { ROLES } from '../../lib/access';
import { AUDIT_ACTIONS } from '../../lib/labels';
import { openFile } from '../../lib/open-file';
import { usePaged } from '../../../lib/paged';
import { Field, ListFooter, OrgChoice, pagedScreen } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';

const monthStart = () => `${chinaToday().slice(0, 8)}01`;

/** The subtree's audit log (newest first), filterable by claim, and its export for a date range. */
function Audit({ orgs }: { orgs: { id: string; name: string }[] }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const [claimId, setClaimId] = useState('');
  const [applied, setApplied] = useState('');
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(chinaToday());
  const list = usePaged(
    (page) =>
      call('review.auditLog', { orgId, page, pageSize: 20, ...(applied ? { claimId: applied } : {}) }),
    `${orgId}|${applied}`,
    (a) => a.id,
  );
  const exportLog = async () => {
    try {
      const f = await call('review.auditExport', { orgId, from, to });
      await openFile(f);
      toast(`已导出 ${f.rows} 条`);
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <View className="page review-audit">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      <View className="card">
        <Field label="按申请编号筛选" value={claimId} onInput={setClaimId} placeholder="留空为全部" />
        <Button block type="default" onClick={() => setApplied(claimId.trim())}>
          查询
        </Button>
      </View>
      {pagedScreen(list, '暂无审计记录') ??
        list.items.map((a) => (
          <View key={a.id} className="card r-audit-item">
            <View className="r-item__head">
              <Text className="r-item__name">{AUDIT_ACTIONS[a.action] ?? a.action}</Text>
              <Text className="muted nowrap">{formatChinaDateTime(a.at)}</Text>
            </View>
            <Text className="muted">
              {a.actorName ?? a.actorId} · {a.subject.kind} {a.subject.id}
            </Text>
          </View>
        ))}
      <ListFooter list={list} />
      <View className="card">
        <Text className="r-title">导出审计日志</Text>
        <Field label="开始日期" value={from} onInput={setFrom} placeholder="YYYY-MM-DD" />
        <Field label="结束日期" value={to} onInput={setTo} placeholder="YYYY-MM-DD" />
        <Button className="r-audit-export" block type="primary" onClick={() => void exportLog()}>
          导出 Excel
        </Button>
      </View>
    </View>
  );
}

export default function ReviewAudit() {
  const r = useReviewer(ROLES.audit, '审计日志');
  if ('screen' in r) return r.screen;
  return <Audit orgs={r.orgs} />;
}
