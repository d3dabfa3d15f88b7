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

export function ordinalStay(index: number, dischargedOn: string | undefined, noun = '住院'): string {
  return dischargedOn ? `第${index + 1}次${noun}（${dischargedOn}出院）` : `第${index + 1}次${noun}`;
}
