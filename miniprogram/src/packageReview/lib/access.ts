import type { Me } from '@shared/api/user';
import type { OfficerRole } from '@shared/officer/roles';

export type { OfficerRole };

/** The roles the review function accepts per action (cloudfunctions/_lib/review-access.ts). */
export const ROLES = {
  view: ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
  precheck: ['unit_officer'],
  review: ['district_reviewer', 'centre_reviewer'],
  reassign: ['centre_reviewer', 'centre_admin'],
  centre: ['centre_reviewer', 'centre_admin'],
  finance: ['centre_finance', 'centre_admin'],
  batchView: ['centre_finance', 'centre_admin', 'centre_reviewer'],
  notices: ['centre_reviewer', 'centre_admin', 'centre_finance'],
  audit: ['centre_admin'],
  report: ['centre_reviewer', 'centre_finance', 'centre_admin'],
} as const satisfies Record<string, readonly OfficerRole[]>;

export const hasRole = (me: Pick<Me, 'grants'>, roles: readonly OfficerRole[]): boolean =>
  me.grants.some((g) => roles.includes(g.role));

/** Distinct orgs of the caller's grants among `roles`, in grant order. */
export function orgsFor(
  me: Pick<Me, 'grants'>,
  roles: readonly OfficerRole[],
): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const g of me.grants) {
    if (!roles.includes(g.role) || out.some((o) => o.id === g.orgId)) continue;
    out.push({ id: g.orgId, name: g.orgName || g.orgId });
  }
  return out;
}
