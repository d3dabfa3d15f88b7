import type { Me } from '@shared/api/user';
import { chinaToday } from '@shared/calendar';
import { probablyRetired } from '@shared/identity';
import type { HandlerContext } from './context';
import { getById } from './db';
import type { UserDoc } from './model';
import { personFacts } from './pii';

/** The caller's own view of themself: masked, since it is also shown on shared screens. */
export async function describeUser(ctx: HandlerContext, user: UserDoc | null): Promise<Me> {
  if (!user) return { registered: false, roles: [], grants: [], unitStatus: 'none' };
  const grants = user.grants ?? [];
  // The unit and every granted org in one parallel round trip.
  const orgIds = Array.from(new Set([...(user.unitId ? [user.unitId] : []), ...grants.map((g) => g.orgId)]));
  const orgs = new Map(
    (await Promise.all(orgIds.map((id) => getById(ctx.db, 'orgs', id))))
      .filter((o) => o !== null)
      .map((o) => [o._id, o]),
  );
  const facts = personFacts(user);
  const roles = Array.from(new Set([...user.roles, ...grants.map((g) => g.role)]));
  return {
    registered: user.registered,
    roles,
    grants: grants.map((g) => ({ role: g.role, orgId: g.orgId, orgName: orgs.get(g.orgId)?.name ?? '' })),
    displayName: user.nameMasked,
    phoneMasked: user.phoneMasked,
    idMasked: user.idMasked,
    unitId: user.unitId ?? undefined,
    unitName: user.unitId ? orgs.get(user.unitId)?.name : undefined,
    unitStatus: user.unitStatus,
    unitRejection: user.unitRejection
      ? {
          unitName: user.unitRejection.unitName,
          reason: user.unitRejection.reason,
          at: new Date(user.unitRejection.at).toISOString(),
        }
      : undefined,
    hasUnionCard: Boolean(user.unionCardCipher),
    unionCardMasked: user.unionCardMasked ?? undefined,
    probablyRetired: facts
      ? probablyRetired(facts.birthDate, facts.sex, 'unknown', chinaToday(ctx.now))
      : undefined,
  };
}
