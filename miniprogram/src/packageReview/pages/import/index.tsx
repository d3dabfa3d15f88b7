import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { uploadFile } from '../../../api/upload';
import { PageEmpty } from '../../../components/PageState';
import { ROLES } from '../../lib/access';
import { confirmChange } from '../../../lib/confirm';
import { pickXlsx, type PickedSheet } from '../../lib/pick-xlsx';
import { Field, OrgChoice, Row } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';

type Result = OutputOf<'review.importSettlements'>;
const ROW_STATUS: Record<string, string> = {
  created: '已生成申请',
  approved: '已生成并通过',
  unmatched: '未匹配',
  invalid: '数据有误',
  duplicate: '重复',
};

function ResultView({ r }: { r: Result }) {
  return (
    <>
      <View className="card r-import-result">
        <Row label="生成申请">{r.created} 件</Row>
        <Row label="未匹配">{r.unmatched} 行</Row>
        <Row label="处理方式">{r.mode === 'worker_confirms' ? '由职工确认后提交' : '由中心直接审核通过'}</Row>
      </View>
      {r.rows.length === 0 ? (
        <PageEmpty title="表格中没有数据行" />
      ) : (
        <View className="card">
          {r.rows.map((row) => (
            <View key={row.row} className={`r-line r-import-row r-import-row--${row.status}`}>
              <Text className="r-line__text">
                第 {row.row} 行{row.name ? ` · ${row.name}` : ''}
                {row.reason ? ` · ${row.reason}` : ''}
              </Text>
              <Text className={row.status === 'created' || row.status === 'approved' ? 'r-ok' : 'r-bad'}>
                {ROW_STATUS[row.status] ?? row.status}
              </Text>
            </View>
          ))}
        </View>
      )}
    </>
  );
}

/** 医保结算导入: the settlement export (.xlsx) → pre-filled claims, and the unmatched rows with reasons. */
function Import({ orgs }: { orgs: { id: string; name: string }[] }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const [programId, setProgramId] = useState('wujin-2024');
  const [file, setFile] = useState<PickedSheet | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const choose = async () => {
    setError(null);
    try {
      const f = await pickXlsx();
      if (f) setFile(f);
    } catch (e) {
      setError(toAppError(e).message);
    }
  };
  const go = async () => {
    if (!file) return;
    if (
      !(await confirmChange('导入医保结算数据', `将按 ${file.name} 为匹配到的参保职工生成补助申请`, '导入'))
    )
      return;
    setError(null);
    try {
      setStep('正在获取上传凭证…');
      const ticket = await call('review.importTicket', { orgId, programId: programId.trim() });
      const fileID = await uploadFile(ticket.cloudPath, file, (p) => setStep(`正在上传 ${p}%`));
      setStep('正在匹配参保职工…');
      setResult(await call('review.importSettlements', { ticketId: ticket.ticketId, fileID }));
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setStep(null);
    }
  };
  return (
    <View className="page review-import">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      <View className="card">
        <Field label="项目编号" value={programId} onInput={setProgramId} />
        <Text className="muted">选择医保部门导出的结算明细（.xlsx）</Text>
        <View className="r-actions">
          <Button className="r-import-choose" type="default" onClick={() => void choose()}>
            {file ? '重新选择' : '选择文件'}
          </Button>
          <Button className="r-import-go" type="primary" disabled={!file || !!step} onClick={() => void go()}>
            导入
          </Button>
        </View>
        {file ? <Text className="muted">{file.name}</Text> : null}
        {step ? <View className="muted">{step}</View> : null}
        {error ? <View className="r-bad">{error}</View> : null}
      </View>
      {result ? <ResultView r={result} /> : null}
    </View>
  );
}

export default function ReviewImport() {
  const r = useReviewer(ROLES.centre, '医保结算导入');
  if ('screen' in r) return r.screen;
  return <Import orgs={r.orgs} />;
}
