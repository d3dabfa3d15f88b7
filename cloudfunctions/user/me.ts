import type { Me } from '../../shared/api/user';
import type { HandlerContext } from '../_lib/context';

export async function me(_input: object, ctx: HandlerContext): Promise<Me> {
  const openid = ctx.openid();
  const { data } = await ctx.db.collection('users').where({ openid }).limit(1).get();
  const user = data[0] as { roles?: Me['roles']; displayName?: string; unitId?: string; unitName?: string; registered?: boolean } | undefined;
  if (!user) return { registered: false, roles: [] };
  return {
    registered: Boolean(user.registered),
    roles: user.roles ?? [],
    displayName: user.displayName,
    unitId: user.unitId,
    unitName: user.unitName,
  };
}
