/** Which documents a claim needs, from the benefit's material rules and the claim's situations. */
import { AppError } from '../errors';
import type { Benefit, Program } from './schema';

export interface RequiredMaterial {
  id: string;
  label: string;
  /** How many: one per stay in the situation for per-stay materials, else 1. */
  count: number;
  template: boolean;
}

/**
 * `situations` lists one entry per stay or event, repeats allowed: two stays not settled
 * through Changzhou insurance → `['not_settled_changzhou', 'not_settled_changzhou']`.
 * Stays settled through insurance add a situation that needs nothing.
 */
export function requiredMaterials(
  program: Program,
  benefitId: string,
  situations: readonly string[] = [],
): RequiredMaterial[] {
  const benefit: Benefit | undefined = program.benefits.find((b) => b.id === benefitId);
  if (!benefit)
    throw new AppError(
      'CLAIM.BENEFIT_NOT_FOUND',
      `${program.shortName}没有该补助项目：${benefitId}`,
      'benefitId',
    );
  const known = new Set(benefit.situations.map((s) => s.id));
  situations.forEach((s, i) => {
    if (!known.has(s))
      throw new AppError('CLAIM.UNKNOWN_SITUATION', `${benefit.name}没有该情形：${s}`, `situations.${i}`);
  });
  const out: RequiredMaterial[] = [];
  for (const m of benefit.materials) {
    if (m.situations.length === 0) {
      out.push({ id: m.id, label: m.label, count: 1, template: m.template });
      continue;
    }
    const hits = situations.filter((s) => m.situations.includes(s)).length;
    if (hits > 0) out.push({ id: m.id, label: m.label, count: m.perStay ? hits : 1, template: m.template });
  }
  return out;
}
