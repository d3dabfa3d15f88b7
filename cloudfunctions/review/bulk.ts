import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { findBenefit } from '@shared/benefits';
import { estimateClaim, type StoredClaim } from '@shared/claims';
import { AppError } from '@shared/errors';
import type { AuthorisationDoc, ClaimDoc } from '../_lib/claim-model';
import { incidentKeyOf, openClaim } from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, transaction } from '../_lib/db';
import type { UserDoc } from '../_lib/model';
import { loadProgram } from '../_lib/programs';
import { conflictOfInterest, requireRolesOverOrg, ROLES, stampScopes } from '../_lib/review-access';
import { approvedClaim, auditFor } from '../_lib/review-claims';
import { statusMessage, txReplaceClaim } from '../_lib/claims';
import { formatYuan } from '@shared/money';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

/** One bulk approval covers at most this many claims (one transaction). */
export const MAX_BULK = 50;

interface Candidate {
  claim: ClaimDoc;
  amountFen: number;
}

const stored = (d: ClaimDoc): StoredClaim => ({
  id: d._id,
  status: d.status,
  benefitId: d.benefitId,
  facts: openClaim(d).facts,
  decision: d.decision ? { amountFen: d.decision.amountFen } : undefined,
});

/**
 * The monthly batch's claims the calculator agrees on: waiting or taken by the caller, no
 * duplicates, no blocking warning, the proposal now equal to the estimate stored at submission
 * (nothing changed since), not the caller's own or one they are authorised on.
 * Round trips: 1 caller ∥ org ∥ program ∥ unstamped claims (+2 when any), 2 the batch's claims ∥
 * authorisations granted to the caller, 3 their enrolments' claims (the history) — 3 sequential.
 */
async function candidates(input: In<'bulkPreview'>, ctx: HandlerContext) {
  const _ = ctx.db.command;
  const [{ user, org }, { program }] = await Promise.all([
    requireRolesOverOrg(ctx, ROLES.review, input.orgId),
    loadProgram(ctx.db, input.programId),
    stampScopes(ctx),
  ]);
  const benefit = findBenefit(program, input.benefitId);
  if (benefit.review.cadence !== 'monthly')
    throw new AppError('REVIEW.MEETING_DECIDES', '只有按月复核的补助可以批量审批');
  const [claims, auths] = await Promise.all([
    findMany<ClaimDoc>(
      coll(ctx.db, 'claims')
        .where({
          scope: org._id,
          programId: program.id,
          benefitId: benefit.id,
          'reviewBatch.key': input.batchKey,
          status: _.in(['submitted', 'centre_review']),
          queue: 'centre_review',
          ...(input.unitId ? { unitId: input.unitId } : {}),
        })
        .orderBy('submittedAt', 'asc')
        .limit(200),
    ),
    findMany<AuthorisationDoc>(coll(ctx.db, 'authorisations').where({ granteeId: user._id }).limit(100)),
  ]);
  const enrolments = [...new Set(claims.map((c) => c.enrollmentId))];
  const siblings = enrolments.length
    ? await findMany<ClaimDoc>(
        coll(ctx.db, 'claims')
          .where({ enrollmentId: _.in(enrolments), benefitId: benefit.id })
          .limit(1000),
      )
    : [];
  const picked: Candidate[] = [];
  for (const c of claims) {
    if (picked.length >= MAX_BULK) break;
    const ok = eligible(user, c, auths);
    if (!ok) continue;
    const others = siblings.filter((s) => s.enrollmentId === c.enrollmentId && s._id !== c._id).map(stored);
    const est = estimateClaim(
      program,
      benefit,
      { id: c._id, facts: openClaim(c).facts },
      c.coverage,
      others,
      incidentKeyOf,
    );
    if (est.amountFen <= 0 || est.warnings.some((w) => w.blocking) || est.amountFen !== c.estimate?.amountFen)
      continue;
    picked.push({ claim: c, amountFen: est.amountFen });
  }
  return { user, org, benefit, picked, skipped: claims.length - picked.length };
}

function eligible(user: UserDoc, c: ClaimDoc, auths: AuthorisationDoc[]): boolean {
  if (c.duplicates?.length || c.hold) return false;
  if (c.assignee && c.assignee.userId !== user._id) return false;
  return !conflictOfInterest(
    user,
    c,
    auths.filter((a) => a.enrollmentId === c.enrollmentId),
  );
}

/** A hash of exactly the set: ids, versions and amounts, sorted. */
export const setHashOf = (picked: readonly Candidate[]) =>
  createHash('sha256')
    .update(
      picked
        .map((p) => `${p.claim._id}:${p.claim.version}:${p.amountFen}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');

export async function bulkPreview(input: In<'bulkPreview'>, ctx: HandlerContext) {
  const { picked, skipped } = await candidates(input, ctx);
  return {
    count: picked.length,
    totalFen: picked.reduce((t, p) => t + p.amountFen, 0),
    setHash: setHashOf(picked),
    claimIds: picked.map((p) => p.claim._id),
    skipped,
  };
}

/**
 * Approve exactly the previewed set at the calculator's amounts: the set is rebuilt and must
 * hash the same (else REVIEW.SET_CHANGED); then one transaction re-reads every claim (each must
 * be the version previewed) and writes each claim, its audit entry and the worker's message.
 */
export async function bulkApprove(input: In<'bulkApprove'>, ctx: HandlerContext) {
  const { user, benefit, picked } = await candidates(input, ctx);
  if (picked.length === 0) throw new AppError('REVIEW.NOTHING_TO_APPROVE');
  if (setHashOf(picked) !== input.setHash) throw new AppError('REVIEW.SET_CHANGED');
  const nexts = picked.map((p) =>
    // Taken from the queue and approved in one step (submitted → centre_review → approved).
    approvedClaim(
      ctx,
      { user, claim: { ...p.claim, status: 'centre_review' }, benefit },
      p.amountFen,
      p.amountFen,
      undefined,
      'bulk_approved',
    ),
  );
  await transaction(ctx.db, async (tx) => {
    const fresh = await Promise.all(picked.map((p) => tx.collection('claims').doc(p.claim._id).get()));
    fresh.forEach((r, i) => {
      if ((r.data as ClaimDoc | null)?.version !== picked[i]!.claim.version)
        throw new AppError('REVIEW.SET_CHANGED');
    });
    await Promise.all(
      nexts.flatMap((next, i) => {
        const { _id: aid, ...audit } = auditFor(ctx, next, {
          actorId: user._id,
          action: 'review.bulk_approve',
          subject: { kind: 'claim', id: next._id },
          detail: { amountFen: picked[i]!.amountFen, setHash: input.setHash },
        });
        const { _id: mid, ...message } = statusMessage(next, `核定补助 ${formatYuan(picked[i]!.amountFen)}`);
        return [
          txReplaceClaim(tx, next),
          tx.collection('auditLog').doc(aid).set({ data: audit }),
          tx.collection('outbox').doc(mid).set({ data: message }),
        ];
      }),
    );
  });
  return { approved: picked.length, totalFen: picked.reduce((t, p) => t + p.amountFen, 0) };
}
