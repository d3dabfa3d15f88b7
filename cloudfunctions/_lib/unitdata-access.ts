import { AppError } from '@shared/errors';
import { currentUser, requireOrg } from './access';
import type { HandlerContext } from './context';
import type { OrgDoc, RoleGrant, UserDoc } from './model';

/**
 * Who may do what in unitdata, as (role, org) grants over the org acted on (access.ts's rule:
 * a grant on the org or any org above it):
 * - READ: a unit's own officer, and district / centre officers above it;
 * - IMPORT: the same, except the centre's read-only roles;
 * - TARGETS: district and centre officers only (a unit does not set its own target);
 * - TRANSFERS: district and centre finance officers, and only over a strict ancestor of the
 *   paying org — a payer never records its own money as received;
 * - WHAT_IF: the centre admin.
 */
export const UNITDATA_ROLES = {
  READ: ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
  IMPORT: ['unit_officer', 'district_reviewer', 'centre_admin'],
  TARGETS: ['district_reviewer', 'centre_admin'],
  TRANSFERS: ['district_reviewer', 'centre_finance', 'centre_admin'],
  WHAT_IF: ['centre_admin'],
} as const satisfies Record<string, readonly string[]>;

export type UnitdataPermission = keyof typeof UNITDATA_ROLES;

/** The grant among `roles` reaching `org` (on the org itself, or above it; `strict`: above only). */
export function grantAmong(
  user: Pick<UserDoc, 'grants'> | null,
  roles: readonly string[],
  org: Pick<OrgDoc, '_id' | 'ancestors'>,
  strict = false,
): RoleGrant | undefined {
  const scope = new Set(strict ? org.ancestors : [org._id, ...org.ancestors]);
  return (user?.grants ?? []).find((g) => roles.includes(g.role) && scope.has(g.orgId));
}

export async function requireUnitdata(
  ctx: HandlerContext,
  permission: UnitdataPermission,
  orgId: string,
  opts: { strict?: boolean } = {},
): Promise<{ user: UserDoc; org: OrgDoc; grant: RoleGrant }> {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, orgId)]);
  const grant = grantAmong(user, UNITDATA_ROLES[permission], org, opts.strict);
  if (!user || !grant) throw new AppError('AUTH.FORBIDDEN', '无权查看或操作该单位的数据');
  return { user, org, grant };
}

/** The unit's own officer sees full names (audited); everyone else sees masked ones. */
export const seesFullNames = (grant: RoleGrant, unitId: string) =>
  grant.role === 'unit_officer' && grant.orgId === unitId;
