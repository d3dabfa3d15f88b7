import type { z } from 'zod';
import type { claimApi } from '@shared/api/claim';
import { acceptsMaterial, materialsChecklist } from '@shared/claims';
import { AppError } from '@shared/errors';
import { auditEntry, newId } from '../_lib/audit';
import {
  ACCEPTED_TYPES,
  deleteQuietly,
  downloadStaged,
  filesWithHashes,
  MAX_FILE_BYTES,
  MAX_FILES_PER_CLAIM,
  pathOfFileId,
  sha256,
  sniffType,
  stagingPath,
  storePrivately,
  tempUrl,
  FILE_URL_SECONDS,
  TICKET_TTL_MS,
} from '../_lib/claim-files';
import type { ClaimDoc, ClaimFileDoc, UploadTicketDoc } from '../_lib/claim-model';
import {
  addedForRequest,
  claimEvent,
  fileView,
  filesOf,
  loadClaimAs,
  missingOf,
  openClaim,
  programAndBenefit,
  requireAcceptsMaterial,
  txReplaceClaim,
  type LoadedClaim,
} from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { getById, insert, transaction, txGet, updateWhere } from '../_lib/db';

type In<K extends keyof typeof claimApi> = z.output<(typeof claimApi)[K]['input']>;

/**
 * A one-time staging path for one checklist item. The client uploads the bytes there itself
 * (a function call carries at most 100 KB). Round trips: user + claim, (authorisations), program,
 * the ticket insert.
 */
export async function uploadTicket(input: In<'uploadTicket'>, ctx: HandlerContext) {
  const { claim, user, opened } = await loadClaimAs(ctx, input.claimId);
  requireAcceptsMaterial(claim);
  const { program, benefit } = await programAndBenefit(ctx, claim);
  const checklist = materialsChecklist(program, benefit, opened.facts);
  const requested = claim.materialRequest?.items.some(
    (i) => i.materialId === input.materialId && i.stayIndex === input.stayIndex,
  );
  if (
    !acceptsMaterial(checklist, input.materialId, input.stayIndex) &&
    !(claim.status === 'needs_material' && requested)
  )
    throw new AppError('CLAIM.MATERIAL_NOT_NEEDED', undefined, 'payload.materialId');
  if (claim.fileCount >= MAX_FILES_PER_CLAIM) throw new AppError('CLAIM.TOO_MANY_FILES');
  const ticket: UploadTicketDoc = {
    _id: newId('tk'),
    claimId: claim._id,
    materialId: input.materialId,
    userId: user._id,
    path: stagingPath(),
    expiresAt: new Date(ctx.now.getTime() + TICKET_TTL_MS),
    createdAt: ctx.now,
  };
  if (input.stayIndex !== undefined && input.materialId !== 'other') ticket.stayIndex = input.stayIndex;
  await insert(ctx.db, 'uploadTickets', ticket);
  return {
    ticketId: ticket._id,
    cloudPath: ticket.path,
    expiresAt: ticket.expiresAt.toISOString(),
    maxBytes: MAX_FILE_BYTES,
    accept: ACCEPTED_TYPES,
  };
}

/** The ticket must be the caller's, for this claim, unused, unexpired, and name the uploaded path. */
function checkTicket(
  ticket: UploadTicketDoc | null,
  loaded: LoadedClaim,
  fileID: string,
  now: Date,
): UploadTicketDoc {
  const ok =
    ticket !== null &&
    ticket.userId === loaded.user._id &&
    ticket.claimId === loaded.claim._id &&
    !ticket.usedAt &&
    new Date(ticket.expiresAt).getTime() > now.getTime() &&
    pathOfFileId(fileID) === ticket.path;
  if (!ok) throw new AppError('CLAIM.TICKET_INVALID', undefined, 'payload.ticketId');
  return ticket;
}

/** Content checks of a staged file; the staging file is deleted when refused. */
async function checkedContent(fileID: string): Promise<{ bytes: Buffer; mime: string }> {
  const bytes = await downloadStaged(fileID);
  const mime = sniffType(bytes);
  let refusal: AppError | null = null;
  if (bytes.length > MAX_FILE_BYTES)
    refusal = new AppError('CLAIM.PAYLOAD_TOO_LARGE', undefined, 'payload.fileID');
  else if (!mime) refusal = new AppError('CLAIM.BAD_FILE_TYPE', undefined, 'payload.fileID');
  if (refusal) {
    await deleteQuietly([fileID]);
    throw refusal;
  }
  return { bytes, mime: mime! };
}

/**
 * After the client's upload: check the ticket, the content (type by magic bytes, size), the
 * per-claim count; hash it, file it privately under a random name, delete the staging copy, and
 * record the material in one transaction with the claim's file count (the count is re-checked
 * there). A failure at any step leaves the claim as it was.
 * Round trips: user + claim + ticket, (authorisations), using the ticket, same-content files,
 * the transaction (claim get, file set, claim set, commit), files of the claim, program.
 */
export async function attachFile(input: In<'attachFile'>, ctx: HandlerContext) {
  const [loaded, ticketDoc] = await Promise.all([
    loadClaimAs(ctx, input.claimId),
    getById(ctx.db, 'uploadTickets', input.ticketId),
  ]);
  const ticket = checkTicket(ticketDoc, loaded, input.fileID, ctx.now);
  requireAcceptsMaterial(loaded.claim);
  const _ = ctx.db.command;
  const used = await updateWhere(
    coll(ctx.db, 'uploadTickets').where({ _id: ticket._id, usedAt: _.exists(false) }),
    {
      usedAt: ctx.now,
    },
  );
  if (!used) throw new AppError('CLAIM.TICKET_INVALID', undefined, 'payload.ticketId');
  const { bytes, mime } = await checkedContent(input.fileID);
  const hash = sha256(bytes);
  const same = await filesWithHashes(ctx, [hash]);
  if (same.some((f) => f.claimId === loaded.claim._id)) {
    await deleteQuietly([input.fileID]);
    throw new AppError('CLAIM.FILE_ALREADY_ATTACHED');
  }
  const fileId = await storePrivately(bytes, mime);
  const doc: ClaimFileDoc = {
    _id: newId('cf'),
    claimId: loaded.claim._id,
    materialId: ticket.materialId,
    fileId,
    sha256: hash,
    bytes: bytes.length,
    mime,
    uploadedBy: loaded.actor,
    uploadedAt: ctx.now,
    duplicateAtUpload: same.length > 0,
    afterSubmission: loaded.claim.status !== 'draft',
    workerId: loaded.claim.workerId,
  };
  if (ticket.stayIndex !== undefined) doc.stayIndex = ticket.stayIndex;
  try {
    await transaction(ctx.db, async (tx) => {
      const claim = await txGet(tx, 'claims', loaded.claim._id);
      if (!claim) throw new AppError('CLAIM.NOT_FOUND');
      requireAcceptsMaterial(claim);
      if (claim.fileCount >= MAX_FILES_PER_CLAIM) throw new AppError('CLAIM.TOO_MANY_FILES');
      const { _id, ...data } = doc;
      await tx.collection('claimFiles').doc(_id).set({ data });
      await txReplaceClaim(tx, {
        ...claim,
        _id: loaded.claim._id,
        fileCount: claim.fileCount + 1,
        version: claim.version + 1,
        timeline: [...claim.timeline, claimEvent(ctx, loaded.actor, 'file_added', '上传材料')],
        updatedAt: ctx.now,
      });
    });
  } catch (err) {
    await deleteQuietly([fileId, input.fileID]);
    throw err;
  }
  await deleteQuietly([input.fileID]);
  return { file: fileView(doc, loaded.user._id), missing: await missingNow(ctx, loaded.claim._id) };
}

async function missingNow(ctx: HandlerContext, claimId: string) {
  const [claim, files] = await Promise.all([getById(ctx.db, 'claims', claimId), filesOf(ctx, claimId)]);
  if (!claim) return [];
  const { program, benefit } = await programAndBenefit(ctx, claim);
  return missingOf(program, benefit, claim, openClaim(claim).facts, files);
}

/** A file may go while the claim is a draft, or (files added for a material request) until resubmitted. */
function removable(claim: ClaimDoc, file: ClaimFileDoc): boolean {
  if (claim.status === 'draft') return true;
  return claim.status === 'needs_material' && addedForRequest(claim, file);
}

/** Round trips: user + claim + file, (authorisations), the transaction, its storage delete, missing. */
export async function removeFile(input: In<'removeFile'>, ctx: HandlerContext) {
  const [loaded, file] = await Promise.all([
    loadClaimAs(ctx, input.claimId),
    getById(ctx.db, 'claimFiles', input.fileId),
  ]);
  if (!file || file.claimId !== loaded.claim._id)
    throw new AppError('CLAIM.FILE_NOT_FOUND', undefined, 'payload.fileId');
  requireAcceptsMaterial(loaded.claim);
  if (!removable(loaded.claim, file)) throw new AppError('CLAIM.FILE_LOCKED');
  await transaction(ctx.db, async (tx) => {
    const [claim, current] = [
      await txGet(tx, 'claims', loaded.claim._id),
      await txGet(tx, 'claimFiles', file._id),
    ];
    if (!claim || !current) throw new AppError('CLAIM.FILE_NOT_FOUND', undefined, 'payload.fileId');
    if (!removable(claim, current)) throw new AppError('CLAIM.FILE_LOCKED');
    await tx.collection('claimFiles').doc(file._id).remove();
    await txReplaceClaim(tx, {
      ...claim,
      _id: loaded.claim._id,
      fileCount: Math.max(0, claim.fileCount - 1),
      version: claim.version + 1,
      timeline: [...claim.timeline, claimEvent(ctx, loaded.actor, 'file_removed', '删除材料')],
      updatedAt: ctx.now,
    });
  });
  await deleteQuietly([file.fileId]);
  return { removed: true as const, missing: await missingNow(ctx, loaded.claim._id) };
}

/**
 * A short-lived URL for one file, after the permission check; every view is audited (written
 * before the URL is handed out). Round trips: user + claim + file, (authorisations), audit, URL.
 */
export async function fileUrl(input: In<'fileUrl'>, ctx: HandlerContext) {
  const [loaded, file] = await Promise.all([
    loadClaimAs(ctx, input.claimId),
    getById(ctx.db, 'claimFiles', input.fileId),
  ]);
  if (!file || file.claimId !== loaded.claim._id)
    throw new AppError('CLAIM.FILE_NOT_FOUND', undefined, 'payload.fileId');
  const { _id, ...entry } = auditEntry(ctx, {
    actorId: loaded.user._id,
    action: 'claim.file.view',
    subject: { kind: 'claimFile', id: file._id },
    orgId: loaded.claim.unitId,
    detail: { claimId: loaded.claim._id, as: loaded.actor.role },
  });
  await insert(ctx.db, 'auditLog', { _id, ...entry });
  const url = await tempUrl(file.fileId);
  return { url, expiresAt: new Date(ctx.now.getTime() + FILE_URL_SECONDS * 1000).toISOString() };
}
