import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ImportSummary } from '@shared/api/unitdata';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { Choice } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { count } from '../../lib/fmt';
import { IssueTable } from './Summary';

type Mode = 'all_or_nothing' | 'valid_rows';

/**
 * Mode choice (confirmation naming the counts), then commitImport again and again until done:
 * the commit is resumable, so a failed call is simply called again (继续导入).
 */
export function Commit({ summary, onDone }: { summary: ImportSummary; onDone: (s: ImportSummary) => void }) {
  const c = summary.counts;
  const [mode, setMode] = useState<Mode>(
    summary.commit?.mode ?? (c.invalid ? 'valid_rows' : 'all_or_nothing'),
  );
  const [state, setState] = useState<ImportSummary>(summary);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const commit = state.commit;

  const run = async (confirmFirst: boolean) => {
    if (confirmFirst) {
      const text =
        mode === 'valid_rows'
          ? `将导入 ${count(c.valid)} 行正确数据${c.invalid ? `，跳过 ${count(c.invalid)} 行有错误的数据` : ''}。导入后将为这些职工生成参保记录。确定导入？`
          : `全部 ${count(c.valid)} 行数据均正确，将全部导入并生成参保记录。确定导入？`;
      if (!(await confirmChange('确认导入', text, '导入'))) return;
    }
    setRunning(true);
    setError(null);
    try {
      let s = state;
      for (let i = 0; i < 500; i++) {
        s = await call('unitdata.commitImport', { importId: summary.importId, mode });
        setState(s);
        if (s.commit?.done) break;
      }
      onDone(s);
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setRunning(false);
    }
  };

  const percent =
    commit && commit.rowsToImport ? Math.round((commit.rowsDone * 100) / commit.rowsToImport) : 0;
  return (
    <View className="card import-commit">
      <Text className="o-title">导入方式</Text>
      <Choice
        className="import-mode"
        options={[
          { value: 'all_or_nothing', label: '全部导入或全部不导入' },
          { value: 'valid_rows', label: '只导入正确的行' },
        ]}
        value={mode}
        onChange={(m) => !commit && setMode(m)}
      />
      {mode === 'all_or_nothing' && c.invalid ? (
        <View className="o-warn import-mode__blocked">
          表格中有 {c.invalid} 行错误，此方式不能导入：请修改后重新上传，或选择“只导入正确的行”。
        </View>
      ) : null}
      {commit ? (
        <View className="import-progress">
          <View className="o-bar">
            <View className="o-bar__fill o-bar__fill--green" style={{ width: `${percent}%` }} />
          </View>
          <Text className="import-progress__text">
            {commit.done ? '导入完成' : '正在导入'}：{count(commit.rowsDone)} / {count(commit.rowsToImport)}{' '}
            行（{percent}%）
          </Text>
          {commit.done ? (
            <View className="import-result">
              <Text className="import-result__line">新建参保记录 {count(commit.enrolmentsCreated)} 条</Text>
              <Text className="import-result__line">
                新建职工 {count(commit.membersCreated)} 人，关联已注册职工 {count(commit.linkedToRegistered)}{' '}
                人
              </Text>
              <Text className="import-result__line">已参保（跳过）{count(commit.alreadyEnrolled)} 人</Text>
            </View>
          ) : null}
          {commit.lateErrors.length ? (
            <>
              <Text className="o-title o-gap">导入时未能导入的行</Text>
              <IssueTable issues={commit.lateErrors} className="import-late" />
            </>
          ) : null}
        </View>
      ) : null}
      {error ? <View className="error-text import-commit__error">{error}</View> : null}
      {!commit?.done ? (
        <Button
          className="import-go o-gap"
          type="primary"
          block
          loading={running}
          disabled={mode === 'all_or_nothing' && c.invalid > 0}
          onClick={() => void run(!commit)}
        >
          {commit ? '继续导入' : '开始导入'}
        </Button>
      ) : null}
    </View>
  );
}
