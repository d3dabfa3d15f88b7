import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { chinaToday } from '../../../lib/format';
import { OFFICER_ROLES, TRANSFER_ROLES, grantOrgs, hasAny } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { ProgramField, type ProgramChoice } from '../../lib/ProgramField';
import { useProgramParam } from '../../lib/program-param';
import { usePaged } from '../../../lib/paged';
import { Choice, Field, ListFooter, pagedScreen } from '../../lib/ui';
import { formatYuan } from '../../lib/fmt';
import { Statement } from './Statement';
import '../../officer.css';

function Statements({
  orgId,
  program,
  month,
  canRecord,
}: {
  orgId: string;
  program: ProgramChoice;
  month: string;
  canRecord: boolean;
}) {
  const [version, setVersion] = useState(0);
  const [building, setBuilding] = useState(false);
  const [unplaced, setUnplaced] = useState<number | null>(null);
  const list = usePaged(
    (page) => call('unitdata.listStatements', { programId: program.id, orgId, month, page, pageSize: 10 }),
    `${orgId}:${program.id}:${month}:${version}`,
    (s) => s.id,
  );
  const build = async () => {
    setBuilding(true);
    try {
      const r = await call('unitdata.buildStatements', { programId: program.id, orgId, month });
      setUnplaced(r.unplacedFen);
      setVersion((v) => v + 1);
      toast(`已生成 ${r.statements.length} 张对账单`);
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBuilding(false);
    }
  };
  return (
    <View>
      <Button className="ledger-build" block type="default" loading={building} onClick={() => void build()}>
        按参保记录重新生成本月对账单
      </Button>
      {unplaced ? (
        <View className="o-warn">有 {formatYuan(unplaced)} 未能归属到缴费方，请核查参保记录的费用构成。</View>
      ) : null}
      <View className="o-gap">{pagedScreen(list, '本月暂无对账单', '可点击上方按钮按参保记录生成')}</View>
      {list.items.map((s) => (
        <Statement key={`${s.id}:${version}`} s={s} canRecord={canRecord} />
      ))}
      <ListFooter list={list} />
    </View>
  );
}

function Ledger({ me }: { me: Me }) {
  const orgs = grantOrgs(me, OFFICER_ROLES);
  const [orgId, setOrgId] = useState(orgs[0]!.id);
  const [program, setProgram] = useProgramParam();
  const [month, setMonth] = useState(chinaToday().slice(0, 7));
  const validMonth = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  return (
    <View className="page ledger">
      {orgs.length > 1 ? (
        <Choice
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          value={orgId}
          onChange={setOrgId}
        />
      ) : null}
      <ProgramField value={program} onChange={setProgram} />
      <View className="card">
        <Field label="月份（YYYY-MM）" value={month} onInput={setMonth} maxlength={7} />
        {!validMonth ? <Text className="error-text">月份格式应为 YYYY-MM</Text> : null}
      </View>
      {program && validMonth ? (
        <Statements
          key={`${orgId}:${program.id}:${month}`}
          orgId={orgId}
          program={program}
          month={month}
          canRecord={hasAny(me, TRANSFER_ROLES)}
        />
      ) : (
        <PageEmpty title="请选择保障项目和月份" />
      )}
    </View>
  );
}

/** 资金对账: each payer's monthly statement, transfers recorded against it, mismatches flagged. */
export default function LedgerPage() {
  const officer = useOfficerMe(OFFICER_ROLES, '查看对账');
  if ('screen' in officer) return officer.screen;
  return <Ledger me={officer.me} />;
}
