import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { OFFICER_ROLES, grantOrgs } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { ProgramField, type ProgramChoice } from '../../lib/ProgramField';
import { useProgramParam } from '../../lib/program-param';
import { Choice } from '../../lib/ui';
import { openExport } from '../../lib/open-file';
import { LIGHTS, Totals, UnitBar, type Dashboard, type Light } from './UnitBars';
import './index.css';

const PAGE_SIZE = 20;

function Figures({ orgId, program }: { orgId: string; program: ProgramChoice }) {
  const [light, setLight] = useState<Light | 'all'>('all');
  const [pages, setPages] = useState<Dashboard[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);

  const load = async (page: number) => {
    setLoading(true);
    setError(null);
    try {
      const d = await call('unitdata.dashboard', {
        programId: program.id,
        orgId,
        page,
        pageSize: PAGE_SIZE,
        ...(light === 'all' ? {} : { light }),
      });
      setPages((p) => (page === 1 ? [d] : [...p, d]));
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setPages([]);
    void load(1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgId, program.id, light]);

  const exportFile = async (kind: 'dashboard' | 'report') => {
    setBusy(kind);
    try {
      const input = { programId: program.id, orgId };
      await openExport(
        await call(kind === 'dashboard' ? 'unitdata.exportDashboard' : 'unitdata.progressReport', input),
      );
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  };

  if (error && !pages.length) return <PageError message={error} onRetry={() => void load(1)} />;
  if (!pages.length) return <PageLoading />;
  const first = pages[0]!;
  const units = pages.flatMap((p) => p.items);
  return (
    <View className="dash">
      <Totals d={first} />
      <View className="o-actions dash-exports">
        <Button
          size="small"
          type="default"
          loading={busy === 'report'}
          onClick={() => void exportFile('report')}
        >
          双周进度报表
        </Button>
        <Button
          size="small"
          type="primary"
          fill="outline"
          loading={busy === 'dashboard'}
          onClick={() => void exportFile('dashboard')}
        >
          导出 Excel
        </Button>
      </View>
      <Choice
        className="dash-filter"
        options={[{ value: 'all' as const, label: '全部' }, ...LIGHTS]}
        value={light}
        onChange={setLight}
      />
      <View className="card dash-units">
        {units.length === 0 ? (
          <PageEmpty title="没有符合条件的单位" />
        ) : (
          units.map((u) => <UnitBar key={u.unitId} u={u} />)
        )}
      </View>
      {units.length < first.total ? (
        <Button
          className="o-more"
          block
          type="default"
          loading={loading}
          onClick={() => void load(pages.length + 1)}
        >
          加载更多（{units.length} / {first.total}）
        </Button>
      ) : null}
    </View>
  );
}

function DashboardView({ me }: { me: Me }) {
  const orgs = grantOrgs(me, OFFICER_ROLES);
  const [orgId, setOrgId] = useState(orgs[0]!.id);
  const [program, setProgram] = useProgramParam();
  return (
    <View className="page dashboard">
      {orgs.length > 1 ? (
        <Choice
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          value={orgId}
          onChange={setOrgId}
        />
      ) : null}
      <ProgramField value={program} onChange={setProgram} />
      {program ? (
        <Figures key={`${orgId}:${program.id}`} orgId={orgId} program={program} />
      ) : (
        <PageEmpty title="请选择保障项目" />
      )}
    </View>
  );
}

/** 目标进度: each unit's enrolled vs target with Luohe's traffic lights, totals, exports. */
export default function DashboardPage() {
  const officer = useOfficerMe(OFFICER_ROLES, '查看进度');
  if ('screen' in officer) return officer.screen;
  return <DashboardView me={officer.me} />;
}
