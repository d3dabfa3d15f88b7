import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { chinaToday } from '@shared/calendar';
import { assertFacts, type ClaimFactsDraft } from '@shared/claims';
import { AppError } from '@shared/errors';
import { formatYuan } from '@shared/money';
import { findRejectReason } from '@shared/review';
import type { ClaimDoc, MaterialRequestItem } from '../_lib/claim-model';
import { invoiceKeysOf, sealClaim } from '../_lib/claims';
import type { HandlerContext } from '../_lib/context';
import {
  approvedClaim,
  assertCanDecide,
  commitReview,
  decidedByMeeting,
  loadClaimWithFiles,
  loadDetail,
  officerActor,
  officerView,
  proposalOf,
  stepped,
  without,
  type ReviewLoad,
} from '../_lib/review-claims';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

/** Caller ∥ claim ∥ files, then the detail: 2 sequential round trips before any decision. */
async function deciding<T>(
  ctx: HandlerContext,
  claimId: string,
  decide: (l: ReviewLoad) => Promise<T>,
): Promise<T> {
  const { user, claim, files } = await loadClaimWithFiles(ctx, claimId);
  return decide(await loadDetail(ctx, user, claim, files));
}

/** Which fields changed (paths only: the values are medical data and stay sealed). */
export function changedFields(a: unknown, b: unknown, path = ''): string[] {
  if (a === b) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return [path || '(全部)'];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    changedFields(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      path ? `${path}.${k}` : k,
    ),
  );
}

/**
 * Correct a fact (with the reason): the facts are re-checked, the calculator re-runs with the
 * history, and the change (which fields, the amounts before and after) goes on the timeline and
 * into the audit log. Round trips: 2 loads, the claim, the audit entry: 4.
 */
export async function correctFacts(input: In<'correctFacts'>, ctx: HandlerContext) {
  return deciding(ctx, input.claimId, async (l) => {
    assertCanDecide(l, ['unit_precheck', 'centre_review']);
    const facts = input.facts as ClaimFactsDraft;
    assertFacts(l.program, l.benefit, facts, {
      coverage: l.claim.coverage,
      today: chinaToday(ctx.now),
      complete: true,
    });
    const before = proposalOf(l);
    const after = proposalOf(l, facts);
    const fields = changedFields(l.opened.facts, facts);
    const actor = officerActor(l.user);
    const next = stepped(
      ctx,
      l.claim,
      actor,
      {
        sealed: sealClaim({ ...l.opened, facts }),
        invoiceKeys: invoiceKeysOf(facts),
      },
      {
        action: 'facts_corrected',
        text: `更正申请信息（${fields.length} 处）：${input.reason}；测算金额 ${formatYuan(before.amountFen)} → ${formatYuan(after.amountFen)}`,
      },
    );
    await commitReview(ctx, l.claim, next, {
      audit: {
        actorId: l.user._id,
        action: 'review.correct_facts',
        subject: { kind: 'claim', id: l.claim._id },
        detail: { fields, reason: input.reason, beforeFen: before.amountFen, afterFen: after.amountFen },
      },
    });
    return officerView(ctx, { ...l, claim: next, opened: { ...l.opened, facts } });
  });
}

/**
 * Approve an amount. The calculator's proposal is computed here from the stored claims (a second
 * hospital claim pays the difference); a different amount needs a recorded reason. Critical
 * illness is decided by the appraisal meeting, not by one reviewer. The payout deadline
 * (approval + the program's working days) is stored on the claim.
 * Round trips: 1 caller ∥ claim ∥ files, 2 program ∥ worker's claims ∥ authorisations, 3 the
 * claim (conditional on the version decided on), 4 audit ∥ message — 4 sequential.
 */
export async function approve(input: In<'approve'>, ctx: HandlerContext) {
  return deciding(ctx, input.claimId, async (l) => {
    assertCanDecide(l, ['centre_review']);
    if (decidedByMeeting(l.benefit)) throw new AppError('REVIEW.MEETING_DECIDES');
    if (l.claim.hold) throw new AppError('REVIEW.OBJECTION_OPEN');
    const proposal = proposalOf(l);
    const reason = input.reason?.trim();
    if (input.amountFen !== proposal.amountFen && !reason)
      throw new AppError(
        'REVIEW.AMOUNT_REASON_REQUIRED',
        `核定金额 ${formatYuan(input.amountFen)} 与测算金额 ${formatYuan(proposal.amountFen)} 不一致，请填写调整理由`,
        'payload.reason',
      );
    if (input.amountFen === 0)
      throw new AppError(
        'CLAIM.INVALID_AMOUNT',
        '核定金额为 0 时请选择“不予给付”并注明原因',
        'payload.amountFen',
      );
    const next = approvedClaim(ctx, l, input.amountFen, proposal.amountFen, reason);
    await commitReview(ctx, l.claim, next, {
      audit: {
        actorId: l.user._id,
        action: 'review.approve',
        subject: { kind: 'claim', id: l.claim._id },
        detail: {
          amountFen: input.amountFen,
          proposedFen: proposal.amountFen,
          ...(reason ? { reason } : {}),
        },
      },
      note: `核定补助 ${formatYuan(input.amountFen)}${next.payoutDue ? `，${next.payoutDue} 前发放` : ''}`,
    });
    return officerView(ctx, { ...l, claim: next });
  });
}

/** Reject with a reason from the program's reasons (catalogue + exclusions) and free text. Round trips as approve. */
export async function reject(input: In<'reject'>, ctx: HandlerContext) {
  return deciding(ctx, input.claimId, async (l) => {
    assertCanDecide(l, ['unit_precheck', 'centre_review']);
    const reason = findRejectReason(l.program, l.claim.benefitId, input.reasonCode);
    if (!reason) throw new AppError('REVIEW.UNKNOWN_REASON', undefined, 'payload.reasonCode');
    const actor = officerActor(l.user);
    const next = stepped(
      ctx,
      without(l.claim, 'assignee'),
      actor,
      {
        status: 'rejected',
        decision: {
          amountFen: 0,
          decidedAt: ctx.now,
          decidedBy: actor,
          reasonCode: reason.code,
          reason: input.note,
        },
      },
      { action: 'rejected', text: `不予给付：${reason.label}。${input.note}`, status: 'rejected' },
    );
    await commitReview(ctx, l.claim, next, {
      audit: {
        actorId: l.user._id,
        action: 'review.reject',
        subject: { kind: 'claim', id: l.claim._id },
        detail: { reasonCode: reason.code },
      },
      note: `未通过：${reason.label}`,
    });
    return officerView(ctx, { ...l, claim: next });
  });
}

/** Ask for specific material: each item must be one of the benefit's materials (or 其他补充材料). */
export async function requestMaterial(input: In<'requestMaterial'>, ctx: HandlerContext) {
  return deciding(ctx, input.claimId, async (l) => {
    assertCanDecide(l, ['unit_precheck', 'centre_review']);
    const items: MaterialRequestItem[] = input.items.map((i, n) => {
      const def =
        i.materialId === 'other'
          ? { label: '其他补充材料' }
          : l.benefit.materials.find((m) => m.id === i.materialId);
      if (!def) throw new AppError('REVIEW.BAD_MATERIAL', undefined, `payload.items.${n}.materialId`);
      const label = i.stayIndex !== undefined ? `第${i.stayIndex + 1}次住院的${def.label}` : def.label;
      return {
        materialId: i.materialId,
        ...(i.stayIndex !== undefined ? { stayIndex: i.stayIndex } : {}),
        label,
        ...(i.note ? { note: i.note } : {}),
      };
    });
    const actor = officerActor(l.user);
    const from = l.claim.status === 'unit_precheck' ? 'unit_precheck' : 'centre_review';
    const next = stepped(
      ctx,
      without(l.claim, 'assignee'),
      actor,
      {
        status: 'needs_material',
        materialRequest: { note: input.note, items, requestedAt: ctx.now, requestedBy: actor, from },
      },
      {
        action: 'material_requested',
        text: `请补充材料：${items.map((i) => i.label).join('；')}。${input.note}`,
        status: 'needs_material',
      },
    );
    await commitReview(ctx, l.claim, next, {
      audit: {
        actorId: l.user._id,
        action: 'review.request_material',
        subject: { kind: 'claim', id: l.claim._id },
        detail: { items: items.map((i) => i.materialId) },
      },
      note: `请补充：${items.map((i) => i.label).join('；')}`,
    });
    return officerView(ctx, { ...l, claim: next });
  });
}

/** The unit's pre-check (初审) passes the claim to the centre's queue. */
export async function passOn(input: In<'passOn'>, ctx: HandlerContext) {
  return deciding(ctx, input.claimId, async (l) => {
    assertCanDecide(l, ['unit_precheck']);
    const next: ClaimDoc = stepped(
      ctx,
      without(l.claim, 'assignee'),
      officerActor(l.user),
      { status: 'submitted', queue: 'centre_review' },
      {
        action: 'passed_on',
        text: `单位工会初审通过，报互助保障中心审核${input.note ? `：${input.note}` : ''}`,
        status: 'submitted',
      },
    );
    await commitReview(ctx, l.claim, next, {
      audit: { actorId: l.user._id, action: 'review.pass_on', subject: { kind: 'claim', id: l.claim._id } },
      note: '单位初审通过，已报互助保障中心',
    });
    return officerView(ctx, { ...l, claim: next });
  });
}

/** A critical-illness claim goes on its quarter's appraisal meeting agenda (鉴定会). */
export async function refer(input: In<'refer'>, ctx: HandlerContext) {
  return deciding(ctx, input.claimId, async (l) => {
    assertCanDecide(l, ['centre_review']);
    if (!decidedByMeeting(l.benefit)) throw new AppError('REVIEW.NOT_FOR_MEETING');
    const next = stepped(
      ctx,
      without(l.claim, 'assignee'),
      officerActor(l.user),
      { status: 'appraisal' },
      {
        action: 'referred',
        text: `提交${l.claim.reviewBatch?.label ?? '鉴定会'}会商${input.note ? `：${input.note}` : ''}`,
        status: 'appraisal',
      },
    );
    await commitReview(ctx, l.claim, next, {
      audit: { actorId: l.user._id, action: 'review.refer', subject: { kind: 'claim', id: l.claim._id } },
      note: '已提交季度鉴定会会商',
    });
    return officerView(ctx, { ...l, claim: next });
  });
}
