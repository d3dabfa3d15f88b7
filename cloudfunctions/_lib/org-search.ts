import { pinyin } from 'pinyin-pro';

/**
 * What unit search matches: the unit's name and the names of the orgs above it (so 武进 finds
 * every unit under 武进区总工会), with each name's pinyin initials (wjq → 武进区). Stored on the
 * org when it is written, since CloudBase cannot match pinyin at query time.
 */
export function searchTextFor(names: readonly string[]): string {
  const initials = names.map((n) =>
    pinyin(n, { pattern: 'first', toneType: 'none', type: 'array' }).join(''),
  );
  return [...names, ...initials].join(' ').toLowerCase();
}
