/**
 * The benefits a worker can claim for under an enrolment's program, for the 补助申请 menu and
 * the facts form (which form, which categories).
 *
 * STOPGAP: the API has no action that lists an enrolment's claimable benefits (the enrolment
 * view carries programId only, programDetail gives "name：description" strings, and an
 * authorisation view carries the programName only). Until it does, the menu is read from the
 * seed programs' data in shared/program/data (plain data, type-only imports: no zod), matched by
 * program id, or for the demo's year-shifted copies (wujin-2027 from wujin-2024) by id or name
 * with the year taken out. The server stays the authority: claim.create refuses a benefit the
 * program does not have, and every amount, checklist and rule comes from the server.
 */
import type { ProgramInput } from '@shared/program/schema';
import { wujin2024 } from '@shared/program/data/wujin-2024';
import { guangdong2018 } from '@shared/program/data/guangdong-2018';
import { henanLuohe2025, henanPuyang2025, henanZhengzhou2025 } from '@shared/program/data/henan-2025';
import { jinan2025CriticalAccident, jinan2025WomenSpecial } from '@shared/program/data/jinan-2025';
import { shaanxi2021Main, shaanxi2021Rider } from '@shared/program/data/shaanxi-2021';

export type FactsKind = 'tiered_annual' | 'ratio' | 'fixed_grant' | 'grade_table';

export interface ClaimableBenefit {
  id: string;
  name: string;
  description: string;
  kind: FactsKind;
  /** fixed_grant: the program's categories (Wujin: listed / in_situ). */
  categories: { id: string; label: string }[];
  materialsNote?: string;
  /** The program's words for the two settlement situations (Wujin: 使用常州医保结算). */
  settlementLabels: { insurance?: string; none?: string };
  reviewLabel?: string;
  payoutLabel?: string;
}

const PROGRAMS: readonly ProgramInput[] = [
  wujin2024,
  guangdong2018,
  henanPuyang2025,
  henanZhengzhou2025,
  henanLuohe2025,
  jinan2025CriticalAccident,
  jinan2025WomenSpecial,
  shaanxi2021Main,
  shaanxi2021Rider,
];

const KINDS: readonly string[] = ['tiered_annual', 'ratio', 'fixed_grant', 'grade_table'];
const noYear = (s: string) => s.replace(/\d{4}/g, '');

function programFor(ref: { programId?: string; programName?: string }): ProgramInput | undefined {
  const { programId, programName } = ref;
  return (
    PROGRAMS.find((p) => p.id === programId) ??
    (programId ? PROGRAMS.find((p) => noYear(p.id) === noYear(programId)) : undefined) ??
    (programName ? PROGRAMS.find((p) => noYear(p.name) === noYear(programName)) : undefined)
  );
}

/** The claimable benefits of an enrolment's program; empty when the program is not known here. */
export function claimableBenefits(ref: { programId?: string; programName?: string }): ClaimableBenefit[] {
  const program = programFor(ref);
  if (!program) return [];
  return program.benefits
    .filter((b) => KINDS.includes(b.rule.kind))
    .map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description,
      kind: b.rule.kind as FactsKind,
      categories:
        b.rule.kind === 'fixed_grant' ? b.rule.categories.map((c) => ({ id: c.id, label: c.label })) : [],
      materialsNote: b.materialsNote,
      settlementLabels: {
        insurance: b.situations?.find((x) => x.id === 'settled' || x.id.startsWith('settled_'))?.label,
        none: b.situations?.find((x) => x.id === 'not_settled' || x.id.startsWith('not_settled_'))?.label,
      },
      reviewLabel: b.review?.label,
      payoutLabel: b.payout?.label,
    }));
}

export function benefitOf(
  ref: { programId?: string; programName?: string },
  benefitId: string,
): ClaimableBenefit | undefined {
  return claimableBenefits(ref).find((b) => b.id === benefitId);
}
