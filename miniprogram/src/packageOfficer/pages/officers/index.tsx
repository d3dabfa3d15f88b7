import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { roleLabel } from '../../../lib/roles';
import { useLoad } from '../../../lib/use-load';
import { OFFICER_ROLES, grantOrgs } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { OrgPicker, type PickedOrg } from '../../lib/OrgPicker';
import { confirmChange } from '../../../lib/confirm';
import '../../officer.css';

type Holder = OutputOf<'officer.listOfficers'>['items'][number];

function Holders({ org }: { org: PickedOrg }) {
  const [list, reload] = useLoad(() => call('officer.listOfficers', { orgId: org.id }));
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    void reload();
  }, [org.id, reload]);

  const revoke = async (h: Holder) => {
    const ok = await confirmChange(
      '撤销经办角色',
      `撤销“${h.displayName}”在“${org.name}”的${roleLabel(h.role)}角色？撤销后其立即不能再办理相应事项。`,
      '撤销',
    );
    if (!ok) return;
    setBusy(`${h.userId}-${h.role}`);
    try {
      await call('officer.revokeGrant', { userId: h.userId, role: h.role, orgId: org.id });
      toast('已撤销');
      await reload();
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  };

  if (list.status === 'loading') return <PageLoading />;
  if (list.status === 'error')
    return <PageError message={list.error.message} onRetry={() => void reload()} />;
  if (list.data.items.length === 0)
    return <PageEmpty title="该组织暂无经办人员" description="可通过“邀请经办人员”授予角色" />;
  return (
    <View className="officer-list">
      {list.data.items.map((h) => (
        <View key={`${h.userId}-${h.role}`} className="card officer-item">
          <Text className="o-title officer-item__name">{h.displayName}</Text>
          <Text className="muted officer-item__role">{roleLabel(h.role)}</Text>
          <View className="o-actions">
            <Button
              className="officer-item__revoke"
              size="small"
              type="default"
              loading={busy === `${h.userId}-${h.role}`}
              onClick={() => void revoke(h)}
            >
              撤销角色
            </Button>
          </View>
        </View>
      ))}
      {list.data.items.length >= 100 ? <Text className="muted">仅显示前 100 人</Text> : null}
    </View>
  );
}

/** 经办人员: who holds a role on an org (masked names), and 撤销角色 with confirmation. */
export default function OfficersPage() {
  const officer = useOfficerMe(OFFICER_ROLES, '查看经办人员');
  const roots = 'me' in officer ? grantOrgs(officer.me, OFFICER_ROLES) : [];
  const [org, setOrg] = useState<PickedOrg | null>(null);
  if ('screen' in officer) return officer.screen;
  const current = org ?? roots[0] ?? null;
  return (
    <View className="page officers">
      <OrgPicker title="查看的组织" roots={roots} value={current} onChange={setOrg} />
      {current ? <Holders key={current.id} org={current} /> : null}
    </View>
  );
}
