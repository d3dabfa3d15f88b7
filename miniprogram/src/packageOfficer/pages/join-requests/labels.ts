import type { OutputOf } from '@shared/api';

export type JoinRequest = OutputOf<'org.listJoinRequests'>['items'][number];
export type RequestStatus = JoinRequest['status'];

export const STATUS_TABS: { value: RequestStatus; title: string; empty: string }[] = [
  { value: 'pending', title: '待审核', empty: '暂无待审核的申请' },
  { value: 'approved', title: '已通过', empty: '暂无已通过的申请' },
  { value: 'rejected', title: '已驳回', empty: '暂无已驳回的申请' },
  { value: 'removed', title: '已移出', empty: '暂无移出的成员' },
];

export const VIA_LABELS: Record<JoinRequest['via'], string> = {
  qr: '扫码申请',
  search: '搜索申请',
};

export const RETIRED_HINT = '年龄已达法定退休年龄，请核实是否已退休';
