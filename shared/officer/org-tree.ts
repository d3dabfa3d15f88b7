/**
 * The org tree's shape: province → city → district / bureau / industry union → grassroots union.
 * Pure rules the centre admin's edits are checked against (which level may sit under which, a
 * move never into the org's own subtree) and the ancestors a move gives each descendant.
 */
import type { OrgLevel } from './roles';

export const CHILD_LEVELS: Readonly<Record<OrgLevel, readonly OrgLevel[]>> = {
  province: ['city'],
  city: ['district', 'bureau', 'industry', 'grassroots'],
  district: ['grassroots'],
  bureau: ['grassroots'],
  industry: ['grassroots'],
  grassroots: [],
};

export const LEVEL_LABELS: Readonly<Record<OrgLevel, string>> = {
  province: '省总工会',
  city: '市总工会',
  district: '区县总工会',
  bureau: '局（委）工会',
  industry: '产业工会',
  grassroots: '基层工会',
};

export const canSitUnder = (parent: OrgLevel, child: OrgLevel): boolean =>
  CHILD_LEVELS[parent].includes(child);

export interface TreeNode {
  _id: string;
  ancestors: readonly string[];
}

/** Moving `org` under `newParent` is refused when the parent is the org itself or below it. */
export const wouldCycle = (org: TreeNode, newParent: TreeNode): boolean =>
  newParent._id === org._id || newParent.ancestors.includes(org._id);

/** The org's ancestors after it moves under `newParent`. */
export const ancestorsUnder = (newParent: TreeNode): string[] => [...newParent.ancestors, newParent._id];

/**
 * A descendant's ancestors after its ancestor `movedId` got `movedAncestors`: the part above the
 * moved org is replaced, the part from it down kept.
 */
export function rebasedAncestors(
  descendantAncestors: readonly string[],
  movedId: string,
  movedAncestors: readonly string[],
): string[] {
  const at = descendantAncestors.indexOf(movedId);
  if (at < 0) return [...descendantAncestors];
  return [...movedAncestors, ...descendantAncestors.slice(at)];
}

/** The region an org serves, from its parent's and its own level (a district names its district). */
export function regionUnder(
  parentRegion: { province: string; city?: string; district?: string } | undefined,
  level: OrgLevel,
  own?: { province?: string; city?: string; district?: string },
): { province: string; city?: string; district?: string } | undefined {
  const base = { ...(parentRegion ?? {}), ...(own ?? {}) };
  if (!base.province) return undefined;
  const out: { province: string; city?: string; district?: string } = { province: base.province };
  if (base.city && level !== 'province') out.city = base.city;
  if (base.district && (level === 'district' || level === 'grassroots')) out.district = base.district;
  return out;
}
