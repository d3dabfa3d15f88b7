import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import { AppError } from '@shared/errors';
import { claimLifecycle } from '@shared/lifecycle';
import type { ClaimDoc } from '../_lib/claim-model';
import {
  claimEvent,
  claimView,
  commitClaimChange,
  filesOf,
  loadClaimAs,
  missingOf,
  programAndBenefit,
  requireWorker,
} from '../_lib/claims';
import type { HandlerContext } from '../_lib/context';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

/**
 * The worker (only) withdraws a draft, a claim still waiting in its queue, or one waiting for
 * material; once an officer has it open it is theirs to decide.
 * Round trips: user + claim, program + files, the claim, the message (4).
 */
export async function withdraw(input: In<'withdraw'>, ctx: HandlerContext) {
  const loaded = await loadClaimAs(ctx, input.claimId);
  const { claim, actor } = loaded;
  requireWorker(actor);
  if (claim.status === 'withdrawn') throw new AppError('CLAIM.NOT_WITHDRAWABLE', '申请已撤回');
  if (!claimLifecycle.can(claim.status, 'withdrawn')) throw new AppError('CLAIM.NOT_WITHDRAWABLE');
  const [{ program }, files] = await Promise.all([programAndBenefit(ctx, claim), filesOf(ctx, claim._id)]);
  const reason = input.reason ? `：${input.reason}` : '';
  const next: ClaimDoc = {
    ...claim,
    status: 'withdrawn',
    version: claim.version + 1,
    updatedAt: ctx.now,
    timeline: [...claim.timeline, claimEvent(ctx, actor, 'withdrawn', `撤回申请${reason}`, 'withdrawn')],
  };
  await commitClaimChange(ctx, claim, next, '申请已撤回');
  return claimView(ctx, { ...loaded, claim: next }, program, files);
}

/**
 * After adding what the reviewer asked for: every requested item needs a file added since the
 * request; the claim goes back to the queue that asked. The worker or whoever they authorised.
 * Round trips: user + claim, (authorisations), program + files, the claim, the message (4).
 */
export async function resubmit(input: In<'resubmit'>, ctx: HandlerContext) {
  const loaded = await loadClaimAs(ctx, input.claimId);
  const { claim, actor, opened } = loaded;
  if (claim.status !== 'needs_material' || !claim.materialRequest)
    throw new AppError('CLAIM.NOT_NEEDING_MATERIAL');
  const [{ program, benefit }, files] = await Promise.all([
    programAndBenefit(ctx, claim),
    filesOf(ctx, claim._id),
  ]);
  const missing = missingOf(program, benefit, claim, opened.facts, files);
  if (missing.length)
    throw new AppError(
      'CLAIM.REQUESTED_MATERIAL_MISSING',
      `请先补充：${missing.map((m) => m.label).join('；')}`,
    );
  claimLifecycle.assert(claim.status, 'submitted');
  const { materialRequest: request, ...rest } = claim;
  const next: ClaimDoc = {
    ...rest,
    status: 'submitted',
    queue: request.from,
    version: claim.version + 1,
    updatedAt: ctx.now,
    timeline: [
      ...claim.timeline,
      claimEvent(ctx, actor, 'resubmitted', `补充材料 ${request.items.length} 项后重新提交`, 'submitted'),
    ],
  };
  await commitClaimChange(ctx, claim, next, '已补充材料，请等待审核');
  return claimView(ctx, { ...loaded, claim: next }, program, files);
}
