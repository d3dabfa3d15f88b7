import type { z } from 'zod';
import type { orgApi } from '@shared/api/org';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage } from '../_lib/db';
import type { OrgDoc } from '../_lib/model';
import { toSummary, unitByScene } from '../_lib/units';

type In<K extends keyof typeof orgApi> = z.output<(typeof orgApi)[K]['input']>;

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
