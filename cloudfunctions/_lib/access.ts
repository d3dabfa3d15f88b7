import { AppError } from '@shared/errors';
import { grantAuthority, grantFor } from '@shared/officer/roles';
import type { HandlerContext } from './context';
import { getById } from './db';
import type { OrgDoc, RoleGrant, UserDoc } from './model';

/**
 * Every permission check lives here: an officer's role is a pair (role, org) and reaches that
 * org's subtree only; the database has no rules of its own for cloud functions (they run as admin).
 * The caller's user document is read once per invocation (`HandlerContext.user`), however many
 * checks ask for it.
 */
export async function currentUser(ctx: HandlerContext): Promise<UserDoc | null> {
  return ctx.user();
}

export async function requireRegistered(ctx: HandlerContext): Promise<UserDoc> {
  const user = await currentUser(ctx);
  if (!user?.registered) throw new AppError('USER.NOT_REGISTERED');
  return user;
}

export async function requireOrg(ctx: HandlerContext, orgId: string): Promise<OrgDoc> {
  const org = await getById(ctx.db, 'orgs', orgId);
  if (!org) throw new AppError('ORG.NOT_FOUND');
  return org;
}

/** The grant that lets `user` act as `role` on `org`: the same pair on the org or one above it. */
export function grantOver(
  user: Pick<UserDoc, 'grants'> | null,
  role: RoleGrant['role'],
  org: Pick<OrgDoc, '_id' | 'ancestors'>,
): RoleGrant | undefined {
  const scope = new Set([org._id, ...org.ancestors]);
  return (user?.grants ?? []).find((g) => g.role === role && scope.has(g.orgId));
}

/** The caller holds `role` over `orgId` (directly or through an org above it). */
export async function requireRoleOver(
  ctx: HandlerContext,
  role: RoleGrant['role'],
  orgId: string,
): Promise<{ user: UserDoc; org: OrgDoc }> {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, orgId)]);
  if (!user || !grantOver(user, role, org)) throw new AppError('AUTH.FORBIDDEN', '无权操作该单位');
  return { user, org };
}

/** The caller holds any of `roles` over `orgId` (e.g. the district or the centre reviewer). */
export async function requireAnyRoleOver(
  ctx: HandlerContext,
  roles: readonly RoleGrant['role'][],
  orgId: string,
): Promise<{ user: UserDoc; org: OrgDoc; grant: RoleGrant }> {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, orgId)]);
  const grant = grantFor(user?.grants ?? [], roles, org);
  if (!user || !grant) throw new AppError('AUTH.FORBIDDEN', '无权操作该组织');
  return { user, org, grant };
}

/**
 * The caller may grant (or revoke, or invite to) `role` on `org`: the rank order and the level
 * table of shared/officer/roles.ts decide, and the refusal names which rule failed.
 */
export function assertGrantAuthority(user: UserDoc | null, role: RoleGrant['role'], org: OrgDoc): RoleGrant {
  const verdict = grantAuthority(user?.grants ?? [], role, org);
  if (verdict.ok) return verdict.via;
  throw new AppError(`OFFICER.${verdict.reason}`);
}
