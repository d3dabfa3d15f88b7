/**
 * The claim's materials checklist, from the program's material rules and the situations the
 * facts describe. The link between facts and a benefit's situations is this vocabulary of
 * situation ids (a program names its situations from it):
 * - a stay settled through medical insurance: `settled_<region>` or `settled` (Wujin:
 *   `settled_changzhou`, which needs no material: the data comes from insurance);
 * - a stay not settled through insurance: `not_settled_<region>` or `not_settled`;
 * - a work-injury claim: `disability` or `death`.
 * A benefit without situations needs its unconditional materials only.
 */
import { requiredMaterials } from '../program/materials';
import type { Benefit, Program } from '../program/schema';
import { ordinalStay } from '../benefits/explain';
import type { ClaimFactsDraft, ClaimStay } from './facts';

/** Always accepted, never required: anything else the worker wants the reviewer to see. */
export const OTHER_MATERIAL = { id: 'other', label: '其他补充材料' } as const;

export interface ChecklistItem {
  materialId: string;
  label: string;
  /** For materials needed once per stay: which stay (index in facts.stays). */
  stayIndex?: number;
  /** The worker can download a template to fill in (e.g. the death-benefit declaration). */
  template: boolean;
  required: boolean;
}

function stayMatches(id: string, settlement: ClaimStay['settlement']): boolean {
  if (settlement === 'insurance') return id === 'settled' || id.startsWith('settled_');
  if (settlement === 'none') return id === 'not_settled' || id.startsWith('not_settled_');
  return false;
}

/** One situation per stay (or per event), in facts order; `undefined` where none applies yet. */
export function situationsOf(benefit: Benefit, facts: ClaimFactsDraft): (string | undefined)[] {
  const ids = benefit.situations.map((s) => s.id);
  if (facts.kind === 'tiered_annual' || facts.kind === 'ratio')
    return facts.stays.map((s) => ids.find((id) => stayMatches(id, s.settlement)));
  if (facts.kind === 'grade_table' && facts.outcome) return [ids.find((id) => id === facts.outcome)];
  return [];
}

/**
 * What the claim needs, one item per document (per stay for per-stay materials), plus
 * `other`, which is optional. Built on `requiredMaterials`, so the counts are the program's.
 */
export function materialsChecklist(
  program: Program,
  benefit: Benefit,
  facts: ClaimFactsDraft,
): ChecklistItem[] {
  const perEvent = situationsOf(benefit, facts);
  const known = perEvent.filter((s): s is string => s !== undefined);
  const items: ChecklistItem[] = [];
  for (const m of requiredMaterials(program, benefit.id, known)) {
    const def = benefit.materials.find((x) => x.id === m.id)!;
    if (def.perStay && (facts.kind === 'tiered_annual' || facts.kind === 'ratio')) {
      perEvent.forEach((s, stayIndex) => {
        if (s !== undefined && def.situations.includes(s))
          items.push({ materialId: m.id, label: m.label, stayIndex, template: m.template, required: true });
      });
    } else {
      items.push({ materialId: m.id, label: m.label, template: m.template, required: true });
    }
  }
  items.push({
    materialId: OTHER_MATERIAL.id,
    label: OTHER_MATERIAL.label,
    template: false,
    required: false,
  });
  return items;
}

/** "出入院记录（第1次住院（2024-03-05出院））" */
export function itemLabel(item: Pick<ChecklistItem, 'label' | 'stayIndex'>, facts: ClaimFactsDraft): string {
  if (item.stayIndex === undefined || !('stays' in facts)) return item.label;
  return `${item.label}（${ordinalStay(item.stayIndex, facts.stays[item.stayIndex]?.dischargedOn)}）`;
}

/** A file as the checklist sees it. */
export interface AttachedRef {
  materialId: string;
  stayIndex?: number;
}

/** Required items without any file, with their Chinese labels. */
export function missingMaterials(
  checklist: readonly ChecklistItem[],
  files: readonly AttachedRef[],
  facts: ClaimFactsDraft,
): { materialId: string; stayIndex?: number; label: string }[] {
  return checklist
    .filter((item) => item.required)
    .filter((item) => !files.some((f) => f.materialId === item.materialId && f.stayIndex === item.stayIndex))
    .map((item) => ({
      materialId: item.materialId,
      stayIndex: item.stayIndex,
      label: itemLabel(item, facts),
    }));
}

/** Whether a file for (materialId, stayIndex) belongs on this checklist. */
export function acceptsMaterial(
  checklist: readonly ChecklistItem[],
  materialId: string,
  stayIndex: number | undefined,
): boolean {
  return checklist.some(
    (i) => i.materialId === materialId && (i.materialId === OTHER_MATERIAL.id || i.stayIndex === stayIndex),
  );
}
