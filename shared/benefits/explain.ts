/** Small Chinese wording helpers shared by the rule evaluators. */
import { formatRatio, formatYuan, type BasisPoints, type Fen } from '../money';

export const fmt = formatYuan;
export const pct = (ratio: BasisPoints): string => formatRatio(ratio);

/** Whole-yuan amounts as the notices write them in tier bounds: "1000", "1000.50". */
export function plainYuan(amount: Fen): string {
  const whole = Math.floor(amount / 100);
  const cents = amount % 100;
  return cents === 0 ? String(whole) : `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

const ORDINALS: string[] = [];
// Stryker disable next-line ConditionalExpression,EqualityOperator: ORDINALS only caches the fallback's own text
for (let i = 1; i <= 20; i++) ORDINALS.push(`第${i}次住院`);

/** "第2次住院（2024-03-01出院）" */
export function ordinalStay(index: number, dischargedOn: string | undefined): string {
  const head = index < ORDINALS.length ? ORDINALS[index] : `第${index + 1}次住院`;
  return dischargedOn === undefined ? head : `${head}（${dischargedOn}出院）`;
}
