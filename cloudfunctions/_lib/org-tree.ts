import type { z } from 'zod';
import type { orgViewSchema } from '@shared/api/officer';
import { ancestorsUnder, CHILD_LEVELS, regionUnder } from '@shared/officer/org-tree';
import type { OrgLevel } from '@shared/officer/roles';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, updateById } from './db';
import type { OrgDoc } from './model';
import { searchTextFor } from './org-search';

/** Writes of the org tree that keep every org's derived fields consistent with its parents. */

export const orgView = (o: OrgDoc): z.input<typeof orgViewSchema> => ({
  id: o._id,
  name: o.name,
  level: o.level,
  parentId: o.parentId,
  parentName: o.parentName,
  ancestors: o.ancestors,
  code: o.code,
  region: o.region,
});

/** Names of the orgs in `ids` (one parallel round trip). */
export async function namesOf(ctx: HandlerContext, ids: readonly string[]): Promise<Map<string, string>> {
  const docs = await Promise.all(ids.map((id) => getById(ctx.db, 'orgs', id)));
  return new Map(docs.filter((d): d is OrgDoc => d !== null).map((d) => [d._id, d.name]));
}

/** The derived fields of an org placed under `parent`: ancestors, parent name, region, search text. */
export function placedUnder(
  org: Pick<OrgDoc, 'name' | 'level' | 'region'>,
  parent: OrgDoc,
  names: ReadonlyMap<string, string>,
) {
  const ancestors = ancestorsUnder(parent);
  const own =
    org.level === 'district' && org.region?.district ? { district: org.region.district } : undefined;
  return {
    parentId: parent._id,
    parentName: parent.name,
    ancestors,
    region: regionUnder(parent.region, org.level as OrgLevel, own),
    searchText: searchTextFor([org.name, ...ancestors.map((a) => names.get(a) ?? '')].filter(Boolean)),
  };
}

const BATCH = 100;

async function rederive(
  ctx: HandlerContext,
  child: OrgDoc,
  parent: OrgDoc,
  names: Map<string, string>,
  next: Map<string, OrgDoc>,
): Promise<void> {
  const derived = placedUnder(child, parent, names);
  await updateById(ctx.db, 'orgs', child._id, derived);
  names.set(child._id, child.name);
  next.set(child._id, { ...child, ...derived });
  if (child.level === 'grassroots')
    await coll(ctx.db, 'groupApplications')
      .where({ unitId: child._id, status: ctx.db.command.in(['open', 'submitted']) })
      .update({ data: { unitAncestors: derived.ancestors } });
}

/**
 * Re-derive every descendant of `root` (already written) from its parent, level by level, in
 * batches of 100 children: a move or a rename rewrites ancestors, parent names, regions and
 * search text below it. Running it again repairs a walk cut short. Open group applications of
 * moved units follow (their reviewers are found by the unit's ancestors). Returns the count.
 */
export async function rederiveDescendants(ctx: HandlerContext, root: OrgDoc): Promise<number> {
  const names = await namesOf(ctx, root.ancestors);
  names.set(root._id, root.name);
  const _ = ctx.db.command;
  let frontier = new Map([[root._id, root]]);
  let count = 0;
  while (frontier.size > 0) {
    const next = new Map<string, OrgDoc>();
    // Grassroots unions have no children: the walk stops above them.
    const parentIds = [...frontier.values()]
      .filter((o) => CHILD_LEVELS[o.level].length > 0)
      .map((o) => o._id);
    for (let at = 0; at < parentIds.length; at += BATCH) {
      const chunk = parentIds.slice(at, at + BATCH);
      for (let page = 0; ; page++) {
        const children = await findMany<OrgDoc>(
          coll(ctx.db, 'orgs')
            .where({ parentId: _.in(chunk) })
            .orderBy('parentId', 'asc')
            .orderBy('name', 'asc')
            .skip(page * BATCH)
            .limit(BATCH),
        );
        await Promise.all(
          children.map((child) => rederive(ctx, child, frontier.get(child.parentId!)!, names, next)),
        );
        count += children.length;
        if (children.length < BATCH) break;
      }
    }
    frontier = next;
  }
  return count;
}
