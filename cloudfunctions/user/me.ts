import type { Me } from '../../shared/api/user';
import { probablyRetired } from '../../shared/identity';
import { chinaToday } from '../../shared/calendar';
import { currentUser } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { getById } from '../_lib/db';
import type { OrgDoc, UserDoc } from '../_lib/model';

/** The caller's own view of themself: masked, since it is also shown on shared screens. */
export async function describeUser(ctx: HandlerContext, user: UserDoc | null): Promise<Me> {
  if (!user) return { registered: false, roles: [], unitStatus: 'none' };
  const unit = user.unitId ? await getById<OrgDoc>(ctx.db, 'orgs', user.unitId) : null;
  return {
    registered: user.registered,
    roles: user.roles,
    displayName: user.nameMasked,
    phoneMasked: user.phoneMasked,
    idMasked: user.idMasked,
    unitId: user.unitId,
    unitName: unit?.name,
    unitStatus: user.unitStatus,
    hasUnionCard: Boolean(user.unionCardNo),
    probablyRetired:
      user.birthDate && user.sex
        ? probablyRetired(user.birthDate, user.sex, 'unknown', chinaToday(ctx.now))
        : undefined,
  };
}

export async function me(_input: object, ctx: HandlerContext): Promise<Me> {
  return describeUser(ctx, await currentUser(ctx));
}
