/** Who pays what of a program's fee, for a given unit category, key groups and route. */
import { AppError } from '../errors';
import type { Fen } from '../money';
import type { FeeSchedule, Payer, Program } from './schema';

export interface FeeSelector {
  /** e.g. Puyang's `city_unit` / `county_unit`. */
  unitCategory?: string;
  /** The worker's key groups, e.g. `hardship`, `model_worker` (any one matches). */
  groups?: readonly string[];
  /** Enrolment route, e.g. Jinan's `puhui` (city-funded) or `unit_paid`. */
  route?: string;
}

export interface FeeSplit {
  scheduleId: string;
  /** The notice's wording of the split. */
  label: string;
  totalFen: Fen;
  /** The part the worker pays personally (0 for fully funded groups). */
  workerFen: Fen;
  lines: { payer: Payer; label: string; amountFen: Fen; alternatePayers?: Payer[] }[];
}

function matches(schedule: FeeSchedule, sel: FeeSelector): boolean {
  const w = schedule.when;
  if (!w) return true;
  if (w.unitCategories && !(sel.unitCategory !== undefined && w.unitCategories.includes(sel.unitCategory)))
    return false;
  if (w.groups && !(sel.groups ?? []).some((g) => w.groups!.includes(g))) return false;
  if (w.routes && !(sel.route !== undefined && w.routes.includes(sel.route))) return false;
  return true;
}

export function feeSplitFor(program: Program, selector: FeeSelector = {}): FeeSplit {
  const schedule = program.fee.schedules.find((s) => matches(s, selector));
  if (!schedule) {
    const needsUnit = program.fee.schedules.some((s) => s.when?.unitCategories);
    throw new AppError(
      'ENROLL.FEE_SCHEDULE_NOT_FOUND',
      needsUnit
        ? `${program.shortName}的费用分担取决于单位类别，请先确定单位类别`
        : `${program.shortName}没有适用的费用分担方案`,
      needsUnit ? 'unitCategory' : undefined,
    );
  }
  let worker = 0;
  for (const l of schedule.lines) if (l.payer === 'worker') worker += l.amountFen;
  return {
    scheduleId: schedule.id,
    label: schedule.label,
    totalFen: program.fee.perShareFen,
    workerFen: worker,
    lines: schedule.lines.map((l) => ({ ...l })),
  };
}
