import { useEffect, useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { formatChinaDateTime } from '../../../lib/format';
import { usePaged } from '../../../lib/paged';
import { ListFooter, Row, pagedScreen } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { saveQrImage } from '../unit-qr/save-qr';

export type InviteView = OutputOf<'officer.createInvite'>;

/** 有效 / 已撤销 / 已过期 / 已用完, as the backend would refuse it. */
export function inviteState(i: InviteView, now = Date.now()): { label: string; live: boolean } {
  if (i.status === 'revoked') return { label: '已撤销', live: false };
  if (Date.parse(i.expiresAt) <= now) return { label: '已过期', live: false };
  if (i.uses >= i.maxUses) return { label: '已用完', live: false };
  return { label: '有效', live: true };
}

/** The invite's QR (short-lived image URL), shown in place, to show, save or print. */
export function InviteQr({ invite, onClose }: { invite: InviteView; onClose: () => void }) {
  const [qr, setQr] = useState<{ imageUrl: string } | { error: string } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let live = true;
    setQr(null);
    call('officer.inviteQrCode', { inviteId: invite.id })
      .then((r) => live && setQr({ imageUrl: r.imageUrl }))
      .catch((e) => live && setQr({ error: toAppError(e).message }));
    return () => {
      live = false;
    };
  }, [invite.id]);
  const title = `${invite.orgName} ${invite.roleLabel}邀请`;
  return (
    <View className="invite-qr">
      {qr && 'error' in qr ? (
        <View className="error-text">{qr.error}</View>
      ) : qr?.imageUrl ? (
        <Image className="invite-qr__img" src={qr.imageUrl} mode="aspectFit" showMenuByLongpress />
      ) : (
        <Text className="muted">正在生成二维码…</Text>
      )}
      <Text className="muted invite-qr__hint">请被邀请人用微信扫码；二维码图片链接 10 分钟内有效。</Text>
      <View className="o-actions">
        <Button size="small" type="default" onClick={onClose}>
          收起
        </Button>
        <Button
          className="invite-qr__save"
          size="small"
          type="primary"
          loading={saving}
          disabled={!qr || 'error' in qr || !qr.imageUrl}
          onClick={() => {
            if (!qr || 'error' in qr) return;
            setSaving(true);
            saveQrImage(qr.imageUrl, title)
              .catch((e) => toast(toAppError(e).message))
              .finally(() => setSaving(false));
          }}
        >
          {process.env.TARO_ENV === 'h5' ? '保存 / 打印' : '保存到相册'}
        </Button>
      </View>
    </View>
  );
}

/** The org's invites, newest first, with 二维码 and 撤销. `version` bumps after a new invite. */
export function InviteList({ orgId, version }: { orgId: string; version: number }) {
  const list = usePaged(
    (page) => call('officer.listInvites', { orgId, page, pageSize: 10 }),
    `${orgId}:${version}`,
    (i) => i.id,
  );
  const [shown, setShown] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const revoke = async (i: InviteView) => {
    const ok = await confirmChange(
      '撤销邀请',
      `撤销后，该邀请（${i.roleLabel}，已用 ${i.uses}/${i.maxUses} 次）立即失效，已接受的人员不受影响。确定撤销？`,
      '撤销',
    );
    if (!ok) return;
    setBusy(i.id);
    try {
      await call('officer.revokeInvite', { inviteId: i.id });
      toast('已撤销');
      await list.reload();
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(null);
    }
  };

  const screen = pagedScreen(list, '暂无邀请');
  return (
    <View className="invite-list">
      {screen}
      {list.items.map((i) => {
        const state = inviteState(i);
        return (
          <View key={i.id} className={`card invite-item invite-item--${state.live ? 'live' : 'dead'}`}>
            <View className="invite-item__head">
              <Text className="o-title invite-item__role">{i.roleLabel}</Text>
              <Tag type={state.live ? 'success' : 'default'} className="invite-item__state">
                {state.label}
              </Tag>
            </View>
            <Row label="组织">{i.orgName}</Row>
            <Row label="使用次数">
              <Text className="invite-item__uses">
                {i.uses} / {i.maxUses}
              </Text>
            </Row>
            <Row label="有效期至">
              <Text className="nowrap">{formatChinaDateTime(i.expiresAt)}</Text>
            </Row>
            {shown === i.id ? <InviteQr invite={i} onClose={() => setShown(null)} /> : null}
            {state.live ? (
              <View className="o-actions">
                <Button
                  className="invite-item__revoke"
                  size="small"
                  type="default"
                  loading={busy === i.id}
                  onClick={() => void revoke(i)}
                >
                  撤销
                </Button>
                {shown !== i.id ? (
                  <Button
                    className="invite-item__qr"
                    size="small"
                    type="primary"
                    onClick={() => setShown(i.id)}
                  >
                    二维码
                  </Button>
                ) : null}
              </View>
            ) : null}
          </View>
        );
      })}
      <ListFooter list={list} />
    </View>
  );
}
