/**
 * The benefits a worker can claim under a program, as the claim pages need them: which facts form
 * (the rule kind), which categories, and the program's own words for settlement, review and
 * payout. From the stored program the server loaded, never from a copy in the client.
 */
import type { Program } from '../program/schema';

export type ClaimFactsKind = 'tiered_annual' | 'ratio' | 'fixed_grant' | 'grade_table';

export interface ClaimableBenefit {
  id: string;
  name: string;
  description: string;
  kind: ClaimFactsKind;
  /** fixed_grant: the program's categories (Wujin: listed / in_situ). */
  categories: { id: string; label: string }[];
  materialsNote?: string;
  /** The program's words for the two settlement situations (Wujin: 使用常州医保结算). */
  settlementLabels: { insurance?: string; none?: string };
  reviewLabel?: string;
  payoutLabel?: string;
}

const KINDS: readonly string[] = ['tiered_annual', 'ratio', 'fixed_grant', 'grade_table'];

export function claimableBenefits(program: Program): ClaimableBenefit[] {
  return program.benefits
    .filter((b) => KINDS.includes(b.rule.kind))
    .map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description,
      kind: b.rule.kind as ClaimFactsKind,
      categories:
        b.rule.kind === 'fixed_grant' ? b.rule.categories.map((c) => ({ id: c.id, label: c.label })) : [],
      ...(b.materialsNote ? { materialsNote: b.materialsNote } : {}),
      settlementLabels: {
        insurance: b.situations.find((x) => x.id === 'settled' || x.id.startsWith('settled_'))?.label,
        none: b.situations.find((x) => x.id === 'not_settled' || x.id.startsWith('not_settled_'))?.label,
      },
      reviewLabel: b.review.label,
      payoutLabel: b.payout.label,
    }));
}
