import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/api/user';
import type { HandlerContext } from './context';
import { getById } from './db';
import { userIdFor, type OrgDoc, type UserDoc } from './model';

/**
 * Every permission check lives here: roles are bound to org subtrees, and the database has no
 * rules of its own for cloud functions (they run as admin).
 */
export async function currentUser(ctx: HandlerContext): Promise<UserDoc | null> {
  return getById<UserDoc>(ctx.db, 'users', userIdFor(ctx.openid()));
}

export async function requireRegistered(ctx: HandlerContext): Promise<UserDoc> {
  const user = await currentUser(ctx);
  if (!user?.registered) throw new AppError('USER.NOT_REGISTERED', '请先完成实名登记');
  return user;
}

export async function requireOrg(ctx: HandlerContext, orgId: string): Promise<OrgDoc> {
  const org = await getById<OrgDoc>(ctx.db, 'orgs', orgId);
  if (!org) throw new AppError('ORG.NOT_FOUND', '单位不存在');
  return org;
}

/** The caller holds `role` over `orgId` (directly or through an org above it). */
export async function requireRoleOver(
  ctx: HandlerContext,
  role: Role,
  orgId: string,
): Promise<{ user: UserDoc; org: OrgDoc }> {
  const user = await currentUser(ctx);
  const org = await requireOrg(ctx, orgId);
  const scope = new Set([org._id, ...org.ancestors]);
  if (!user || !user.roles.includes(role) || !(user.officerOrgIds ?? []).some((id) => scope.has(id))) {
    throw new AppError('AUTH.FORBIDDEN', '无权操作该单位');
  }
  return { user, org };
}
