import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { roleLabel } from '../../../lib/roles';
import { OFFICER_ROLES, grantOrgs, invitableRoles, roleFitsLevel, type OfficerRole } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { OrgPicker, type PickedOrg } from '../../lib/OrgPicker';
import { Choice, Field } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { InviteList, InviteQr, type InviteView } from './InviteList';
import './index.css';

const EXPIRY_DAYS = [1, 3, 7, 14, 30];

/** 邀请经办人员: role + org + expiry + use limit → a QR code to scan; the org's invites below. */
function Invites({ roles, roots }: { roles: OfficerRole[]; roots: PickedOrg[] }) {
  const [role, setRole] = useState<OfficerRole>(roles[0]!);
  const [org, setOrg] = useState<PickedOrg | null>(roots[0] ?? null);
  const [days, setDays] = useState(7);
  const [uses, setUses] = useState('1');
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<InviteView | null>(null);
  const [version, setVersion] = useState(0);

  const create = async () => {
    const maxUses = Number(uses);
    if (!org) return setError('请选择组织');
    if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 200)
      return setError('可使用次数应为 1–200 的整数');
    setError(null);
    const ok = await confirmChange(
      '生成邀请',
      `邀请担任“${org.name}”的${roleLabel(role)}，${days} 天内有效，可使用 ${maxUses} 次。扫码接受者将获得该角色。`,
      '生成',
    );
    if (!ok) return;
    setCreating(true);
    try {
      const inv = await call('officer.createInvite', { role, orgId: org.id, expiresInDays: days, maxUses });
      setCreated(inv);
      setVersion((v) => v + 1);
      toast('邀请已生成');
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setCreating(false);
    }
  };

  return (
    <View className="page invites">
      <View className="card invites-form">
        <Text className="o-title">新建邀请</Text>
        <Text className="o-field__label">角色</Text>
        <Choice
          className="invites-role"
          options={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
          value={role}
          onChange={(r) => setRole(r)}
        />
        <OrgPicker
          className="invites-org"
          title="授予角色的组织"
          roots={roots}
          value={org}
          accept={(o) => !o.level || roleFitsLevel(role, o.level)}
          onChange={setOrg}
        />
        <Text className="o-field__label">有效期</Text>
        <Choice
          className="invites-days"
          options={EXPIRY_DAYS.map((d) => ({ value: d, label: `${d} 天` }))}
          value={days}
          onChange={setDays}
        />
        <Field
          className="invites-uses"
          label="可使用次数（1–200）"
          type="number"
          value={uses}
          maxlength={3}
          onInput={setUses}
        />
        {error ? <View className="error-text invites-error">{error}</View> : null}
        <Button
          className="invites-create o-gap"
          type="primary"
          block
          loading={creating}
          onClick={() => void create()}
        >
          生成邀请二维码
        </Button>
      </View>
      {created ? (
        <View className="card invites-created">
          <Text className="o-title">
            新邀请：{created.orgName} {created.roleLabel}
          </Text>
          <InviteQr invite={created} onClose={() => setCreated(null)} />
        </View>
      ) : null}
      <View className="section-title">{org ? `${org.name}的邀请` : '邀请记录'}</View>
      {org ? <InviteList orgId={org.id} version={version} /> : null}
    </View>
  );
}

export default function InvitesPage() {
  const officer = useOfficerMe(OFFICER_ROLES, '邀请');
  if ('screen' in officer) return officer.screen;
  const roles = invitableRoles(officer.me);
  return <Invites roles={roles} roots={grantOrgs(officer.me, OFFICER_ROLES)} />;
}
