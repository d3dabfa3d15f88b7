import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { useLoad } from '../../../lib/use-load';
import { OFFICER_ROLES, grantOrgs, hasAny } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { OrgPicker, type PickedOrg } from '../../lib/OrgPicker';
import { ProgramField, type ProgramChoice } from '../../lib/ProgramField';
import { useParam, useProgramParam } from '../../lib/program-param';
import { Field, Row } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { count } from '../../lib/fmt';

type Batch = OutputOf<'officer.quotaStatus'>['items'][number];

/** Centre admin: change a batch's places (never below those taken), after confirming. */
function SetPlaces(props: { unit: PickedOrg; program: ProgramChoice; batch?: Batch; onSaved: () => void }) {
  const { unit, program, batch, onSaved } = props;
  const [batchId, setBatchId] = useState(batch?.batchId ?? '');
  const [places, setPlaces] = useState(batch ? String(batch.places) : '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const n = Number(places);
    if (!batchId.trim()) return setError('请填写批次编号');
    if (!Number.isInteger(n) || n < 0) return setError('名额应为不小于 0 的整数');
    const taken = batch ? batch.places - batch.remaining : 0;
    const ok = await confirmChange(
      '调整普惠名额',
      `${unit.name} · 批次 ${batchId.trim()}：名额${batch ? ` ${batch.places} →` : '设为'} ${n}${batch ? `（已占用 ${taken}）` : ''}。确定？`,
      '确定调整',
    );
    if (!ok) return;
    setSaving(true);
    setError(null);
    try {
      await call('officer.setQuota', {
        programId: program.id,
        batchId: batchId.trim(),
        unitId: unit.id,
        places: n,
      });
      toast('名额已更新');
      onSaved();
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="quota-set">
      {batch ? null : <Field label="批次编号" value={batchId} onInput={setBatchId} placeholder="如 2026q4" />}
      <Field
        className="quota-set__places"
        label="名额"
        type="number"
        value={places}
        onInput={setPlaces}
        maxlength={7}
      />
      {error ? <View className="error-text quota-set__error">{error}</View> : null}
      <Button className="quota-set__save" type="primary" block loading={saving} onClick={() => void save()}>
        保存名额
      </Button>
    </View>
  );
}

function BatchCard({
  b,
  canSet,
  unit,
  program,
  onSaved,
}: {
  b: Batch;
  canSet: boolean;
  unit: PickedOrg;
  program: ProgramChoice;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const used = b.places - b.remaining;
  const low = b.places > 0 && b.remaining * 10 <= b.places;
  return (
    <View className={`card quota-batch ${low ? 'quota-batch--low' : ''}`}>
      <Text className="o-title">批次 {b.batchId}</Text>
      <Row label="剩余名额">
        <Text className={`quota-batch__remaining ${low ? 'o-bad' : ''}`}>{count(b.remaining)}</Text>
        <Text className="muted"> / 共 {count(b.places)}</Text>
      </Row>
      <View className="o-bar">
        <View
          className="o-bar__fill"
          style={{ width: `${b.places ? Math.min(100, (used * 100) / b.places) : 0}%` }}
        />
      </View>
      <Row label="已占用">
        {count(used)}（其中申请中 {count(b.reserved)}）
      </Row>
      {low ? <View className="o-warn">名额即将用完</View> : null}
      {canSet ? (
        editing ? (
          <SetPlaces
            unit={unit}
            program={program}
            batch={b}
            onSaved={() => {
              setEditing(false);
              onSaved();
            }}
          />
        ) : (
          <View className="o-actions">
            <Button
              className="quota-batch__edit"
              size="small"
              type="default"
              onClick={() => setEditing(true)}
            >
              调整名额
            </Button>
          </View>
        )
      ) : null}
    </View>
  );
}

function Batches({ unit, program, canSet }: { unit: PickedOrg; program: ProgramChoice; canSet: boolean }) {
  const [status, reload] = useLoad(() =>
    call('officer.quotaStatus', { programId: program.id, unitId: unit.id }),
  );
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    void reload();
  }, [reload, unit.id, program.id]);
  if (status.status === 'loading') return <PageLoading />;
  if (status.status === 'error')
    return <PageError message={status.error.message} onRetry={() => void reload()} />;
  return (
    <View className="quota-batches">
      {status.data.items.length === 0 ? <PageEmpty title="该单位在此项目没有普惠名额" /> : null}
      {status.data.items.map((b) => (
        <BatchCard
          key={b.batchId}
          b={b}
          canSet={canSet}
          unit={unit}
          program={program}
          onSaved={() => void reload()}
        />
      ))}
      {canSet ? (
        adding ? (
          <View className="card">
            <Text className="o-title">新增批次名额</Text>
            <SetPlaces
              unit={unit}
              program={program}
              onSaved={() => {
                setAdding(false);
                void reload();
              }}
            />
          </View>
        ) : (
          <Button className="quota-add" block type="default" onClick={() => setAdding(true)}>
            新增批次名额
          </Button>
        )
      ) : null}
    </View>
  );
}

function Quotas({ me }: { me: Me }) {
  const unitParam = useParam('unitId');
  const units = grantOrgs(me, ['unit_officer']);
  const initial =
    units.find((u) => u.id === unitParam) ?? (unitParam ? { id: unitParam, name: unitParam } : units[0]);
  const [unit, setUnit] = useState<PickedOrg | null>(initial ?? null);
  const [program, setProgram] = useProgramParam();
  const canSet = hasAny(me, ['centre_admin']);
  return (
    <View className="page quotas">
      <OrgPicker
        title="单位"
        roots={grantOrgs(me, OFFICER_ROLES)}
        value={unit}
        accept={(o) => !o.level || o.level === 'grassroots'}
        onChange={setUnit}
      />
      <ProgramField value={program} onChange={setProgram} />
      {unit && program ? (
        <Batches key={`${unit.id}:${program.id}`} unit={unit} program={program} canSet={canSet} />
      ) : (
        <PageEmpty title="请选择单位和保障项目" />
      )}
    </View>
  );
}

/** 普惠名额: a unit's free places per batch and what is left; the centre admin sets them. */
export default function QuotasPage() {
  const officer = useOfficerMe(OFFICER_ROLES, '查看名额');
  if ('screen' in officer) return officer.screen;
  return <Quotas me={officer.me} />;
}
