import type { IsoDate } from '../calendar';

export type CoverageState = 'upcoming' | 'in_force' | 'expired';

/**
 * Whether paid cover is in force is a matter of dates (China time), never of the payment alone:
 * cover bought on 2 December for the next calendar year is 待生效 until 1 January.
 */
export function coverageState(coverage: { start: IsoDate; end: IsoDate }, today: IsoDate): CoverageState {
  if (today < coverage.start) return 'upcoming';
  if (today > coverage.end) return 'expired';
  return 'in_force';
}

export const COVERAGE_STATE_LABELS: Record<CoverageState, string> = {
  upcoming: '待生效',
  in_force: '保障中',
  expired: '已到期',
};

/** 待生效（2027-01-01 起） / 保障中（至 2027-12-31） / 已到期（2026-12-31 止）. */
export function coverageStateText(coverage: { start: IsoDate; end: IsoDate }, today: IsoDate): string {
  const state = coverageState(coverage, today);
  if (state === 'upcoming') return `待生效（${coverage.start} 起）`;
  if (state === 'in_force') return `保障中（至 ${coverage.end}）`;
  return `已到期（${coverage.end} 止）`;
}
