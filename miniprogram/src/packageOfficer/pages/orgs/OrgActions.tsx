import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { Choice, Field } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { ORG_LEVEL_LABELS } from '../../lib/fmt';
import { OrgPicker, type PickedOrg } from '../../lib/OrgPicker';

type Level = 'city' | 'district' | 'bureau' | 'industry' | 'grassroots';
const LEVELS: Level[] = ['city', 'district', 'bureau', 'industry', 'grassroots'];

async function attempt(
  fn: () => Promise<unknown>,
  done: string,
  setError: (e: string | null) => void,
): Promise<boolean> {
  try {
    await fn();
    toast(done);
    return true;
  } catch (e) {
    setError(toAppError(e).message);
    return false;
  }
}

/** Centre admin: 新建下级组织 under `parent`. */
export function CreateOrg({ parent, onDone }: { parent: PickedOrg; onDone: () => void }) {
  const [name, setName] = useState('');
  const [level, setLevel] = useState<Level>('grassroots');
  const [district, setDistrict] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (name.trim().length < 2) return setError('请填写组织名称');
    if (
      !(await confirmChange(
        '新建组织',
        `在“${parent.name}”下新建${ORG_LEVEL_LABELS[level]}组织“${name.trim()}”？`,
        '新建',
      ))
    )
      return;
    setBusy(true);
    setError(null);
    const input = {
      parentId: parent.id,
      name: name.trim(),
      level,
      ...(district.trim() ? { district: district.trim() } : {}),
    };
    if (await attempt(() => call('officer.createOrg', input), '已新建', setError)) onDone();
    setBusy(false);
  };
  return (
    <View className="card org-create">
      <Text className="o-title">在“{parent.name}”下新建</Text>
      <Field label="组织名称" value={name} onInput={setName} maxlength={40} />
      <Text className="o-field__label">级别</Text>
      <Choice
        options={LEVELS.map((l) => ({ value: l, label: ORG_LEVEL_LABELS[l]! }))}
        value={level}
        onChange={setLevel}
      />
      {level === 'district' ? (
        <Field label="区县名称（可选）" value={district} onInput={setDistrict} maxlength={20} />
      ) : null}
      {error ? <View className="error-text">{error}</View> : null}
      <Button className="org-create__save" type="primary" block loading={busy} onClick={() => void save()}>
        新建组织
      </Button>
    </View>
  );
}

/** Centre admin: 改名 and 调整上级 of one org. */
export function EditOrg(props: { org: PickedOrg; roots: PickedOrg[]; onDone: () => void }) {
  const { org, roots, onDone } = props;
  const [name, setName] = useState(org.name);
  const [parent, setParent] = useState<PickedOrg | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const rename = async () => {
    if (name.trim().length < 2) return setError('请填写组织名称');
    if (!(await confirmChange('组织改名', `将“${org.name}”改名为“${name.trim()}”？`, '改名'))) return;
    setBusy('rename');
    setError(null);
    if (
      await attempt(() => call('officer.renameOrg', { orgId: org.id, name: name.trim() }), '已改名', setError)
    )
      onDone();
    setBusy(null);
  };
  const move = async () => {
    if (!parent) return setError('请选择新的上级组织');
    const ok = await confirmChange(
      '调整上级组织',
      `将“${org.name}”及其全部下级组织移到“${parent.name}”之下？其下单位的审核归属将随之改变。`,
      '调整',
    );
    if (!ok) return;
    setBusy('move');
    setError(null);
    if (
      await attempt(
        () => call('officer.moveOrg', { orgId: org.id, newParentId: parent.id }),
        '已调整',
        setError,
      )
    )
      onDone();
    setBusy(null);
  };

  return (
    <View className="org-edit">
      <Field label="新名称" value={name} onInput={setName} maxlength={40} />
      <Button
        className="org-edit__rename"
        block
        type="default"
        loading={busy === 'rename'}
        onClick={() => void rename()}
      >
        保存名称
      </Button>
      <View className="o-gap">
        <OrgPicker
          title="新的上级组织"
          roots={roots}
          value={parent}
          onChange={setParent}
          accept={(o) => o.id !== org.id && o.level !== 'grassroots'}
        />
      </View>
      <Button
        className="org-edit__move"
        block
        type="default"
        loading={busy === 'move'}
        onClick={() => void move()}
      >
        调整到所选上级
      </Button>
      {error ? <View className="error-text org-edit__error">{error}</View> : null}
    </View>
  );
}
