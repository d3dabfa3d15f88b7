import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ImportSummary } from '@shared/api/unitdata';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { uploadFile } from '../../../api/upload';
import { PageEmpty } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { IMPORT_ROLES, grantOrgs } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { OrgPicker, type PickedOrg } from '../../lib/OrgPicker';
import { ProgramField, type ProgramChoice } from '../../lib/ProgramField';
import { useProgramParam } from '../../lib/program-param';
import { Choice } from '../../lib/ui';
import { openExport } from '../../lib/open-file';
import { pickXlsx, type PickedSheet } from '../../lib/pick-xlsx';
import { Summary } from './Summary';
import { Commit } from './Commit';
import './index.css';

type Template = 'wujin' | 'guangdong';

/** 下载模板: the empty sign-up template (or filled with the unit's enrolled members). */
function Templates({ unit, program }: { unit: PickedOrg; program: ProgramChoice }) {
  const [template, setTemplate] = useState<Template>('wujin');
  const [busy, setBusy] = useState<string | null>(null);
  const get = async (filled: boolean) => {
    setBusy(filled ? 'filled' : 'empty');
    try {
      await openExport(
        await call('unitdata.exportSheet', { unitId: unit.id, programId: program.id, template, filled }),
      );
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <View className="card import-templates">
      <Text className="o-title">报名表模板</Text>
      <Choice
        options={[
          { value: 'wujin', label: '武进汇总表' },
          { value: 'guangdong', label: '广东报名表' },
        ]}
        value={template}
        onChange={setTemplate}
      />
      <View className="o-actions">
        <Button size="small" type="default" loading={busy === 'filled'} onClick={() => void get(true)}>
          导出已参保名单
        </Button>
        <Button
          size="small"
          type="primary"
          fill="outline"
          loading={busy === 'empty'}
          onClick={() => void get(false)}
        >
          下载空白模板
        </Button>
      </View>
    </View>
  );
}

/** Choose → upload to the staging ticket (the one uploadFile) → validate. */
function Upload({
  unit,
  program,
  onValidated,
}: {
  unit: PickedOrg;
  program: ProgramChoice;
  onValidated: (s: ImportSummary) => void;
}) {
  const [file, setFile] = useState<PickedSheet | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

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
    setError(null);
    try {
      setStep('正在获取上传凭证…');
      const ticket = await call('unitdata.importTicket', { unitId: unit.id });
      setStep('正在上传 0%');
      const fileID = await uploadFile(ticket.path, file, (p) => setStep(`正在上传 ${p}%`));
      setStep('正在校验表格，行数多时需要一些时间…');
      onValidated(
        await call('unitdata.validateImport', {
          ticketId: ticket.ticketId,
          fileID,
          programId: program.id,
          unitId: unit.id,
        }),
      );
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setStep(null);
    }
  };

  return (
    <View className="card import-upload">
      <Text className="o-title">上传报名表</Text>
      <Text className="muted import-upload__hint">
        {process.env.TARO_ENV === 'h5'
          ? '请选择 .xlsx 文件（不超过 10 MB）。'
          : '请从微信聊天中选择 .xlsx 文件（不超过 10 MB）。'}
      </Text>
      {file ? (
        <Text className="import-file">
          {file.name}（{Math.max(1, Math.round(file.size / 1024))} KB）
        </Text>
      ) : null}
      {step ? <Text className="muted import-step">{step}</Text> : null}
      {error ? <View className="error-text import-error">{error}</View> : null}
      <View className="o-actions">
        <Button
          className="import-choose"
          size="small"
          type="default"
          disabled={Boolean(step)}
          onClick={() => void choose()}
        >
          {file ? '重新选择' : '选择文件'}
        </Button>
        <Button
          className="import-validate"
          size="small"
          type="primary"
          loading={Boolean(step)}
          disabled={!file}
          onClick={() => void go()}
        >
          上传并校验
        </Button>
      </View>
    </View>
  );
}

function Import({ me }: { me: Me }) {
  const units = grantOrgs(me, ['unit_officer']);
  const [unit, setUnit] = useState<PickedOrg | null>(units[0] ?? null);
  const [program, setProgram] = useProgramParam();
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const reset = () => setSummary(null);
  return (
    <View className="page import">
      <OrgPicker
        title="导入到单位"
        roots={grantOrgs(me, IMPORT_ROLES)}
        value={unit}
        accept={(o) => !o.level || o.level === 'grassroots'}
        onChange={(u) => {
          setUnit(u);
          reset();
        }}
      />
      <ProgramField
        value={program}
        onChange={(p) => {
          setProgram(p);
          reset();
        }}
      />
      {!unit || !program ? <PageEmpty title="请选择单位和保障项目" /> : null}
      {unit && program ? <Templates unit={unit} program={program} /> : null}
      {unit && program && !summary ? <Upload unit={unit} program={program} onValidated={setSummary} /> : null}
      {summary?.status === 'refused' ? (
        <View className="card import-refused">
          <Text className="o-title o-bad">表格未通过校验</Text>
          <Text className="import-refused__text">{summary.refusal?.message ?? '请检查表格后重新上传'}</Text>
        </View>
      ) : null}
      {summary && summary.status !== 'refused' ? <Summary summary={summary} /> : null}
      {summary && summary.status !== 'refused' ? (
        <Commit key={summary.importId} summary={summary} onDone={setSummary} />
      ) : null}
      {summary ? (
        <Button className="import-again o-gap" block type="default" onClick={reset}>
          上传另一份表格
        </Button>
      ) : null}
    </View>
  );
}

/** 纸质报名导入: the paper sign-up sheet → row errors → all-or-nothing or valid rows → progress. */
export default function ImportPage() {
  const officer = useOfficerMe(IMPORT_ROLES, '导入');
  if ('screen' in officer) return officer.screen;
  return <Import me={officer.me} />;
}
