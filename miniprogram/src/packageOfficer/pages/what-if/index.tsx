import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { parseYuan } from '@shared/money';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty } from '../../../components/PageState';
import { useOfficerMe } from '../../lib/use-officer';
import { ProgramField } from '../../lib/ProgramField';
import { useProgramParam } from '../../lib/program-param';
import { Field, Row } from '../../lib/ui';
import { formatYuan, count, pct } from '../../lib/fmt';
import '../../officer.css';

type Result = OutputOf<'unitdata.whatIf'>;
type Scenario = Result['base'];

const PAYERS: Record<string, string> = {
  worker: '职工个人',
  grassroots_union: '基层工会',
  unit: '单位',
  county_union: '区县工会',
  city_union: '市总工会',
  province_union: '省总工会',
};

function ScenarioCard({ title, s, className }: { title: string; s: Scenario; className: string }) {
  return (
    <View className={`card ${className}`}>
      <Text className="o-title">{title}</Text>
      <Row label="保费收入">{formatYuan(s.premiumsFen)}</Row>
      {Object.entries(s.byPayerFen).map(([payer, fen]) => (
        <Row key={payer} label={`  ${PAYERS[payer] ?? payer}`}>
          {formatYuan(fen)}
        </Row>
      ))}
      <Row label="补助支出">{formatYuan(s.payoutsFen)}</Row>
      <Row label="赔付率">
        <Text className={s.claimsRatioBp !== null && s.claimsRatioBp > 10000 ? 'o-bad' : ''}>
          {pct(s.claimsRatioBp)}
        </Text>
      </Row>
      {s.unpriced ? <View className="o-warn">{s.unpriced} 件补助金额未公布，未计入支出</View> : null}
      {s.blocked ? <View className="o-warn">{s.blocked} 件补助因规则缺失无法测算</View> : null}
    </View>
  );
}

/** 费用测算 (centre admin): next year's per-share fee tried on this year's enrolments and claims. */
function WhatIf() {
  const [program, setProgram] = useProgramParam();
  const [fee, setFee] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (!program) return;
    let perShareFen: number | undefined;
    try {
      perShareFen = fee.trim() ? parseYuan(fee) : undefined;
    } catch (e) {
      return setError(toAppError(e).message);
    }
    setBusy(true);
    setError(null);
    try {
      setResult(
        await call('unitdata.whatIf', {
          programId: program.id,
          variant: perShareFen === undefined ? {} : { perShareFen },
        }),
      );
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page what-if">
      <ProgramField
        value={program}
        onChange={(p) => {
          setProgram(p);
          setResult(null);
        }}
      />
      {program ? (
        <View className="card">
          <Field
            label="每份缴费标准（元，留空为现行标准）"
            type="digit"
            value={fee}
            onInput={setFee}
            maxlength={10}
          />
          <Text className="muted">测算只读取数据，不会修改任何项目设置。</Text>
          {error ? <View className="error-text what-if__error">{error}</View> : null}
          <Button
            className="what-if__run o-gap"
            type="primary"
            block
            loading={busy}
            onClick={() => void run()}
          >
            开始测算
          </Button>
        </View>
      ) : (
        <PageEmpty title="请选择保障项目" />
      )}
      {result ? (
        <>
          <View className="card what-if__actual">
            <Text className="o-title">本年度实际</Text>
            <Row label="参保人次">{count(result.enrolments)}</Row>
            <Row label="补助件数">{count(result.claims)}</Row>
            <Row label="保费收入">{formatYuan(result.actual.premiumsFen)}</Row>
            <Row label="补助支出">{formatYuan(result.actual.payoutsFen)}</Row>
            <Row label="赔付率">{pct(result.actual.claimsRatioBp)}</Row>
            {!result.claimsAvailable ? <View className="o-warn">补助数据暂不可用，支出按 0 计</View> : null}
          </View>
          <ScenarioCard title="现行标准测算" s={result.base} className="what-if__base" />
          <ScenarioCard title="调整后测算" s={result.variant} className="what-if__variant" />
        </>
      ) : null}
    </View>
  );
}

export default function WhatIfPage() {
  const officer = useOfficerMe(['centre_admin'], '费用测算');
  if ('screen' in officer) return officer.screen;
  return <WhatIf />;
}
