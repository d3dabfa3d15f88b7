import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import {
  assertFacts,
  crossBenefitPrompts,
  estimateClaim,
  firstQueue,
  materialsChecklist,
  missingMaterials,
  onceOnlyConflict,
  reviewBatch,
  type ClaimEstimate,
} from '@shared/claims';
import { chinaToday } from '@shared/calendar';
import { formatYuan } from '@shared/money';
import { AppError } from '@shared/errors';
import { findDuplicates } from '../_lib/claim-duplicates';
import type { ClaimDoc, ClaimFileDoc } from '../_lib/claim-model';
import {
  claimEvent,
  claimView,
  commitClaimChange,
  duplicateText,
  filesOf,
  incidentKeyOf,
  loadClaimAs,
  programAndBenefit,
  sealClaim,
  siblingClaims,
  subscribeTemplateIds,
  type LoadedClaim,
} from '../_lib/claims';
import type { HandlerContext } from '../_lib/context';
import { together } from '../_lib/db';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

/** The claim (with the caller, see loadClaimAs) and its files, which the input names: one round trip. */
async function loadWithFiles(ctx: HandlerContext, claimId: string) {
  const [loaded, files] = await together([loadClaimAs(ctx, claimId), filesOf(ctx, claimId)]);
  return { loaded, files };
}

/**
 * What the claim names, in one parallel round trip: the program, the worker's other claims of
 * the benefit, and the duplicate look-ups (this claim's file hashes, its invoice numbers).
 */
async function gather(ctx: HandlerContext, loaded: LoadedClaim, files: ClaimFileDoc[]) {
  const facts = loaded.opened.facts;
  const [{ program, benefit }, siblings, duplicates] = await Promise.all([
    programAndBenefit(ctx, loaded.claim),
    siblingClaims(ctx, loaded.claim),
    findDuplicates(ctx, loaded.claim, facts, files),
  ]);
  assertFacts(program, benefit, facts, {
    coverage: loaded.claim.coverage,
    today: chinaToday(ctx.now),
    complete: true,
  });
  const est = estimateClaim(
    program,
    benefit,
    { id: loaded.claim._id, facts },
    loaded.claim.coverage,
    siblings,
    incidentKeyOf,
  );
  const missing = missingMaterials(materialsChecklist(program, benefit, facts), files, facts);
  return { program, benefit, siblings, files, duplicates, est, missing };
}

const estimateView = (e: ClaimEstimate, at?: Date) => ({
  amountFen: e.amountFen,
  entitlementFen: e.entitlementFen,
  alreadyPaidFen: e.alreadyPaidFen,
  lines: e.lines,
  warnings: e.warnings,
  earlierClaims: e.earlierClaims,
  pendingClaims: e.pendingClaims,
  excluded: e.excluded,
  at: at?.toISOString(),
});

const dupView = (d: Awaited<ReturnType<typeof findDuplicates>>[number]) => ({
  kind: d.kind,
  fileId: d.fileId,
  stayIndex: d.stayIndex,
  ownClaim: d.ownClaim,
  text: duplicateText(d),
});

/**
 * What the calculator proposes now, with the history built here from the worker's stored claims
 * (never sent by the client), duplicates, cross-benefit prompts, what is still missing, and the
 * subscribe template the page asks for before submitting.
 * Round trips: 1 user ∥ claim ∥ files, (authorisations), 2 program ∥ siblings ∥ duplicates.
 */
export async function estimate(input: In<'estimate'>, ctx: HandlerContext) {
  const { loaded, files } = await loadWithFiles(ctx, input.claimId);
  const g = await gather(ctx, loaded, files);
  return {
    estimate: estimateView(g.est),
    duplicates: g.duplicates.map(dupView),
    prompts: crossBenefitPrompts(g.program, loaded.claim.benefitId, loaded.opened.facts).map(
      ({ carry: _c, ...p }) => p,
    ),
    missing: g.missing,
    subscribeTemplateIds: subscribeTemplateIds(),
  };
}

/**
 * File the claim: facts complete and inside the coverage, not an excluded cause, not a second
 * once-only grant, every required material present, duplicates confirmed. The estimate, the
 * duplicates (for the reviewer), the queue and the review batch are stored with it, and the
 * worker's message is queued with it, in one conditional write on the version read (a second
 * tap loses: CLAIM.BUSY).
 * Database round trips (the worker filing): 1 user ∥ claim ∥ files, 2 program ∥ siblings ∥
 * same-content files ∥ same-invoice claims, 3 the claim, 4 the message — 4 sequential.
 * A delegate adds 1 (active authorisations), a unit officer 1 more (the unit).
 */
export async function submit(input: In<'submit'>, ctx: HandlerContext) {
  const { loaded, files } = await loadWithFiles(ctx, input.claimId);
  const { claim, actor, opened } = loaded;
  if (claim.status !== 'draft') throw new AppError('CLAIM.NOT_EDITABLE');
  const g = await gather(ctx, loaded, files);
  const conflict = onceOnlyConflict(g.benefit, { id: claim._id, facts: opened.facts }, g.siblings);
  if (conflict) throw new AppError(conflict.code, conflict.message);
  if (g.est.excluded) throw new AppError('CLAIM.EXCLUDED_CAUSE', `${g.est.excluded}，不能申请`);
  if (g.missing.length)
    throw new AppError('CLAIM.MATERIALS_MISSING', `请上传：${g.missing.map((m) => m.label).join('；')}`);
  const duplicates = g.duplicates;
  if (duplicates.length && input.confirmDuplicates !== true)
    throw new AppError(
      'CLAIM.DUPLICATES_UNCONFIRMED',
      `${duplicates.map(duplicateText).join('；')}。确认无误请勾选“确认提交”后再提交`,
      'payload.confirmDuplicates',
    );
  const next = submitted(ctx, loaded, g);
  await commitClaimChange(ctx, claim, next, '申请已提交，请等待审核');
  return {
    claim: claimView(
      ctx,
      { claim: next, actor, opened: { facts: opened.facts, estimate: { ...g.est } } },
      g.program,
      g.files,
    ),
    subscribeTemplateIds: subscribeTemplateIds(),
  };
}

/** The filed claim: the estimate, the duplicates, the queue and the review batch stored with it. */
function submitted(
  ctx: HandlerContext,
  loaded: LoadedClaim,
  g: Awaited<ReturnType<typeof gather>>,
): ClaimDoc {
  const { claim, actor, opened } = loaded;
  const queue = firstQueue(g.benefit);
  return {
    ...claim,
    status: 'submitted',
    queue,
    reviewBatch: reviewBatch(g.benefit, chinaToday(ctx.now)),
    estimate: {
      amountFen: g.est.amountFen,
      entitlementFen: g.est.entitlementFen,
      alreadyPaidFen: g.est.alreadyPaidFen,
      blocking: g.est.warnings.some((w) => w.blocking),
      at: ctx.now,
    },
    sealed: sealClaim({
      facts: opened.facts,
      estimate: {
        lines: g.est.lines,
        warnings: g.est.warnings,
        earlierClaims: g.est.earlierClaims,
        pendingClaims: g.est.pendingClaims,
        excluded: g.est.excluded,
        subject: g.est.subject,
      },
    }),
    duplicates: g.duplicates,
    version: claim.version + 1,
    submittedAt: ctx.now,
    updatedAt: ctx.now,
    timeline: [
      ...claim.timeline,
      claimEvent(
        ctx,
        actor,
        'submitted',
        `提交申请，预估补助 ${formatYuan(g.est.amountFen)}，${queue === 'unit_precheck' ? '等待单位工会初审' : '等待互助保障中心审核'}（${shortLabel(g.benefit.review.label)}）`,
        'submitted',
      ),
    ],
  };
}

const shortLabel = (label: string) => (label.length > 30 ? `${label.slice(0, 30)}…` : label);
