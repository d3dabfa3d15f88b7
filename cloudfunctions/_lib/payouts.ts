import { randomBytes } from 'node:crypto';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { payoutBatchLifecycle, payoutItemLifecycle } from '@shared/lifecycle';
import { dueStatus } from '@shared/review';
import type { ClaimDoc } from './claim-model';
import { statusMessage, txReplaceClaim } from './claims';
import type { HandlerContext } from './context';
import { getById, type Tx } from './db';
import type { UserDoc } from './model';
import { auditFor, type AuditInput } from './review-claims';
import type { PayoutBatchDoc } from './review-model';

/** A batch is written whole in one transaction with its claims: this bounds the transaction. */
export const MAX_BATCH_ITEMS = 50;

export const newBatchId = () => `pb_${randomBytes(12).toString('hex')}`;
export const batchNo = (now: Date) =>
  `FF-${chinaToday(now).replace(/-/g, '')}-${randomBytes(2).toString('hex').toUpperCase()}`;

export async function requireBatch(ctx: HandlerContext, batchId: string): Promise<PayoutBatchDoc> {
  const batch = await getById(ctx.db, 'payoutBatches', batchId);
  if (!batch) throw new AppError('REVIEW.BATCH_NOT_FOUND', undefined, 'payload.batchId');
  return batch;
}

/** A batch's org as the grant check needs it. */
export const batchOrg = (b: Pick<PayoutBatchDoc, 'orgId' | 'scope'>) => ({
  _id: b.orgId,
  ancestors: b.scope.filter((id) => id !== b.orgId),
});

export function batchView(b: PayoutBatchDoc, now: Date) {
  const today = chinaToday(now);
  const items = b.items.map((i) => ({
    claimId: i.claimId,
    workerName: i.workerName,
    benefitName: i.benefitName,
    amountFen: i.amountFen,
    accountMasked: i.accountMasked,
    status: i.status,
    statusLabel: payoutItemLifecycle.labels[i.status],
    failReason: i.failReason,
    payoutDue: i.payoutDue,
    dueStatus: i.payoutDue && i.status === 'pending' ? dueStatus(i.payoutDue, today, 3) : undefined,
  }));
  return {
    id: b._id,
    no: b.no,
    programId: b.programId,
    orgId: b.orgId,
    status: b.status,
    statusLabel: payoutBatchLifecycle.labels[b.status],
    count: b.items.length,
    totalFen: b.totalFen,
    items,
    createdAt: new Date(b.createdAt).toISOString(),
    exportedAt: b.exportedAt ? new Date(b.exportedAt).toISOString() : undefined,
    settledAt: b.settledAt ? new Date(b.settledAt).toISOString() : undefined,
    noticeId: b.noticeId,
    attention: items.filter((i) => i.dueStatus && i.dueStatus !== 'ok').length,
  };
}

/** The claims of a batch read in a transaction (by id, as CloudBase requires). */
export async function txClaims(tx: Tx, ids: readonly string[]): Promise<ClaimDoc[]> {
  const res = await Promise.all(ids.map((id) => tx.collection('claims').doc(id).get()));
  return res.map((r, i) => {
    const doc = r.data as ClaimDoc | null;
    if (!doc) throw new AppError('CLAIM.NOT_FOUND');
    return { ...doc, _id: ids[i]! };
  });
}

/** Write a claim, its audit entry and (optionally) the worker's message in a transaction. */
export function txClaimWrites(
  ctx: HandlerContext,
  tx: Tx,
  next: ClaimDoc,
  audit: AuditInput,
  note?: string,
): Promise<unknown>[] {
  const { _id: aid, ...a } = auditFor(ctx, next, audit);
  const writes: Promise<unknown>[] = [
    txReplaceClaim(tx, next),
    tx.collection('auditLog').doc(aid).set({ data: a }),
  ];
  if (note) {
    const { _id: mid, ...m } = statusMessage(next, note);
    writes.push(tx.collection('outbox').doc(mid).set({ data: m }));
  }
  return writes;
}

export async function txReplaceBatch(tx: Tx, b: PayoutBatchDoc): Promise<void> {
  const { _id, ...data } = b;
  await tx.collection('payoutBatches').doc(_id).set({ data });
}

export const workerAccountMasked = (u: Pick<UserDoc, 'unionCardMasked'> | undefined) =>
  u?.unionCardMasked ?? '（未登记账户）';
