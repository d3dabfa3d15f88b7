import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import { findBenefit } from '@shared/benefits';
import {
  assertFacts,
  crossBenefitPrompts,
  emptyFacts,
  onceOnlyConflict,
  type ClaimFactsDraft,
} from '@shared/claims';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import type { Program } from '@shared/program/schema';
import { requireRegistered } from '../_lib/access';
import type { ClaimActor, ClaimDoc } from '../_lib/claim-model';
import {
  actorFor,
  claimEvent,
  claimView,
  filesOf,
  invoiceKeysOf,
  loadClaimAs,
  newClaimId,
  programAndBenefit,
  requireEditable,
  sealClaim,
  siblingClaims,
} from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { getById, insert, updateWhere } from '../_lib/db';
import type { EnrollmentDoc } from '../_lib/enrollment-model';
import type { UserDoc } from '../_lib/model';
import { loadProgram } from '../_lib/programs';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

/** The enrolment a claim is filed against, and who the caller is on it; someone else's is "not found". */
async function enrolmentAs(ctx: HandlerContext, user: UserDoc, enrollmentId: string) {
  const enrollment = await getById(ctx.db, 'enrollments', enrollmentId);
  const notFound = new AppError('ENROLL.NOT_FOUND', undefined, 'payload.enrollmentId');
  if (!enrollment) throw notFound;
  const actor = await actorFor(ctx, user, {
    enrollmentId: enrollment._id,
    workerId: enrollment.userId,
    unitId: enrollment.unitId,
  }).catch((err) => {
    throw err instanceof AppError && err.code === 'CLAIM.NOT_FOUND' ? notFound : err;
  });
  return { enrollment, actor };
}

const ACTING: Record<ClaimActor['role'], string> = {
  worker: '本人',
  family: '家属代办',
  unit_officer: '单位工会代办',
  officer: '经办人员',
  system: '系统',
};

/**
 * A new draft. The enrolment must be in force (paid), the benefit one of its program's, and the
 * facts consistent with the coverage (missing facts are fine in a draft).
 * Round trips: user, enrolment, (authorisations for a delegate), program, the worker's other
 * claims of the benefit, the unit (and the worker's name for a delegate) in parallel, the insert.
 */
async function newDraft(
  ctx: HandlerContext,
  user: UserDoc,
  enrollment: EnrollmentDoc,
  actor: ClaimActor,
  input: { benefitId: string; facts?: ClaimFactsDraft; relatedFrom?: string; program?: Program },
) {
  if (enrollment.status !== 'active')
    throw new AppError('CLAIM.ENROLLMENT_NOT_ACTIVE', undefined, 'payload.enrollmentId');
  const program = input.program ?? (await loadProgram(ctx.db, enrollment.programId)).program;
  let benefit;
  try {
    benefit = findBenefit(program, input.benefitId);
  } catch (err) {
    throw err instanceof AppError
      ? new AppError('CLAIM.BENEFIT_NOT_FOUND', err.message, 'payload.benefitId')
      : err;
  }
  const facts = input.facts ?? emptyFacts(benefit.rule.kind);
  const coverage = enrollment.coverage;
  assertFacts(program, benefit, facts, { coverage, today: chinaToday(ctx.now), complete: false });
  const id = newClaimId();
  const conflict = onceOnlyConflict(
    benefit,
    { id, facts },
    await siblingClaims(ctx, { enrollmentId: enrollment._id, benefitId: benefit.id }),
  );
  if (conflict) throw new AppError(conflict.code, conflict.message, 'payload.facts');
  const [worker, unit] = await Promise.all([
    actor.role === 'worker' ? user : getById(ctx.db, 'users', enrollment.userId),
    getById(ctx.db, 'orgs', enrollment.unitId),
  ]);
  const doc: ClaimDoc = {
    _id: id,
    enrollmentId: enrollment._id,
    workerId: enrollment.userId,
    workerName: worker?.nameMasked ?? '',
    unitId: enrollment.unitId,
    // The unit and every org above it: a subtree's review queue is one indexed query on it.
    scope: unit ? [...unit.ancestors, unit._id] : [enrollment.unitId],
    programId: program.id,
    programName: enrollment.programName,
    benefitId: benefit.id,
    benefitName: benefit.name,
    ruleKind: benefit.rule.kind,
    coverage,
    year: Number(coverage.start.slice(0, 4)),
    status: 'draft',
    version: 1,
    sealed: sealClaim({ facts }),
    invoiceKeys: invoiceKeysOf(facts),
    fileCount: 0,
    filedBy: actor,
    timeline: [
      claimEvent(ctx, actor, 'created', `${ACTING[actor.role]}创建${benefit.name}申请草稿`, 'draft'),
    ],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (input.relatedFrom) doc.relatedFrom = input.relatedFrom;
  await insert(ctx.db, 'claims', doc);
  return claimView(ctx, { claim: doc, actor, opened: { facts } }, program, []);
}

export async function create(input: In<'create'>, ctx: HandlerContext) {
  const user = await requireRegistered(ctx);
  const { enrollment, actor } = await enrolmentAs(ctx, user, input.enrollmentId);
  return newDraft(ctx, user, enrollment, actor, { benefitId: input.benefitId, facts: input.facts });
}

/**
 * Replace a draft's facts. Conditional on the version read, so two tabs cannot overwrite each
 * other silently. Round trips: user + claim, (authorisations), program, (siblings for once-only
 * benefits), the update.
 */
export async function update(input: In<'update'>, ctx: HandlerContext) {
  const loaded = await loadClaimAs(ctx, input.claimId);
  const { claim, actor } = loaded;
  requireEditable(claim);
  const { program, benefit } = await programAndBenefit(ctx, claim);
  const facts = input.facts;
  assertFacts(program, benefit, facts, {
    coverage: claim.coverage,
    today: chinaToday(ctx.now),
    complete: false,
  });
  if (benefit.rule.kind === 'fixed_grant' || benefit.rule.kind === 'grade_table') {
    const conflict = onceOnlyConflict(benefit, { id: claim._id, facts }, await siblingClaims(ctx, claim));
    if (conflict) throw new AppError(conflict.code, conflict.message, 'payload.facts');
  }
  const last = claim.timeline[claim.timeline.length - 1];
  const event = claimEvent(ctx, actor, 'updated', '修改申请信息');
  // Consecutive edits by the same person are one step of the timeline.
  const timeline =
    last?.action === 'updated' && last.actor.userId === actor.userId
      ? [...claim.timeline.slice(0, -1), event]
      : [...claim.timeline, event];
  const next: ClaimDoc = {
    ...claim,
    sealed: sealClaim({ facts }),
    invoiceKeys: invoiceKeysOf(facts),
    version: claim.version + 1,
    timeline,
    updatedAt: ctx.now,
  };
  const moved = await updateWhere(
    coll(ctx.db, 'claims').where({ _id: claim._id, version: claim.version, status: 'draft' }),
    {
      sealed: next.sealed,
      invoiceKeys: next.invoiceKeys,
      version: next.version,
      timeline,
      updatedAt: ctx.now,
    },
  );
  if (!moved) throw new AppError('CLAIM.BUSY');
  const files = await filesOf(ctx, claim._id);
  return claimView(ctx, { claim: next, actor, opened: { facts } }, program, files);
}

/** Start the claim a cross-benefit prompt offers (e.g. work-injury aid for a work-injury stay), pre-filled. */
export async function startRelated(input: In<'startRelated'>, ctx: HandlerContext) {
  const loaded = await loadClaimAs(ctx, input.claimId);
  const { program } = await programAndBenefit(ctx, loaded.claim);
  const prompt = crossBenefitPrompts(program, loaded.claim.benefitId, loaded.opened.facts).find(
    (p) => p.benefitId === input.benefitId && p.stayIndex === input.stayIndex,
  );
  if (!prompt) throw new AppError('CLAIM.NO_RELATED_PROMPT', undefined, 'payload.benefitId');
  const enrollment = await getById(ctx.db, 'enrollments', loaded.claim.enrollmentId);
  if (!enrollment) throw new AppError('ENROLL.NOT_FOUND');
  return newDraft(ctx, loaded.user, enrollment, loaded.actor, {
    benefitId: prompt.benefitId,
    facts: prompt.carry,
    relatedFrom: loaded.claim._id,
    program,
  });
}
