import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import type { ClaimFactsInput } from '@shared/benefits';
import { AppError } from '@shared/errors';
import { whatIf as computeWhatIf, type WhatIfClaim, type WhatIfEnrolmentGroup } from '@shared/unitdata';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { countOf, findMany } from '../_lib/db';
import type { OrgDoc } from '../_lib/model';
import { decrypt } from '../_lib/pii';
import { loadProgram } from '../_lib/programs';
import { requireUnitdata } from '../_lib/unitdata-access';
import { unitsUnder } from '../_lib/unitdata-ledger';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

const DECIDED = ['approved', 'in_payout', 'paid'];

/** This year's enrolments per unit category: indexed counts per unit (enrollments (unitId, programId)). */
async function enrolmentGroups(ctx: HandlerContext, programId: string, units: OrgDoc[], feeFen: number) {
  const _ = ctx.db.command;
  const byCategory = new Map<string, WhatIfEnrolmentGroup>();
  for (let i = 0; i < units.length; i += 20) {
    const part = units.slice(i, i + 20);
    const counts = await Promise.all(
      part.map((u) =>
        countOf(
          coll(ctx.db, 'enrollments').where({
            unitId: u._id,
            programId,
            status: _.in(['active', 'pending_payment']),
          }),
        ),
      ),
    );
    part.forEach((u, j) => {
      const key = u.category ?? '';
      const g = byCategory.get(key) ?? { unitCategory: u.category, count: 0, actualTotalFen: 0 };
      g.count += counts[j]!;
      g.actualTotalFen += counts[j]! * feeFen;
      byCategory.set(key, g);
    });
  }
  return [...byCategory.values()].filter((g) => g.count > 0);
}

/** Decided claims with their sealed facts, read defensively (the claims collection may be absent). Index: claims (programId, status). */
async function decidedClaims(
  ctx: HandlerContext,
  programId: string,
): Promise<{ claims: WhatIfClaim[]; available: boolean }> {
  const _ = ctx.db.command;
  try {
    const claims: WhatIfClaim[] = [];
    for (let page = 0; page < 50; page++) {
      const docs = await findMany<Record<string, any>>(
        coll(ctx.db, 'claims')
          .where({ programId, status: _.in(DECIDED) })
          .orderBy('_id', 'asc')
          .skip(page * 1000)
          .limit(1000),
      );
      for (const d of docs) {
        const sealed = d.sealed ? (JSON.parse(decrypt(d.sealed)) as { facts?: ClaimFactsInput }) : {};
        if (!sealed.facts || !d.benefitId) continue;
        claims.push({
          workerKey: String(d.workerId ?? d._id),
          benefitId: d.benefitId,
          facts: sealed.facts,
          coverage: d.coverage,
          order: new Date(d.submittedAt ?? d.createdAt ?? 0).getTime(),
          actualFen: Number(d.decision?.amountFen ?? 0),
        });
      }
      if (docs.length < 1000) break;
    }
    return { claims, available: true };
  } catch (err) {
    console.warn(`[unitdata] what-if without claims: ${(err as Error)?.message?.slice(0, 80) ?? err}`);
    return { claims: [], available: false };
  }
}

/** Centre admin: load this year's enrolments and decided claims, and let shared/unitdata compute. */
export async function whatIf(input: In<'whatIf'>, ctx: HandlerContext) {
  const { doc, program } = await loadProgram(ctx.db, input.programId);
  const root = doc.offeredTo[0];
  if (!root) throw new AppError('ENROLL.PROGRAM_NOT_OFFERED');
  const { org } = await requireUnitdata(ctx, 'WHAT_IF', root);
  const units = await unitsUnder(ctx, org);
  const [groups, claims] = await Promise.all([
    enrolmentGroups(ctx, program.id, units, program.fee.perShareFen),
    decidedClaims(ctx, program.id),
  ]);
  return {
    ...computeWhatIf(program, input.variant, groups, claims.claims),
    claimsAvailable: claims.available,
  };
}
