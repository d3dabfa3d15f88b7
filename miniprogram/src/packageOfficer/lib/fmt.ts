import { formatYuan } from '@shared/money';

export { formatYuan };

/** Basis points as a percentage, "72.5%"; null (nothing to divide by) as "—". */
export function pct(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  if (bp > 0 && bp < 10) return '<0.1%';
  return `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 1)}%`;
}

/** Grouped integer, "55,910". */
export const count = (n: number): string => n.toLocaleString('en-US');

export const ORG_LEVEL_LABELS: Record<string, string> = {
  province: '省级',
  city: '市级',
  district: '区县',
  bureau: '局（系统）',
  industry: '产业',
  grassroots: '基层单位',
};
