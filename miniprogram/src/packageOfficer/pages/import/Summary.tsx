import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { ImportSummary } from '@shared/api/unitdata';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { count } from '../../lib/fmt';

type Issue = ImportSummary['errors'][number];

/** Row issues as a table: 行 / 列 / 问题 (the message already begins with 第 N 行). */
export function IssueTable({ issues, className }: { issues: Issue[]; className: string }) {
  return (
    <View className={`o-table ${className}`}>
      <View className="o-table__row o-table__head">
        <Text className="o-table__cell o-table__cell--narrow">行</Text>
        <Text className="o-table__cell o-table__cell--narrow">列</Text>
        <Text className="o-table__cell">问题</Text>
      </View>
      {issues.map((e, i) => (
        <View key={`${e.row}-${e.column ?? ''}-${i}`} className={`o-table__row ${className}__row`}>
          <Text className="o-table__cell o-table__cell--narrow">{e.row}</Text>
          <Text className="o-table__cell o-table__cell--narrow">{e.column ?? '—'}</Text>
          <Text className="o-table__cell">{e.message}</Text>
        </View>
      ))}
    </View>
  );
}

const PAGE = 200;

/** The validation result: counts, the formula policy, the row errors page by page, warnings. */
export function Summary({ summary }: { summary: ImportSummary }) {
  const [errors, setErrors] = useState(summary.errors);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const c = summary.counts;
  const more = errors.length < c.invalid && errors.length === page * PAGE;

  const loadMore = async () => {
    setLoading(true);
    try {
      const r = await call('unitdata.importStatus', { importId: summary.importId, errorsPage: page + 1 });
      setErrors([...errors, ...r.errors]);
      setPage(page + 1);
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setLoading(false);
    }
  };

  return (
    <View className="card import-summary">
      <Text className="o-title">校验结果</Text>
      <View className="import-counts">
        <View className="import-count">
          <Text className="import-count__n">{count(c.rows)}</Text>
          <Text className="muted">数据行</Text>
        </View>
        <View className="import-count import-count--valid">
          <Text className="import-count__n o-ok">{count(c.valid)}</Text>
          <Text className="muted">正确</Text>
        </View>
        <View className="import-count import-count--invalid">
          <Text className="import-count__n o-bad">{count(c.invalid)}</Text>
          <Text className="muted">有错误</Text>
        </View>
        <View className="import-count">
          <Text className="import-count__n">{count(c.warnings)}</Text>
          <Text className="muted">需核实</Text>
        </View>
      </View>
      {c.blank ? <Text className="muted import-blank">已跳过空行 {c.blank} 行。</Text> : null}
      {summary.formulaPolicy ? <Text className="muted import-formula">{summary.formulaPolicy}</Text> : null}
      {errors.length ? (
        <>
          <Text className="o-title o-gap">错误行（请修改后重新上传，或只导入正确的行）</Text>
          <IssueTable issues={errors} className="import-errors" />
          {more ? (
            <Button className="o-more" block type="default" loading={loading} onClick={() => void loadMore()}>
              查看更多错误
            </Button>
          ) : null}
          {summary.errorsTruncated ? <Text className="muted">错误过多，仅保存前 5,000 条。</Text> : null}
        </>
      ) : null}
      {summary.warnings.length ? (
        <>
          <Text className="o-title o-gap">需核实（不影响导入）</Text>
          <IssueTable issues={summary.warnings} className="import-warnings" />
        </>
      ) : null}
    </View>
  );
}
