import type { z } from 'zod';
import type { unitFiguresSchema } from '@shared/api/unitdata';
import { chinaToday } from '@shared/calendar';
import type { Program } from '@shared/program/schema';
import { claimsRatioBp, LUOHE_DEFAULTS, unitProgress, type Light, type TargetPlan } from '@shared/unitdata';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { countOf, findMany, getById } from './db';
import type { OrgDoc } from './model';
import { targetIdFor, type TargetDoc } from './unitdata-model';

export type UnitFigures = z.input<typeof unitFiguresSchema>;

export { targetIdFor };

/** The program's plan (thresholds as data), or Luohe's defaults over the program's enrolment window. */
export async function loadPlan(ctx: HandlerContext, program: Program): Promise<TargetPlan> {
  const doc = await getById(ctx.db, 'targetPlans', program.id);
  if (doc) return doc;
  const w = program.enrolment.window ?? {
    opens: program.enrolment.batches[0]?.opens ?? chinaToday(ctx.now),
    closes: program.enrolment.batches.at(-1)?.closes ?? chinaToday(ctx.now),
  };
  return { programId: program.id, window: { opens: w.opens, closes: w.closes }, ...LUOHE_DEFAULTS };
}

/** Every target in the org's subtree (or the unit's own), in list order. Index: targets (programId, ancestors, seq). */
export async function targetsUnder(
  ctx: HandlerContext,
  programId: string,
  org: OrgDoc,
): Promise<TargetDoc[]> {
  if (org.level === 'grassroots') {
    const own = await getById(ctx.db, 'targets', targetIdFor(programId, org._id));
    return own ? [own] : [];
  }
  const out: TargetDoc[] = [];
  for (let page = 0; page < 20; page++) {
    const docs = await findMany<TargetDoc>(
      coll(ctx.db, 'targets')
        .where({ programId, ancestors: org._id })
        .orderBy('seq', 'asc')
        .skip(page * 1000)
        .limit(1000),
    );
    out.push(...docs);
    if (docs.length < 1000) break;
  }
  return out;
}

/**
 * Paid claims of a unit in a program, defensively: the claims collection belongs to the claim
 * function and may be absent (or shaped differently) — then the figure is 0 and `available` false.
 * Index: claims (unitId, programId, status).
 */
async function paidClaimsFen(ctx: HandlerContext, programId: string, unitId: string): Promise<number | null> {
  try {
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const docs = await findMany<{ decision?: { amountFen?: number } }>(
        coll(ctx.db, 'claims')
          .where({ unitId, programId, status: 'paid' })
          .field({ decision: true })
          .skip(page * 1000)
          .limit(1000),
      );
      for (const d of docs) total += Number.isSafeInteger(d.decision?.amountFen) ? d.decision!.amountFen! : 0;
      if (docs.length < 1000) break;
    }
    return total;
  } catch (err) {
    console.warn(`[unitdata] claims unavailable: ${(err as Error)?.message?.slice(0, 80) ?? err}`);
    return null;
  }
}

/** Live counts of one unit: two indexed counts (enrollments (unitId, programId)) and its paid claims. */
export async function unitCounts(ctx: HandlerContext, programId: string, unitId: string) {
  const base = coll(ctx.db, 'enrollments');
  const [active, pending, paid] = await Promise.all([
    countOf(base.where({ unitId, programId, status: 'active' })),
    countOf(base.where({ unitId, programId, status: 'pending_payment' })),
    paidClaimsFen(ctx, programId, unitId),
  ]);
  return { active, pending, paidClaimsFen: paid ?? 0, claimsAvailable: paid !== null };
}

export function figuresOf(
  plan: TargetPlan,
  t: Pick<TargetDoc, 'target' | 'headcount'>,
  c: { active: number; pending: number; paidClaimsFen: number },
  feeFen: number,
  today: string,
) {
  const enrolled = c.active + c.pending;
  const p = unitProgress(plan, { target: t.target, enrolled, headcount: t.headcount }, today);
  // Premiums billed: every enrolment of a program is charged its per-head fee (paid or owed).
  const premiumsFen = enrolled * feeFen;
  return {
    ...p,
    active: c.active,
    pendingPayment: c.pending,
    premiumsFen,
    paidClaimsFen: c.paidClaimsFen,
    claimsRatioBp: claimsRatioBp(c.paidClaimsFen, premiumsFen),
  };
}

/** Figures for many units, 20 units' queries at a time. */
export async function figuresForTargets(
  ctx: HandlerContext,
  plan: TargetPlan,
  targets: TargetDoc[],
  feeFen: number,
): Promise<{ rows: (UnitFigures & { light: Light })[]; claimsAvailable: boolean }> {
  const today = chinaToday(ctx.now);
  const rows: (UnitFigures & { light: Light })[] = [];
  let claimsAvailable = true;
  for (let i = 0; i < targets.length; i += 20) {
    const part = targets.slice(i, i + 20);
    const counts = await Promise.all(part.map((t) => unitCounts(ctx, plan.programId, t.unitId)));
    part.forEach((t, j) => {
      claimsAvailable &&= counts[j]!.claimsAvailable;
      rows.push({
        unitId: t.unitId,
        unitName: t.unitName,
        unitCode: t.unitCode,
        ...figuresOf(plan, t, counts[j]!, feeFen, today),
      });
    });
  }
  return { rows, claimsAvailable };
}

export function totalsOf(
  plan: TargetPlan,
  rows: UnitFigures[],
  headcountKnown: number,
  today: string,
  feeFen: number,
) {
  const sum = (f: (r: UnitFigures) => number) => rows.reduce((t, r) => t + f(r), 0);
  const all = figuresOf(
    plan,
    { target: sum((r) => r.target), headcount: headcountKnown || undefined },
    {
      active: sum((r) => r.active),
      pending: sum((r) => r.pendingPayment),
      paidClaimsFen: sum((r) => r.paidClaimsFen),
    },
    feeFen,
    today,
  );
  const lights = { green: 0, yellow: 0, red: 0 } as Record<Light, number>;
  for (const r of rows) lights[r.light]++;
  const { light: _light, ...rest } = all;
  return { ...rest, units: rows.length, lights };
}
