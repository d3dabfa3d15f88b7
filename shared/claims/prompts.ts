/**
 * Cross-benefit prompts: facts entered for one benefit that another benefit of the program
 * covers. A stay whose diagnosis is a listed critical illness → the critical-illness grant; a
 * stay caused by a work injury (which hospitalisation excludes, Wujin) → the work-injury grant.
 * Each prompt carries the facts to pre-fill the other claim's draft.
 */
import type { Program } from '../program/schema';
import type { ClaimFactsDraft } from './facts';

export interface CrossBenefitPrompt {
  benefitId: string;
  benefitName: string;
  /** The stay it comes from. */
  stayIndex: number;
  text: string;
  /** The other claim's draft facts, pre-filled (the worker completes them). */
  carry: ClaimFactsDraft;
}

export function crossBenefitPrompts(
  program: Program,
  benefitId: string,
  facts: ClaimFactsDraft,
): CrossBenefitPrompt[] {
  if (!('stays' in facts)) return [];
  const injury = program.benefits.find((b) => b.id !== benefitId && b.rule.kind === 'grade_table');
  const out: CrossBenefitPrompt[] = [];
  facts.stays.forEach((s, stayIndex) => {
    const n = `第${stayIndex + 1}次住院`;
    if (s.cause === 'work_injury' && injury) {
      out.push({
        benefitId: injury.id,
        benefitName: injury.name,
        stayIndex,
        text: `${n}因工伤：可申请${injury.name}（凭认定工伤决定书和劳动能力鉴定书）`,
        carry: { kind: 'grade_table', injuredOn: s.admittedOn },
      });
    }
    const cat = s.criticalIllnessCategory;
    const critical = cat
      ? program.benefits.find(
          (b) =>
            b.id !== benefitId &&
            b.rule.kind === 'fixed_grant' &&
            b.rule.categories.some((c) => c.id === cat),
        )
      : undefined;
    if (critical && critical.rule.kind === 'fixed_grant') {
      const category = critical.rule.categories.find((c) => c.id === cat)!;
      out.push({
        benefitId: critical.id,
        benefitName: critical.name,
        stayIndex,
        text: `${n}诊断为${category.label}：可申请${critical.name}（${category.grantLabel}）`,
        carry: { kind: 'fixed_grant', category: cat, diagnosedOn: s.admittedOn, hospital: s.hospital },
      });
    }
  });
  return out;
}
