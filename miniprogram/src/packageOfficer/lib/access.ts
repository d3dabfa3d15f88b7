import type { Grant, Me } from '@shared/api/user';
import { ROLE_LEVELS, outranksOrEquals, type OfficerRole } from '@shared/officer/roles';

export type { OfficerRole };

export const OFFICER_ROLES: OfficerRole[] = [
  'unit_officer',
  'district_reviewer',
  'centre_reviewer',
  'centre_finance',
  'centre_admin',
];

/** Roles that review group applications and see the subtree's figures. */
export const REVIEWER_ROLES: OfficerRole[] = [
  'district_reviewer',
  'centre_reviewer',
  'centre_finance',
  'centre_admin',
];
/** Payment anomalies and refunds. */
export const PAYMENT_ROLES: OfficerRole[] = ['centre_admin', 'centre_finance'];
/** Paper sign-up imports (the centre's read-only roles excluded, as unitdata checks). */
export const IMPORT_ROLES: OfficerRole[] = ['unit_officer', 'district_reviewer', 'centre_admin'];
/** Recording transfers against statements. */
export const TRANSFER_ROLES: OfficerRole[] = ['district_reviewer', 'centre_finance', 'centre_admin'];

/** The caller's grants of any of `roles`. */
export const grantsWith = (me: Pick<Me, 'grants'>, roles: readonly OfficerRole[]): Grant[] =>
  me.grants.filter((g) => roles.includes(g.role));

export const hasAny = (me: Pick<Me, 'grants'>, roles: readonly OfficerRole[]): boolean =>
  grantsWith(me, roles).length > 0;

/** Roles the caller may hand out somewhere (the backend checks the org's level and subtree). */
export const invitableRoles = (me: Pick<Me, 'grants'>): OfficerRole[] =>
  OFFICER_ROLES.filter((r) => me.grants.some((g) => outranksOrEquals(g.role, r)));

/** Whether `role` can be bound to an org of `level` (a unit officer to a grassroots union, …). */
export const roleFitsLevel = (role: OfficerRole, level: string): boolean =>
  (ROLE_LEVELS[role] as readonly string[]).includes(level);

/** Distinct orgs of the caller's grants among `roles`, in grant order. */
export function grantOrgs(
  me: Pick<Me, 'grants'>,
  roles: readonly OfficerRole[],
): { id: string; name: string }[] {
  const seen = new Set<string>();
  const out: { id: string; name: string }[] = [];
  for (const g of grantsWith(me, roles)) {
    if (seen.has(g.orgId)) continue;
    seen.add(g.orgId);
    out.push({ id: g.orgId, name: g.orgName || g.orgId });
  }
  return out;
}
