import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { toast } from '../../lib/toast';
import { usePaged } from '../../lib/paged';
import { ListFooter, pagedScreen } from './ui';
import { confirmChange } from '../../lib/confirm';

export type MemberView = OutputOf<'officer.listApplicationMembers'>['items'][number];

const STATUS: Record<MemberView['status'], string> = {
  held: '已提交',
  withdrawn: '已撤回',
  released: '已释放名额',
  enrolled: '已参保',
};

/** Warnings on a member, in Chinese (the codes' own catalogue text for the one we know). */
export const FLAG_TEXT: Record<string, string> = {
  'ENROLL.PROBABLY_RETIRED': '按身份证出生日期可能已达法定退休年龄，请核实',
};

/**
 * The application's members, paged: status, whether a free place is held, flags. `editable`
 * (an open application, the unit's officer): 撤回 a held member, 重新提交 a withdrawn one.
 */
export function Members(props: {
  applicationId: string;
  editable: boolean;
  version: number;
  onChange?: () => void;
}) {
  const { applicationId, editable, version, onChange } = props;
  const list = usePaged(
    (page) => call('officer.listApplicationMembers', { applicationId, page, pageSize: 20 }),
    `${applicationId}:${version}`,
    (m) => m.userId,
  );
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (m: MemberView) => {
    const held = m.status === 'held';
    const ok = await confirmChange(
      held ? '撤回人员' : '重新提交',
      held
        ? `将“${m.displayName}”撤出本申请${m.quotaPlace ? '，其占用的普惠名额将退回' : ''}？`
        : `重新提交“${m.displayName}”？如有普惠名额将再占用一个。`,
      held ? '撤回' : '提交',
    );
    if (!ok) return;
    setBusy(m.userId);
    try {
      if (held) await call('officer.withdrawMember', { applicationId, userId: m.userId });
      else {
        const r = await call('officer.submitMembers', { applicationId, userIds: [m.userId] });
        if (r.refused[0]) toast(r.refused[0].message);
      }
      await list.reload();
      onChange?.();
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  };

  const screen = pagedScreen(list, '尚未添加参保人员');
  return (
    <View className="members">
      {screen}
      {list.items.map((m) => (
        <View key={m.userId} className={`member member--${m.status}`}>
          <View className="member__main">
            <Text className="member__name">{m.displayName}</Text>
            <Text className="muted member__id">{m.idMasked}</Text>
            <View>
              <Tag
                type={m.status === 'held' || m.status === 'enrolled' ? 'success' : 'default'}
                className="member__status"
              >
                {STATUS[m.status]}
              </Tag>
              {m.quotaPlace ? (
                <Tag type="primary" plain className="member__quota">
                  普惠名额
                </Tag>
              ) : null}
            </View>
            {m.flags.map((f) => (
              <View key={f} className="o-warn member__flag">
                {FLAG_TEXT[f] ?? f}
              </View>
            ))}
          </View>
          {editable && (m.status === 'held' || m.status === 'withdrawn') ? (
            <Button
              className="member__act"
              size="small"
              type="default"
              loading={busy === m.userId}
              onClick={() => void act(m)}
            >
              {m.status === 'held' ? '撤回' : '重新提交'}
            </Button>
          ) : null}
        </View>
      ))}
      <ListFooter list={list} />
    </View>
  );
}
