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
