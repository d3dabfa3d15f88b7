import type { Me } from '@shared/api/user';

/** The unit line shown to a worker: name plus where the join request stands. */
export function unitLine(me: Pick<Me, 'unitName' | 'unitStatus'>): string {
  if (me.unitStatus === 'none' || !me.unitName) return '尚未加入单位';
  return me.unitStatus === 'pending' ? `${me.unitName}（待单位确认）` : me.unitName;
}
