import type { z } from 'zod';
import type { orgApi, UnitSummary } from '../../shared/api/org';
import { AppError } from '../../shared/errors';
import type { HandlerContext } from '../_lib/context';
import { findOne, findPage } from '../_lib/db';
import type { OrgDoc } from '../_lib/model';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

export const toSummary = (org: OrgDoc): UnitSummary => ({
  id: org._id,
  name: org.name,
  parentName: org.parentName,
});

export async function unitByScene(ctx: HandlerContext, scene: string): Promise<OrgDoc> {
  const unit = await findOne<OrgDoc>(ctx.db.collection('orgs').where({ code: scene, level: 'grassroots' }));
  if (!unit)
    throw new AppError(
      'ORG.SCENE_NOT_FOUND',
      '二维码已失效或不属于任何单位，请向单位工会索取新的二维码',
      'payload.scene',
    );
  return unit;
}

export async function resolveScene(input: In<'resolveScene'>, ctx: HandlerContext) {
  return toSummary(await unitByScene(ctx, input.scene));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function searchUnits(input: In<'searchUnits'>, ctx: HandlerContext) {
  const where = ctx.db.collection('orgs').where({
    level: 'grassroots',
    name: ctx.db.RegExp({ regexp: escapeRegExp(input.keyword), options: 'i' }),
  });
  const { docs, ...page } = await findPage<OrgDoc>(where, { field: 'name', direction: 'asc' }, input);
  return { items: docs.map(toSummary), ...page };
}
