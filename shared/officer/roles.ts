/**
 * Who may grant which officer role where: the one place the rank order is written. A grant is a
 * pair (role, org) reaching that org's subtree. Pure: the handlers pass the caller's grants and
 * the target org in, and every grant, invite and revocation goes through `grantAuthority`.
 */
import type { Role } from '../api/user';

export type OfficerRole = Exclude<Role, 'worker'>;
export type OrgLevel = 'province' | 'city' | 'district' | 'bureau' | 'industry' | 'grassroots';

export interface GrantLike {
  role: OfficerRole;
  orgId: string;
}
export interface OrgLike {
  _id: string;
  ancestors: readonly string[];
  level: OrgLevel;
}

/**
 * Higher ranks may grant lower ones. The centre's reviewer and finance roles are peers: neither
 * may grant the other (only the centre admin grants both); anyone may grant their own role to a
 * colleague within their subtree.
 */
export const ROLE_RANK: Readonly<Record<OfficerRole, number>> = {
  unit_officer: 1,
  district_reviewer: 2,
  centre_reviewer: 3,
  centre_finance: 3,
  centre_admin: 4,
};

/** The levels of org each role can be bound to (a unit officer to a grassroots union, …). */
export const ROLE_LEVELS: Readonly<Record<OfficerRole, readonly OrgLevel[]>> = {
  unit_officer: ['grassroots'],
  district_reviewer: ['district', 'bureau', 'industry'],
  centre_reviewer: ['province', 'city'],
  centre_finance: ['province', 'city'],
  centre_admin: ['province', 'city'],
};

export const ROLE_LABELS: Readonly<Record<OfficerRole, string>> = {
  unit_officer: '单位工会干部',
  district_reviewer: '区县（局、产业）工会审核员',
  centre_reviewer: '互助保障中心审核员',
  centre_finance: '互助保障中心财务',
  centre_admin: '互助保障中心管理员',
};

/** The org is the grant's org or lies below it. */
export const reaches = (grant: GrantLike, org: Pick<OrgLike, '_id' | 'ancestors'>): boolean =>
  grant.orgId === org._id || org.ancestors.includes(grant.orgId);

/** A grantor's grant may hand out `role`: a higher rank, or the same role to a colleague. */
export const outranksOrEquals = (grantor: OfficerRole, role: OfficerRole): boolean =>
  grantor === role || ROLE_RANK[grantor] > ROLE_RANK[role];

export type GrantRefusal = 'ROLE_LEVEL' | 'OUTSIDE_SUBTREE' | 'ROLE_ABOVE_OWN';

/**
 * The caller's grant that authorises granting (or revoking) `role` on `org`, or why none does.
 * The refusal says the nearest miss: outside every subtree the caller holds, or within one but
 * for a role above the caller's own there.
 */
export function grantAuthority(
  grants: readonly GrantLike[],
  role: OfficerRole,
  org: OrgLike,
): { ok: true; via: GrantLike } | { ok: false; reason: GrantRefusal } {
  if (!ROLE_LEVELS[role].includes(org.level)) return { ok: false, reason: 'ROLE_LEVEL' };
  const reaching = grants.filter((g) => reaches(g, org));
  if (reaching.length === 0) return { ok: false, reason: 'OUTSIDE_SUBTREE' };
  const via = reaching.find((g) => outranksOrEquals(g.role, role));
  return via ? { ok: true, via } : { ok: false, reason: 'ROLE_ABOVE_OWN' };
}

/** Roles that act on an org: the grants of `roles` that reach it (any one suffices). */
export function grantFor(
  grants: readonly GrantLike[],
  roles: readonly OfficerRole[],
  org: Pick<OrgLike, '_id' | 'ancestors'>,
): GrantLike | undefined {
  return grants.find((g) => roles.includes(g.role) && reaches(g, org));
}
