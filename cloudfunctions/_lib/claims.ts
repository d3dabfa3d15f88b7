import type { ClaimView } from '@shared/api/claim';
import type { CalcLine, CalcWarning } from '@shared/benefits';
import { findBenefit } from '@shared/benefits';
import {
  checkFacts,
  claimFactsInputSchema,
  crossBenefitPrompts,
  expectedPayment,
  itemLabel,
  materialsChecklist,
  missingMaterials,
  normaliseDocumentNo,
  type ClaimFactsDraft,
  type EarlierClaim,
  type StoredClaim,
} from '@shared/claims';
import { claimableBenefits } from '@shared/claims/benefits';
import { chinaToday, toChinaDate } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { CLAIM_ACCEPTS_MATERIAL, CLAIM_EDITABLE, claimLifecycle, type ClaimStatus } from '@shared/lifecycle';
import type { Benefit, Program } from '@shared/program/schema';
import { grantOver, requireRegistered } from './access';
import { newId } from './audit';
import type {
  AuthorisationDoc,
  ClaimActor,
  ClaimDoc,
  ClaimEvent,
  ClaimFileDoc,
  ClaimRecords,
} from './claim-model';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, insertOnce, replacementOf, updateWhere, type Tx } from './db';
import type { UserDoc } from './model';
import { decrypt, encrypt, lookupHash } from './pii';
import { loadProgram } from './programs';
import type { AuditDoc, OutboxDoc } from './records';

/** What `ClaimDoc.sealed` opens to. */
export interface SealedClaim {
  facts: ClaimFactsDraft;
  estimate?: {
    lines: CalcLine[];
    warnings: CalcWarning[];
    earlierClaims: EarlierClaim[];
    pendingClaims: number;
    excluded?: string;
    subject: string;
  };
}

export const sealClaim = (s: SealedClaim): string => encrypt(JSON.stringify(s));

export function openClaim(doc: Pick<ClaimDoc, 'sealed'>): SealedClaim {
  const raw = JSON.parse(decrypt(doc.sealed)) as SealedClaim;
  // Re-parsed so defaults (an empty stays list) hold for older documents too.
  return { ...raw, facts: claimFactsInputSchema.parse(raw.facts) };
}

/** Keyed: an incident id in a stored estimate says nothing about the decision number. */
export const incidentKeyOf = (decisionNo: string): string => lookupHash('incident', decisionNo).slice(0, 24);

export function invoiceKeysOf(facts: ClaimFactsDraft): string[] {
  if (!('stays' in facts)) return [];
  const keys = facts.stays.flatMap((s) =>
    s.invoiceNo ? [lookupHash('invoice', normaliseDocumentNo(s.invoiceNo))] : [],
  );
  return Array.from(new Set(keys));
}

export const newClaimId = () => newId('cl');

export function claimEvent(
  ctx: HandlerContext,
  actor: ClaimActor,
  action: string,
  text: string,
  status?: ClaimStatus,
): ClaimEvent {
  return status ? { at: ctx.now, actor, action, text, status } : { at: ctx.now, actor, action, text };
}

const notFound = () => new AppError('CLAIM.NOT_FOUND', undefined, 'payload.claimId');

/**
 * Who the caller is on the worker's enrolment: the worker, a family member holding an active
 * authorisation, or a unit officer over the enrolment's unit when the worker authorised the unit.
 * Anyone else is told the claim does not exist. Read on every call, so a revocation applies at once.
 * Round trips: none for the worker; one (active authorisations of the enrolment) otherwise, plus the
 * unit for an officer.
 */
export async function actorFor(
  ctx: HandlerContext,
  user: UserDoc,
  e: { enrollmentId: string; workerId: string; unitId: string },
): Promise<ClaimActor> {
  const name = user.nameMasked ?? '';
  if (e.workerId === user._id) return { userId: user._id, role: 'worker', name };
  const auths = await findMany<AuthorisationDoc>(
    coll(ctx.db, 'authorisations').where({ enrollmentId: e.enrollmentId, status: 'active' }).limit(20),
  );
  const family = auths.find((a) => a.kind === 'family' && a.granteeId === user._id);
  if (family) return { userId: user._id, role: 'family', name, authorisationId: family._id };
  const unit = auths.find((a) => a.kind === 'unit_officer');
  if (unit && (user.grants ?? []).some((g) => g.role === 'unit_officer')) {
    const org = await getById(ctx.db, 'orgs', e.unitId);
    if (org && grantOver(user, 'unit_officer', org))
      return { userId: user._id, role: 'unit_officer', name, authorisationId: unit._id };
  }
  throw notFound();
}

export interface LoadedClaim {
  user: UserDoc;
  claim: ClaimDoc;
  actor: ClaimActor;
  opened: SealedClaim;
}

/** The caller and the claim (in parallel), then who the caller is on it. */
export async function loadClaimAs(ctx: HandlerContext, claimId: string): Promise<LoadedClaim> {
  const [user, claim] = await Promise.all([requireRegistered(ctx), getById(ctx.db, 'claims', claimId)]);
  if (!claim) throw notFound();
  const actor = await actorFor(ctx, user, claim);
  return { user, claim, actor, opened: openClaim(claim) };
}

export function requireWorker(actor: ClaimActor): void {
  if (actor.role !== 'worker') throw new AppError('CLAIM.FORBIDDEN');
}

export function requireEditable(claim: ClaimDoc): void {
  if (!CLAIM_EDITABLE.includes(claim.status)) throw new AppError('CLAIM.NOT_EDITABLE');
}

export function requireAcceptsMaterial(claim: ClaimDoc): void {
  if (!CLAIM_ACCEPTS_MATERIAL.includes(claim.status)) throw new AppError('CLAIM.NOT_EDITABLE');
}

export async function programAndBenefit(
  ctx: HandlerContext,
  claim: Pick<ClaimDoc, 'programId' | 'benefitId'>,
) {
  const { program } = await loadProgram(ctx.db, claim.programId);
  return { program, benefit: findBenefit(program, claim.benefitId) };
}

/** The worker's claims of the same enrolment and benefit. Index: claims (enrollmentId, benefitId). */
export async function siblingClaims(
  ctx: HandlerContext,
  claim: Pick<ClaimDoc, 'enrollmentId' | 'benefitId'>,
): Promise<StoredClaim[]> {
  const docs = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims').where({ enrollmentId: claim.enrollmentId, benefitId: claim.benefitId }).limit(100),
  );
  return docs.map((d) => ({
    id: d._id,
    status: d.status,
    benefitId: d.benefitId,
    facts: openClaim(d).facts,
    decision: d.decision ? { amountFen: d.decision.amountFen } : undefined,
  }));
}

/** Index: claimFiles (claimId). */
export const filesOf = (ctx: HandlerContext, claimId: string) =>
  findMany<ClaimFileDoc>(coll(ctx.db, 'claimFiles').where({ claimId }).limit(100));

/** A transaction writes the whole claim back (no partial merges of nested objects). */
export async function txReplaceClaim(tx: Tx, doc: ClaimDoc): Promise<void> {
  const { _id, ...data } = doc;
  await tx.collection('claims').doc(_id).set({ data });
}

/** The worker is told of a status change through the outbox (kind claim_status). */
export function statusMessage(claim: ClaimDoc, note: string): OutboxDoc {
  return {
    _id: `claim_status_${claim._id}_${claim.version}`,
    kind: 'claim_status',
    userId: claim.workerId,
    claimId: claim._id,
    data: { benefitName: claim.benefitName, status: claimLifecycle.labels[claim.status], note },
    status: 'pending',
    createdAt: claim.updatedAt,
  };
}

export const subscribeTemplateIds = (): string[] => {
  const t = process.env.SUBSCRIBE_TEMPLATE_CLAIM;
  return t ? [t] : [];
};

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined);
const actorView = (a: ClaimActor, you: string) => ({ role: a.role, name: a.name, isYou: a.userId === you });

export function fileView(f: ClaimFileDoc, you: string) {
  return {
    id: f._id,
    materialId: f.materialId,
    stayIndex: f.stayIndex,
    mime: f.mime,
    bytes: f.bytes,
    uploadedAt: iso(f.uploadedAt)!,
    uploadedBy: actorView(f.uploadedBy, you),
    duplicate: f.duplicateAtUpload,
  };
}

export function summaryView(c: ClaimDoc, you: string) {
  return {
    id: c._id,
    enrollmentId: c.enrollmentId,
    programName: c.programName,
    benefitId: c.benefitId,
    benefitName: c.benefitName,
    coverage: c.coverage,
    year: c.year,
    status: c.status,
    statusLabel: claimLifecycle.labels[c.status],
    workerName: c.workerName,
    filedBy: actorView(c.filedBy, you),
    estimateFen: c.estimate?.amountFen,
    decidedFen: c.decision?.amountFen,
    createdAt: iso(c.createdAt)!,
    submittedAt: iso(c.submittedAt),
    updatedAt: iso(c.updatedAt)!,
  };
}

/** A file uploaded since the open material request (it answers it, and may still be removed). */
export function addedForRequest(claim: ClaimDoc, f: ClaimFileDoc): boolean {
  const since = claim.materialRequest?.requestedAt;
  return since !== undefined && new Date(f.uploadedAt).getTime() >= new Date(since).getTime();
}

/** What is still missing: the reviewer's list while material is requested, else the checklist's gaps. */
export function missingOf(
  program: Program,
  benefit: Benefit,
  claim: ClaimDoc,
  facts: ClaimFactsDraft,
  files: readonly ClaimFileDoc[],
) {
  if (claim.status === 'needs_material' && claim.materialRequest) {
    return claim.materialRequest.items.filter(
      (i) =>
        !files.some(
          (f) => addedForRequest(claim, f) && f.materialId === i.materialId && f.stayIndex === i.stayIndex,
        ),
    );
  }
  if (claim.status !== 'draft') return [];
  return missingMaterials(materialsChecklist(program, benefit, facts), files, facts);
}

function paymentOf(benefit: Benefit, c: ClaimDoc) {
  if (c.expectedPayment) return c.expectedPayment;
  if (!c.decision || !['approved', 'in_payout'].includes(c.status)) return undefined;
  return expectedPayment(benefit, toChinaDate(c.decision.decidedAt)) ?? undefined;
}

/** The full view for the worker or someone acting for them. */
export function claimView(
  ctx: HandlerContext,
  loaded: { claim: ClaimDoc; actor: ClaimActor; opened: SealedClaim },
  program: Program,
  files: readonly ClaimFileDoc[],
): ClaimView {
  const { claim: c, actor, opened } = loaded;
  const you = actor.userId;
  const benefit = findBenefit(program, c.benefitId);
  const facts = opened.facts;
  const checklist = materialsChecklist(program, benefit, facts).map((item) => ({
    ...item,
    label: itemLabel(item, facts),
    files: files
      .filter((f) => f.materialId === item.materialId && f.stayIndex === item.stayIndex)
      .map((f) => fileView(f, you)),
  }));
  const e =
    c.estimate && opened.estimate ? { ...c.estimate, ...opened.estimate, at: iso(c.estimate.at) } : undefined;
  return {
    programBenefits: claimableBenefits(program),
    ...summaryView(c, you),
    facts,
    actingAs: actor.role as ClaimView['actingAs'],
    canEdit: CLAIM_EDITABLE.includes(c.status),
    canWithdraw: actor.role === 'worker' && claimLifecycle.can(c.status, 'withdrawn'),
    checklist,
    missing: missingOf(program, benefit, c, facts, files),
    issues:
      c.status === 'draft'
        ? checkFacts(program, benefit, facts, {
            coverage: c.coverage,
            today: chinaToday(ctx.now),
            complete: true,
          })
        : [],
    prompts: crossBenefitPrompts(program, c.benefitId, facts).map(({ carry: _carry, ...p }) => p),
    estimate: e,
    duplicates: (c.duplicates ?? []).map((d) => ({
      kind: d.kind,
      fileId: d.fileId,
      stayIndex: d.stayIndex,
      ownClaim: d.ownClaim,
      text: duplicateText(d),
    })),
    materialRequest: c.materialRequest
      ? {
          note: c.materialRequest.note,
          requestedAt: iso(c.materialRequest.requestedAt)!,
          items: c.materialRequest.items,
        }
      : undefined,
    queue: c.queue,
    reviewBatch: c.reviewBatch
      ? { key: c.reviewBatch.key, closesOn: c.reviewBatch.closesOn, label: c.reviewBatch.label }
      : undefined,
    decision: c.decision
      ? { amountFen: c.decision.amountFen, decidedAt: iso(c.decision.decidedAt)!, reason: c.decision.reason }
      : undefined,
    expectedPayment: paymentOf(benefit, c),
    paidAt: iso(c.paidAt),
    timeline: c.timeline.map((t) => ({
      at: iso(t.at)!,
      actor: actorView(t.actor, you),
      action: t.action,
      text: t.text,
      status: t.status,
    })),
    relatedFrom: c.relatedFrom,
  };
}

export function duplicateText(d: {
  kind: 'image' | 'invoice';
  stayIndex?: number;
  ownClaim: boolean;
}): string {
  const where = d.ownClaim ? '您的另一件申请' : '其他申请';
  return d.kind === 'image'
    ? `该图片已在${where}中使用过，审核人员会核对`
    : `第${(d.stayIndex ?? 0) + 1}次住院的结算票据号码已在${where}中使用过，审核人员会核对`;
}

/**
 * A claim change in ONE conditional write, atomic on one document with no transaction: the claim
 * must still be the version the handler decided on, and the records the change causes (the
 * worker's message, the audit entry) ride on it in `records` in the same write. They are then
 * written to their own collections on their own ids, together; one already there is left as it
 * is (a message the timer has sent is never queued again). A crash or a refused write between
 * the two leaves them on the claim, where the next change carries them and the timer writes them
 * (flushClaimRecords), so none is lost and none is written twice.
 * Round trips: 2 (claim, then the records in parallel). A lost race costs 1 more: the claim is
 * re-read so `lost` can name why (a reviewer holding it), else CLAIM.BUSY.
 */
export async function commitClaim(
  ctx: HandlerContext,
  seen: ClaimDoc,
  next: ClaimDoc,
  add: { outbox?: OutboxDoc[]; audit?: AuditDoc[] },
  lost?: (now: ClaimDoc) => void,
): Promise<void> {
  const records: ClaimRecords = {
    outbox: [...(seen.records?.outbox ?? []), ...(add.outbox ?? [])],
    audit: [...(seen.records?.audit ?? []), ...(add.audit ?? [])],
  };
  const carried = records.outbox.length + records.audit.length > 0;
  const { records: _r, recordsSince: _s, ...rest } = next;
  const stored = carried ? { ...rest, records, recordsSince: seen.recordsSince ?? ctx.now } : rest;
  const won = await updateWhere(
    coll(ctx.db, 'claims').where({ _id: seen._id, version: seen.version }),
    replacementOf(ctx.db, stored, Object.keys(seen)),
  );
  if (won !== 1) {
    const now = await getById(ctx.db, 'claims', seen._id);
    if (now) lost?.(now);
    throw new AppError('CLAIM.BUSY');
  }
  if (!carried) return;
  try {
    await writeClaimRecords(ctx, records);
  } catch (err) {
    // The change is committed and its records are on the claim: the timer writes them.
    console.warn(`claim ${seen._id}: records left for the timer (${(err as Error)?.message ?? err})`);
  }
}

/**
 * A claim's carried records into `outbox` and `auditLog`, in parallel (1 round trip); each on its
 * own id, so one already written (or sent) stays as it is.
 */
export async function writeClaimRecords(ctx: HandlerContext, records: ClaimRecords): Promise<void> {
  await Promise.all([
    ...records.outbox.map((m) => insertOnce(ctx.db, 'outbox', m)),
    ...records.audit.map((a) => insertOnce(ctx.db, 'auditLog', a)),
  ]);
}

/** The worker's message for a status change, with the change (see commitClaim). Round trips: 2. */
export function commitClaimChange(ctx: HandlerContext, seen: ClaimDoc, next: ClaimDoc, note: string) {
  return commitClaim(ctx, seen, next, { outbox: [statusMessage(next, note)] });
}
