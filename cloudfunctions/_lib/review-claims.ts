import type { OfficerClaim } from '@shared/api/review';
import { findBenefit } from '@shared/benefits';
import { chinaToday, toChinaDate } from '@shared/calendar';
import {
  estimateClaim,
  expectedPayment,
  itemLabel,
  materialsChecklist,
  missingMaterials,
  type ClaimEstimate,
  type StoredClaim,
} from '@shared/claims';
import { AppError } from '@shared/errors';
import { formatYuan } from '@shared/money';
import { CLAIM_IN_REVIEW, claimLifecycle, type ClaimStatus } from '@shared/lifecycle';
import type { Benefit, Program } from '@shared/program/schema';
import {
  dueStatus,
  rejectReasonsFor,
  reviewChecks,
  reviewPolicyFor,
  waitedDays,
  type ReviewCheck,
} from '@shared/review';
import { auditEntry } from './audit';
import type { AuthorisationDoc, ClaimActor, ClaimDoc, ClaimFileDoc } from './claim-model';
import {
  filesOf,
  fileView,
  incidentKeyOf,
  openClaim,
  commitClaim,
  statusMessage,
  type SealedClaim,
} from './claims';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, together } from './db';
import type { UserDoc } from './model';
import { loadProgram } from './programs';
import type { AuditDoc } from './records';
import {
  authorisationsOf,
  conflictOfInterest,
  grantOn,
  requireOfficer,
  ROLES,
  withScope,
} from './review-access';

/** Everything a reviewer's view and decision need, loaded in two parallel round trips. */
export interface ReviewLoad {
  user: UserDoc;
  claim: ClaimDoc;
  opened: SealedClaim;
  program: Program;
  benefit: Benefit;
  /** The worker's claims (any benefit), this one included. */
  workerClaims: ClaimDoc[];
  files: ClaimFileDoc[];
  auths: AuthorisationDoc[];
}

const notFound = () => new AppError('CLAIM.NOT_FOUND', undefined, 'payload.claimId');

/** The caller (an officer) and the claim. Round trip 1 (2 calls); +1 when the claim has no scope yet. */
export async function loadClaimForOfficer(ctx: HandlerContext, claimId: string) {
  const [user, claim] = await Promise.all([requireOfficer(ctx), getById(ctx.db, 'claims', claimId)]);
  if (!claim || claim.status === 'draft') throw notFound();
  const scoped = await withScope(ctx, claim);
  return { user, claim: scoped };
}

/**
 * The caller, the claim and its files (the input names the claim, so its files need not wait
 * for it): round trip 1, for loadDetail to take the files from.
 */
export async function loadClaimWithFiles(ctx: HandlerContext, claimId: string) {
  const [{ user, claim }, files] = await together([loadClaimForOfficer(ctx, claimId), filesOf(ctx, claimId)]);
  return { user, claim, files };
}

/**
 * Round trip 2: the program, the worker's claims, this claim's files (unless read already, see
 * loadClaimWithFiles) and the enrolment's authorisations, in parallel.
 */
export async function loadDetail(
  ctx: HandlerContext,
  user: UserDoc,
  claim: ClaimDoc,
  filesRead?: ClaimFileDoc[],
): Promise<ReviewLoad> {
  const [{ program }, workerClaims, files, auths] = await Promise.all([
    loadProgram(ctx.db, claim.programId),
    findMany<ClaimDoc>(
      coll(ctx.db, 'claims').where({ workerId: claim.workerId }).orderBy('createdAt', 'desc').limit(100),
    ),
    filesRead ?? filesOf(ctx, claim._id),
    authorisationsOf(ctx, claim.enrollmentId),
  ]);
  return {
    user,
    claim,
    opened: openClaim(claim),
    program,
    benefit: findBenefit(program, claim.benefitId),
    workerClaims,
    files,
    auths,
  };
}

export const officerActor = (user: UserDoc): ClaimActor => ({
  userId: user._id,
  role: 'officer',
  name: user.nameMasked ?? user.name ?? '',
});

const stored = (d: ClaimDoc, facts = openClaim(d).facts): StoredClaim => ({
  id: d._id,
  status: d.status,
  benefitId: d.benefitId,
  facts,
  decision: d.decision ? { amountFen: d.decision.amountFen } : undefined,
});

/** The calculator's proposal now, with the history from the worker's stored claims of the enrolment. */
export function proposalOf(l: ReviewLoad, facts = l.opened.facts): ClaimEstimate {
  const siblings = l.workerClaims
    .filter(
      (c) =>
        c.enrollmentId === l.claim.enrollmentId && c.benefitId === l.claim.benefitId && c._id !== l.claim._id,
    )
    .map((c) => stored(c));
  return estimateClaim(
    l.program,
    l.benefit,
    { id: l.claim._id, facts },
    l.claim.coverage,
    siblings,
    incidentKeyOf,
  );
}

export function checksOf(l: ReviewLoad, estimate: ClaimEstimate, facts = l.opened.facts): ReviewCheck[] {
  const missing = missingMaterials(materialsChecklist(l.program, l.benefit, facts), l.files, facts);
  return reviewChecks({
    benefit: l.benefit,
    claim: { id: l.claim._id, benefitId: l.claim.benefitId, facts, coverage: l.claim.coverage },
    estimate,
    others: l.workerClaims.filter((c) => c._id !== l.claim._id && c.status !== 'draft').map((c) => stored(c)),
    duplicates: l.claim.duplicates ?? [],
    missing,
    policy: reviewPolicyFor(l.program),
  });
}

export const decidedByMeeting = (benefit: Benefit) => benefit.review.cadence === 'quarterly_meeting';

/** Why the caller cannot decide the claim now (undefined when they can). */
export function cannotDecide(l: Pick<ReviewLoad, 'user' | 'claim' | 'auths'>): string | undefined {
  const { user, claim } = l;
  const conflict = conflictOfInterest(user, claim, l.auths);
  if (conflict) return conflict;
  if (!CLAIM_IN_REVIEW.includes(claim.status)) return `当前状态为“${claimLifecycle.labels[claim.status]}”`;
  const roles = claim.status === 'unit_precheck' ? ROLES.precheck : ROLES.review;
  if (!grantOn(user, roles, claim)) return '您的角色不能处理该环节';
  if (claim.status !== 'appraisal' && claim.assignee?.userId !== user._id)
    return claim.assignee ? `已由 ${claim.assignee.name} 领取` : '尚未领取';
  return undefined;
}

/**
 * Refuses a decision the caller may not take: outside the subtree, a conflict of interest, the
 * wrong role for the stage, not holding the claim, or a stage the action does not apply to.
 */
export function assertCanDecide(
  l: Pick<ReviewLoad, 'user' | 'claim' | 'auths'>,
  stages: readonly ClaimStatus[],
): void {
  const { user, claim } = l;
  if (!grantOn(user, ROLES.view, claim)) throw new AppError('REVIEW.OUTSIDE_SUBTREE');
  if (conflictOfInterest(user, claim, l.auths)) throw new AppError('REVIEW.CONFLICT_OF_INTEREST');
  if (claim.status === 'submitted' && stages.some((s) => s !== 'appraisal'))
    throw new AppError('REVIEW.NOT_ASSIGNED');
  if (!stages.includes(claim.status))
    throw new AppError(
      'REVIEW.WRONG_STAGE',
      `该申请当前为“${claimLifecycle.labels[claim.status]}”，不能进行该操作`,
    );
  const roles = claim.status === 'unit_precheck' ? ROLES.precheck : ROLES.review;
  if (!grantOn(user, roles, claim)) throw new AppError('REVIEW.FORBIDDEN');
  if (claim.status === 'appraisal') return;
  if (!claim.assignee) throw new AppError('REVIEW.NOT_ASSIGNED');
  if (claim.assignee.userId !== user._id)
    throw new AppError('REVIEW.HELD_BY_OTHER', `该申请已由 ${claim.assignee.name} 领取`);
}

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined);

/** The queue's flags of a claim: stored ones (late, objection, held) and the duplicates found at submission. */
export function displayFlags(c: ClaimDoc, today: string, longWaitDays: number): string[] {
  const flags = new Set(c.flags ?? []);
  if (c.duplicates?.length) flags.add('duplicate');
  if (
    c.submittedAt &&
    waitedDays(toChinaDate(c.submittedAt), today) >= longWaitDays &&
    !['paid', 'rejected', 'withdrawn', 'recovered'].includes(c.status)
  )
    flags.add('long_wait');
  if (c.payoutDue && ['approved', 'in_payout'].includes(c.status) && today > c.payoutDue) flags.add('late');
  return [...flags];
}

export function queueItem(c: ClaimDoc, you: string, now: Date) {
  const today = chinaToday(now);
  return {
    id: c._id,
    version: c.version,
    programId: c.programId,
    programName: c.programName,
    benefitId: c.benefitId,
    benefitName: c.benefitName,
    unitId: c.unitId,
    workerName: c.workerName,
    status: c.status,
    statusLabel: claimLifecycle.labels[c.status],
    queue: c.queue,
    reviewBatch: c.reviewBatch
      ? { key: c.reviewBatch.key, closesOn: c.reviewBatch.closesOn, label: c.reviewBatch.label }
      : undefined,
    submittedAt: iso(c.submittedAt),
    waitedDays: c.submittedAt ? waitedDays(toChinaDate(c.submittedAt), today) : 0,
    estimateFen: c.estimate?.amountFen,
    decidedFen: c.decision?.amountFen,
    flags: displayFlags(c, today, 30),
    assignee: c.assignee
      ? { name: c.assignee.name, isYou: c.assignee.userId === you, since: iso(c.assignee.at)! }
      : undefined,
    payoutDue: c.payoutDue,
    dueStatus:
      c.payoutDue && ['approved', 'in_payout'].includes(c.status)
        ? dueStatus(c.payoutDue, today, 3)
        : undefined,
  };
}

const actorView = (a: ClaimActor, you: string) => ({ role: a.role, name: a.name, isYou: a.userId === you });

/** The reviewer's whole view of a claim. */
export function officerView(ctx: HandlerContext, l: ReviewLoad, openObjections = 0): OfficerClaim {
  const { claim: c, user, opened, program, benefit } = l;
  const you = user._id;
  const facts = opened.facts;
  const proposal = proposalOf(l);
  const checklist = materialsChecklist(program, benefit, facts).map((item) => ({
    materialId: item.materialId,
    label: itemLabel(item, facts),
    stayIndex: item.stayIndex,
    required: item.required,
    files: l.files
      .filter(
        (f) =>
          f.materialId === item.materialId && (item.materialId === 'other' || f.stayIndex === item.stayIndex),
      )
      .map((f) => fileView(f, you)),
  }));
  const expected = c.payoutDue
    ? { date: c.payoutDue, estimated: false }
    : c.decision && ['approved', 'in_payout'].includes(c.status)
      ? (expectedPayment(benefit, toChinaDate(c.decision.decidedAt)) ?? undefined)
      : undefined;
  return {
    ...queueItem(c, you, ctx.now),
    coverage: c.coverage,
    filedBy: actorView(c.filedBy, you),
    facts,
    checklist,
    checks: checksOf(l, proposal),
    proposal: { ...proposal, at: ctx.now.toISOString() },
    history: l.workerClaims
      .filter((o) => o._id !== c._id && o.status !== 'draft')
      .map((o) => ({
        claimId: o._id,
        benefitName: o.benefitName,
        status: o.status,
        statusLabel: claimLifecycle.labels[o.status],
        amountFen: o.decision?.amountFen,
        submittedAt: iso(o.submittedAt),
      })),
    timeline: c.timeline.map((t) => ({
      at: iso(t.at)!,
      actor: actorView(t.actor, you),
      action: t.action,
      text: t.text,
      status: t.status,
    })),
    materialRequest: c.materialRequest
      ? {
          note: c.materialRequest.note,
          requestedAt: iso(c.materialRequest.requestedAt)!,
          items: c.materialRequest.items,
        }
      : undefined,
    decision: c.decision
      ? {
          amountFen: c.decision.amountFen,
          proposedFen: c.decision.proposedFen,
          decidedAt: iso(c.decision.decidedAt)!,
          reason: c.decision.reason,
          reasonCode: c.decision.reasonCode,
          by: c.decision.decidedBy?.name,
        }
      : undefined,
    expectedPayment: expected
      ? {
          date: expected.date,
          estimated: expected.estimated,
          note: 'note' in expected ? expected.note : undefined,
        }
      : undefined,
    paidAt: iso(c.paidAt),
    payoutBatchId: c.payoutBatchId,
    canDecide: cannotDecide(l) === undefined,
    cannotDecideReason: cannotDecide(l),
    decidedByMeeting: decidedByMeeting(benefit),
    rejectReasons: rejectReasonsFor(program, c.benefitId).map(({ code, label }) => ({ code, label })),
    openObjections,
  };
}

export type AuditInput = Omit<AuditDoc, '_id' | 'at' | 'scope' | 'claimId'>;

export function auditFor(
  ctx: HandlerContext,
  claim: Pick<ClaimDoc, '_id' | 'unitId' | 'scope'>,
  entry: AuditInput,
): AuditDoc {
  return { ...auditEntry(ctx, { ...entry, orgId: claim.unitId }), scope: claim.scope, claimId: claim._id };
}

/**
 * One officer step on a claim, all or nothing: the claim (still the version seen) with its audit
 * entry and (when `note`) the worker's message, in one conditional write (claims.ts commitClaim).
 * `lost` names why a racing step won (a reviewer now holding the claim). Round trips: 2.
 */
export async function commitReview(
  ctx: HandlerContext,
  seen: ClaimDoc,
  next: ClaimDoc,
  opts: { audit: AuditInput; note?: string; lost?: (now: ClaimDoc) => void },
): Promise<void> {
  await commitClaim(
    ctx,
    seen,
    next,
    {
      audit: [auditFor(ctx, next, opts.audit)],
      outbox: opts.note ? [statusMessage(next, opts.note)] : [],
    },
    opts.lost,
  );
}

/** The next version of a claim after an officer's step (timeline event appended). */
export function stepped(
  ctx: HandlerContext,
  claim: ClaimDoc,
  actor: ClaimActor,
  change: Partial<ClaimDoc>,
  event: { action: string; text: string; status?: ClaimStatus },
): ClaimDoc {
  const status = change.status ?? event.status ?? claim.status;
  const e = event.status
    ? { at: ctx.now, actor, action: event.action, text: event.text, status: event.status }
    : { at: ctx.now, actor, action: event.action, text: event.text };
  if (event.status) claimLifecycle.assert(claim.status, status);
  return {
    ...claim,
    ...change,
    status,
    version: claim.version + 1,
    updatedAt: ctx.now,
    timeline: [...claim.timeline, e],
  };
}

/** Without a key: JSON has no undefined, and `set` writes the whole document. */
export function without<T extends object, K extends keyof T>(doc: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...doc };
  for (const k of keys) delete copy[k];
  return copy;
}

/** The approved claim: the decision, the payout deadline, off the reviewer's desk. */
export function approvedClaim(
  ctx: HandlerContext,
  l: Pick<ReviewLoad, 'user' | 'claim' | 'benefit'>,
  amountFen: number,
  proposedFen: number,
  reason?: string,
  by = 'approved',
) {
  const actor = officerActor(l.user);
  const due = expectedPayment(l.benefit, chinaToday(ctx.now));
  const differs = amountFen !== proposedFen ? `（测算 ${formatYuan(proposedFen)}，调整理由：${reason}）` : '';
  return stepped(
    ctx,
    without(l.claim, 'assignee'),
    actor,
    {
      status: 'approved',
      decision: {
        amountFen,
        proposedFen,
        decidedAt: ctx.now,
        decidedBy: actor,
        ...(reason ? { reason } : {}),
      },
      ...(due ? { payoutDue: due.date, expectedPayment: due } : {}),
    },
    { action: by, text: `审核通过，核定补助 ${formatYuan(amountFen)}${differs}`, status: 'approved' },
  );
}
