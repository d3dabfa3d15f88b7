import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Tag } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { useLoad } from '../../../lib/use-load';
import { toast } from '../../../lib/toast';
import { formatChinaDateTime } from '../../../lib/format';
import { REMOVE_WORDING, RejectDialog } from './RejectDialog';
import { RETIRED_HINT, STATUS_TABS, VIA_LABELS, type JoinRequest, type RequestStatus } from './labels';

const PAGE_SIZE = 20;

interface More {
  items: JoinRequest[];
  page: number;
  total: number;
}

/** Pages after the first, appended; a request already shown (the list moved meanwhile) is skipped. */
function appendNew(shown: JoinRequest[], next: JoinRequest[]): JoinRequest[] {
  const ids = new Set(shown.map((r) => r.id));
  return [...shown, ...next.filter((r) => !ids.has(r.id))];
}

/** The ID number's last four digits: the server's idLast4 (own unit), else the masked number's tail. */
const last4 = (r: JoinRequest): string => (r.idLast4 ?? r.idMasked).replace(/\*/g, '').slice(-4);

/** One tab's requests with 加载更多, and 通过 / 驳回 on the pending ones. */
export function RequestList({ unitId, status }: { unitId: string; status: RequestStatus }) {
  const fetchPage = (page: number) =>
    call('org.listJoinRequests', { unitId, status, page, pageSize: PAGE_SIZE });
  const [first, reload] = useLoad(() => fetchPage(1));
  const [more, setMore] = useState<More | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<JoinRequest | null>(null);
  const [removing, setRemoving] = useState<JoinRequest | null>(null);

  // A decision shifts the pages behind it, so the list starts again from page 1.
  const refresh = async () => {
    setMore(null);
    await reload();
  };

  useEffect(() => {
    void reload();
  }, [reload]);

  if (first.status === 'loading') return <PageLoading />;
  if (first.status === 'error')
    return <PageError message={first.error.message} onRetry={() => void refresh()} />;

  const items = more ? appendNew(first.data.items, more.items) : first.data.items;
  const total = more?.total ?? first.data.total;

  const loadMore = async () => {
    const page = (more?.page ?? 1) + 1;
    setLoadingMore(true);
    try {
      const r = await fetchPage(page);
      setMore({ items: [...(more?.items ?? []), ...r.items], page, total: r.total });
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setLoadingMore(false);
    }
  };

  const approve = async (r: JoinRequest) => {
    const { confirm } = await Taro.showModal({
      title: '通过入会申请',
      // The masked number would wrap mid-way in the modal; its last four tell applicants apart.
      content: `同意“${r.displayName}”（身份证尾号 ${last4(r)}）加入本单位？通过后该职工即可参保缴费。`,
      confirmText: '通过',
    });
    if (!confirm) return;
    setBusyId(r.id);
    try {
      await call('org.decideJoinRequest', { requestId: r.id, approve: true });
      toast('已通过');
    } catch (e) {
      // Typically ORG.REQUEST_DECIDED: another officer was quicker; the refresh shows the outcome.
      toast(toAppError(e).message);
    } finally {
      setBusyId(null);
    }
    await refresh();
  };

  const reject = async (r: JoinRequest, reason: string) => {
    try {
      await call('org.decideJoinRequest', { requestId: r.id, approve: false, reason });
      toast('已驳回');
    } catch (e) {
      const err = toAppError(e);
      // Anything but "already decided" may succeed on a second try: keep the dialog and reason.
      if (err.code !== 'ORG.REQUEST_DECIDED') throw err;
      toast(err.message);
    }
    setRejecting(null);
    await refresh();
  };

  const remove = async (r: JoinRequest, reason: string) => {
    try {
      await call('org.removeMember', { requestId: r.id, reason });
      toast('已移出');
    } catch (e) {
      const err = toAppError(e);
      // No longer a member (moved or removed meanwhile): nothing left to do but refresh.
      if (err.code !== 'ORG.NOT_A_MEMBER' && err.code !== 'ORG.REQUEST_DECIDED') throw err;
      toast(err.message);
    }
    setRemoving(null);
    await refresh();
  };

  const empty = STATUS_TABS.find((t) => t.value === status)?.empty ?? '暂无申请';
  return (
    <View className="join-list">
      {items.length === 0 ? (
        <PageEmpty title={empty} />
      ) : (
        <Text className="join-list__count muted">共 {total} 条</Text>
      )}
      {items.map((r) => (
        <View key={r.id} className={`card join-item join-item--${r.status}`}>
          <View className="join-item__head">
            <Text className="join-item__name">{r.displayName}</Text>
            <Tag className="join-item__via" type="default" plain round>
              {VIA_LABELS[r.via]}
            </Tag>
            <Text className="join-item__date muted">{formatChinaDateTime(r.createdAt)}</Text>
          </View>
          <View className="join-item__row">
            <Text className="join-item__label">身份证号</Text>
            <Text className="join-item__id">{r.idMasked}</Text>
          </View>
          {r.idLast4 ? (
            <View className="join-item__row">
              <Text className="join-item__label">身份证尾号</Text>
              <Text className="join-item__last4 nowrap">{r.idLast4.replace(/^\*+/, '')}</Text>
            </View>
          ) : null}
          {r.reason && (r.status === 'rejected' || r.status === 'removed') ? (
            <View className="join-item__row">
              <Text className="join-item__label">{r.status === 'removed' ? '移出原因' : '驳回原因'}</Text>
              <Text className="join-item__reason">{r.reason}</Text>
            </View>
          ) : null}
          {r.phoneMasked ? (
            <View className="join-item__row">
              <Text className="join-item__label">手机号</Text>
              <Text className="join-item__phone">{r.phoneMasked}</Text>
            </View>
          ) : null}
          {r.probablyRetired ? <View className="join-item__retired">{RETIRED_HINT}</View> : null}
          {r.status === 'pending' ? (
            <View className="join-item__actions">
              <Button
                className="join-item__reject"
                size="small"
                type="default"
                disabled={busyId === r.id}
                onClick={() => setRejecting(r)}
              >
                驳回
              </Button>
              <Button
                className="join-item__approve"
                size="small"
                type="primary"
                loading={busyId === r.id}
                onClick={() => void approve(r)}
              >
                通过
              </Button>
            </View>
          ) : r.status === 'approved' ? (
            <View className="join-item__actions">
              <Button
                className="join-item__remove"
                size="small"
                type="default"
                onClick={() => setRemoving(r)}
              >
                移出单位
              </Button>
            </View>
          ) : null}
        </View>
      ))}
      {items.length < total ? (
        <Button
          className="join-list__more"
          block
          type="default"
          loading={loadingMore}
          onClick={() => void loadMore()}
        >
          加载更多
        </Button>
      ) : null}
      <RejectDialog
        request={rejecting}
        onCancel={() => setRejecting(null)}
        onReject={(r, reason) => reject(r, reason)}
      />
      <RejectDialog
        request={removing}
        wording={REMOVE_WORDING}
        onCancel={() => setRemoving(null)}
        onReject={(r, reason) => remove(r, reason)}
      />
    </View>
  );
}
