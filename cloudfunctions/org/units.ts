import type { z } from 'zod';
import type { orgApi, UnitSummary } from '@shared/api/org';
import { AppError } from '@shared/errors';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage, getById } from '../_lib/db';
import type { OrgDoc } from '../_lib/model';
import { consume, LIMITS } from '../_lib/rate-limit';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

export const toSummary = (org: OrgDoc): UnitSummary => ({
  id: org._id,
  name: org.name,
  parentName: org.parentName,
});

/**
 * The unit a join token stands for. Rate-limited per caller, so tokens cannot be guessed by
 * trying; a rotated (old) token is gone from joinTokens and fails at once.
 * Round trips: rate limit 1, token 1, unit 1.
 */
export async function unitByScene(ctx: HandlerContext, scene: string): Promise<OrgDoc> {
  await consume(ctx, LIMITS.scene, ctx.openid());
  const token = await getById(ctx.db, 'joinTokens', scene);
  const unit = token ? await getById(ctx.db, 'orgs', token.unitId) : null;
  if (!unit || unit.level !== 'grassroots' || unit.joinToken !== scene)
    throw new AppError('ORG.SCENE_NOT_FOUND', undefined, 'payload.scene');
  return unit;
}

export async function resolveScene(input: In<'resolveScene'>, ctx: HandlerContext) {
  return toSummary(await unitByScene(ctx, input.scene));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches the unit's name, its parents' names and their pinyin initials (searchText, see org-search). */
export async function searchUnits(input: In<'searchUnits'>, ctx: HandlerContext) {
  const where = coll(ctx.db, 'orgs').where({
    level: 'grassroots',
    searchText: ctx.db.RegExp({ regexp: escapeRegExp(input.keyword.toLowerCase()), options: 'i' }),
  });
  const { docs, ...page } = await findPage<OrgDoc>(where, { field: 'name', direction: 'asc' }, input);
  return { items: docs.map(toSummary), ...page };
}
