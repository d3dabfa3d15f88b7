import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { AppError } from '@shared/errors';
import { canSitUnder, wouldCycle } from '@shared/officer/org-tree';
import { grantFor, type OfficerRole } from '@shared/officer/roles';
import { currentUser, requireOrg, requireRoleOver } from '../_lib/access';
import { auditInTx, newId } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage, transaction } from '../_lib/db';
import { newJoinToken } from '../_lib/join-token';
import type { OrgDoc } from '../_lib/model';
import { searchTextFor } from '../_lib/org-search';
import { namesOf, orgView, placedUnder, rederiveDescendants } from '../_lib/org-tree';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

const ANY_OFFICER: OfficerRole[] = [
  'unit_officer',
  'district_reviewer',
  'centre_reviewer',
  'centre_finance',
  'centre_admin',
];

/**
 * Centre admin: a new org under one in their subtree, with a random id; a grassroots union gets
 * its random join token at once (as org.unitQrCode would). Round trips: grant 1, names 1, tx.
 */
export async function createOrg(input: In<'createOrg'>, ctx: HandlerContext) {
  const { user, org: parent } = await requireRoleOver(ctx, 'centre_admin', input.parentId);
  if (!canSitUnder(parent.level, input.level))
    throw new AppError('OFFICER.BAD_PARENT', undefined, 'payload.level');
  const names = await namesOf(ctx, parent.ancestors);
  names.set(parent._id, parent.name);
  const base = {
    name: input.name,
    level: input.level,
    ...(input.level === 'district'
      ? { region: { province: '', district: input.district ?? input.name } }
      : {}),
  };
  const org: OrgDoc = {
    _id: newId('org'),
    ...base,
    ...placedUnder(base, parent, names),
    ...(input.category ? { category: input.category } : {}),
    ...(input.level === 'grassroots' ? { joinToken: newJoinToken() } : {}),
  };
  if (!org.region) delete org.region;
  await transaction(ctx.db, async (tx) => {
    const { _id, ...data } = org;
    await tx.collection('orgs').doc(_id).set({ data });
    if (org.joinToken)
      await tx
        .collection('joinTokens')
        .doc(org.joinToken)
        .set({ data: { unitId: _id, createdBy: user._id, createdAt: ctx.now } });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'officer.createOrg',
      subject: { kind: 'org', id: _id },
      orgId: parent._id,
      detail: { name: org.name, level: org.level },
    });
  });
  return orgView(org);
}

/** Centre admin: rename an org; its children's parent name and the subtree's search text follow. */
export async function renameOrg(input: In<'renameOrg'>, ctx: HandlerContext) {
  const { user, org } = await requireRoleOver(ctx, 'centre_admin', input.orgId);
  const names = await namesOf(ctx, org.ancestors);
  const renamed: OrgDoc = { ...org, name: input.name };
  const parent = org.parentId ? await requireOrg(ctx, org.parentId) : null;
  const derived = parent ? placedUnder(renamed, parent, names) : { searchText: searchTextFor([input.name]) };
  await transaction(ctx.db, async (tx) => {
    await tx
      .collection('orgs')
      .doc(org._id)
      .update({ data: { name: input.name, ...derived } });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'officer.renameOrg',
      subject: { kind: 'org', id: org._id },
      orgId: org._id,
      detail: { from: org.name, to: input.name },
    });
  });
  const updated = { ...renamed, ...derived };
  await rederiveDescendants(ctx, updated);
  return orgView(updated);
}

/**
 * Centre admin: move an org with its subtree under another parent, both within the admin's
 * subtree. The org is written (with its audit entry) first, then the descendants level by
 * level in batches; calling it again with the same parent finishes a cut-short walk.
 */
export async function moveOrg(input: In<'moveOrg'>, ctx: HandlerContext) {
  const [{ user, org }, target] = await Promise.all([
    requireRoleOver(ctx, 'centre_admin', input.orgId),
    requireOrg(ctx, input.newParentId),
  ]);
  if (!grantFor(user.grants ?? [], ['centre_admin'], target)) throw new AppError('OFFICER.OUTSIDE_SUBTREE');
  if (!org.parentId) throw new AppError('OFFICER.ORG_ROOT');
  if (wouldCycle(org, target)) throw new AppError('OFFICER.MOVE_INTO_SELF', undefined, 'payload.newParentId');
  if (!canSitUnder(target.level, org.level))
    throw new AppError('OFFICER.BAD_PARENT', undefined, 'payload.newParentId');
  const names = await namesOf(ctx, target.ancestors);
  names.set(target._id, target.name);
  const derived = placedUnder(org, target, names);
  await transaction(ctx.db, async (tx) => {
    await tx.collection('orgs').doc(org._id).update({ data: derived });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'officer.moveOrg',
      subject: { kind: 'org', id: org._id },
      orgId: target._id,
      detail: { from: org.parentId, to: target._id },
    });
  });
  const moved = { ...org, ...derived };
  const descendantsMoved = await rederiveDescendants(ctx, moved);
  return { org: orgView(moved), descendantsMoved };
}

/** Any officer reaching the parent: its children, by name. */
export async function listOrgs(input: In<'listOrgs'>, ctx: HandlerContext) {
  const [user, parent] = await Promise.all([currentUser(ctx), requireOrg(ctx, input.parentId)]);
  if (!grantFor(user?.grants ?? [], ANY_OFFICER, parent)) throw new AppError('AUTH.FORBIDDEN');
  const { docs, ...page } = await findPage<OrgDoc>(
    coll(ctx.db, 'orgs').where({ parentId: parent._id }),
    { field: 'name', direction: 'asc' },
    input,
  );
  return { items: docs.map(orgView), ...page };
}
