import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty } from '../../../components/PageState';
import { grantOrgs } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { ProgramField } from '../../lib/ProgramField';
import { useProgramParam } from '../../lib/program-param';
import { Choice, Field } from '../../lib/ui';
import { Application, type ApplicationView } from './Application';
import './index.css';

function Group({ me }: { me: Me }) {
  const units = grantOrgs(me, ['unit_officer']);
  const [unitId, setUnitId] = useState(units[0]!.id);
  const [program, setProgram] = useProgramParam();
  const [route, setRoute] = useState('');
  const [app, setApp] = useState<ApplicationView | null>(null);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const openApp = async () => {
    if (!program) return;
    setOpening(true);
    setError(null);
    try {
      setApp(
        await call('officer.openApplication', {
          unitId,
          programId: program.id,
          ...(route.trim() ? { route: route.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setOpening(false);
    }
  };

  return (
    <View className="page group">
      {units.length > 1 ? (
        <Choice
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          value={unitId}
          onChange={(v) => {
            setUnitId(v);
            setApp(null);
          }}
        />
      ) : (
        <View className="o-sub muted">{units[0]!.name}</View>
      )}
      <ProgramField
        value={program}
        onChange={(p) => {
          setProgram(p);
          setApp(null);
        }}
      />
      {!app ? (
        <View className="card">
          <Field
            className="group-route"
            label="参保途径（项目分途径时填写，如 puhui 普惠、unit_paid 单位缴费）"
            value={route}
            onInput={setRoute}
            maxlength={40}
          />
          {error ? <View className="error-text group-open-error">{error}</View> : null}
          <Button
            className="group-open"
            type="primary"
            block
            loading={opening}
            disabled={!program}
            onClick={() => void openApp()}
          >
            打开本单位的团体参保申请
          </Button>
        </View>
      ) : (
        <Application app={app} onChanged={setApp} />
      )}
      {!program ? <PageEmpty title="请选择保障项目" /> : null}
    </View>
  );
}

/** 团体参保: the unit's one application per program, route and batch — members, refusals, submit. */
export default function GroupPage() {
  const officer = useOfficerMe(['unit_officer'], '团体参保');
  if ('screen' in officer) return officer.screen;
  return <Group me={officer.me} />;
}
