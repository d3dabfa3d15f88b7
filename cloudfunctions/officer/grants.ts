import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { AppError } from '@shared/errors';
import { grantFor } from '@shared/officer/roles';
import { assertGrantAuthority, currentUser, requireOrg } from '../_lib/access';
import { auditInTx } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, transaction, txGet } from '../_lib/db';
import { holds, sameGrant } from '../_lib/grants';
import type { UserDoc } from '../_lib/model';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

/** The officers holding a role on an org, masked, for an officer who reaches the org. */
export async function listOfficers(input: In<'listOfficers'>, ctx: HandlerContext) {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, input.orgId)]);
  if (
    !grantFor(
      user?.grants ?? [],
      ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
      org,
    )
  )
    throw new AppError('AUTH.FORBIDDEN');
  const holders = await findMany<UserDoc>(
    coll(ctx.db, 'users').where({ 'grants.orgId': org._id }).limit(100),
  );
  return {
    items: holders.flatMap((u) =>
      (u.grants ?? [])
        .filter((g) => g.orgId === org._id)
        .map((g) => ({ userId: u._id, displayName: u.nameMasked ?? '（未实名）', role: g.role })),
    ),
  };
}

/** Remove a grant: the same rank rules as granting it (no role above one's own, only in one's subtree). */
export async function revokeGrant(input: In<'revokeGrant'>, ctx: HandlerContext) {
  const [user, org, target] = await Promise.all([
    currentUser(ctx),
    requireOrg(ctx, input.orgId),
    getById(ctx.db, 'users', input.userId),
  ]);
  assertGrantAuthority(user, input.role, org);
  const grant = { role: input.role, orgId: input.orgId };
  if (!target || !holds(target, grant)) throw new AppError('OFFICER.GRANT_NOT_FOUND');
  await transaction(ctx.db, async (tx) => {
    const fresh = await txGet(tx, 'users', input.userId);
    if (!holds(fresh, grant)) return;
    await tx
      .collection('users')
      .doc(input.userId)
      .update({
        data: { grants: (fresh!.grants ?? []).filter((g) => !sameGrant(g, grant)), updatedAt: ctx.now },
      });
    await auditInTx(tx, ctx, {
      actorId: user!._id,
      action: 'officer.revokeGrant',
      subject: { kind: 'user', id: input.userId },
      orgId: input.orgId,
      detail: { role: input.role },
    });
  });
  return { revoked: true as const };
}
