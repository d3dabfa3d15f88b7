import { formatYuan } from '../../lib/format';

export const FLAG_LABELS: Record<string, string> = {
  duplicate: '疑似重复',
  high_amount: '大额',
  late: '超期',
  objection: '有异议',
  held: '暂停发放',
  long_wait: '等待较久',
};

export const DUE_LABELS: Record<string, string> = {
  ok: '',
  near: '临近发放期限',
  due_today: '今日到期',
  late: '已超发放期限',
};

/** "¥1,234.50" style, the app's one money format; '—' when absent. */
export const yuan = (fen: number | undefined | null): string => (fen == null ? '—' : formatYuan(fen));

/** 元 typed by a person → integer fen, or null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const t = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [i, d = ''] = t.split('.');
  return Number(i) * 100 + Number(d.padEnd(2, '0'));
}

/** Basis points → "87.5%", or '—'. */
export const pct = (bp: number | null | undefined): string =>
  bp == null ? '—' : `${(bp / 100).toFixed(1)}%`;

/** The audit log's action codes in Chinese (unknown codes are shown as they are). */
export const AUDIT_ACTIONS: Record<string, string> = {
  'review.assign': '领取审核',
  'review.release': '放回队列',
  'review.reassign': '转交审核',
  'review.approve': '审核通过',
  'review.bulk_approve': '批量通过',
  'review.reject': '不予通过',
  'review.request_material': '要求补充材料',
  'review.correct_facts': '更正信息',
  'review.pass_on': '初审通过',
  'review.refer': '提交鉴定会',
  'review.file.view': '查看材料原图',
  'review.batch.add': '列入发放批次',
  'review.batch.cancel': '取消发放批次',
  'review.batch.file': '导出转账清单（脱敏）',
  'review.batch.file.full_accounts': '导出转账清单（完整账号）',
  'review.batch.paid': '登记已转账',
  'review.batch.failed': '登记转账失败',
  'review.batch.held': '暂停发放（异议）',
  'review.notice.publish': '发布公示',
  'review.objection': '提出公示异议',
  'review.objection.resolve': '处理公示异议',
  'review.audit.export': '导出审计日志',
  'review.import.settlements': '导入医保结算数据',
};
