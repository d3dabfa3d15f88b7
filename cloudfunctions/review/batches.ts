import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { grantFor } from '@shared/officer/roles';
import { formatYuan, toYuanString } from '@shared/money';
import type { ClaimDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, findPage, transaction } from '../_lib/db';
import type { UserDoc } from '../_lib/model';
import {
  batchNo,
  batchOrg,
  batchView,
  MAX_BATCH_ITEMS,
  newBatchId,
  requireBatch,
  txClaims,
  txClaimWrites,
  txReplaceBatch,
  workerAccountMasked,
} from '../_lib/payouts';
import { decrypt } from '../_lib/pii';
import { loadProgram } from '../_lib/programs';
import { requireOfficer, requireRolesOverOrg, ROLES, scopeOfOrg, stampScopes } from '../_lib/review-access';
import { auditFor, officerActor, stepped, without } from '../_lib/review-claims';
import type { PayoutBatchDoc, PayoutItem } from '../_lib/review-model';
import { exportWorkbook } from '../_lib/xlsx-write';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

const usersById = async (ctx: HandlerContext, ids: string[]) => {
  const _ = ctx.db.command;
  const users = ids.length
    ? await findMany<UserDoc>(
        coll(ctx.db, 'users')
          .where({ _id: _.in(ids) })
          .limit(100),
      )
    : [];
  return new Map(users.map((u) => [u._id, u]));
};

/** The caller holds one of `roles` over the batch's org. */
async function requireOnBatch(
  ctx: HandlerContext,
  batchId: string,
  roles: readonly Parameters<typeof grantFor>[1][number][],
) {
  const [user, batch] = await Promise.all([requireOfficer(ctx), requireBatch(ctx, batchId)]);
  const grant = grantFor(user.grants ?? [], roles, batchOrg(batch));
  if (!grant) throw new AppError('REVIEW.OUTSIDE_SUBTREE');
  return { user, batch };
}

/**
 * Approved claims of the subtree (not held by an objection), the most urgent payout deadline
 * first, into a new batch of at most 50; each claim approved → in_payout in the same transaction.
 * Round trips: 1 caller ∥ org ∥ program ∥ unstamped claims, 2 approved claims, 3 their workers,
 * then the transaction (reads, writes, commit).
 */
export async function batchCreate(input: In<'batchCreate'>, ctx: HandlerContext) {
  const _ = ctx.db.command;
  const [{ user, org }, { program }] = await Promise.all([
    requireRolesOverOrg(ctx, ROLES.finance, input.orgId),
    loadProgram(ctx.db, input.programId),
    stampScopes(ctx),
  ]);
  const approved = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims')
      .where({ scope: org._id, programId: program.id, status: 'approved', hold: _.exists(false) })
      .orderBy('payoutDue', 'asc')
      .limit(MAX_BATCH_ITEMS),
  );
  if (approved.length === 0) throw new AppError('REVIEW.BATCH_EMPTY');
  const workers = await usersById(ctx, [...new Set(approved.map((c) => c.workerId))]);
  const id = newBatchId();
  const actor = officerActor(user);
  const batch: PayoutBatchDoc = {
    _id: id,
    no: batchNo(ctx.now),
    programId: program.id,
    programName: program.name,
    orgId: org._id,
    scope: scopeOfOrg(org),
    status: 'open',
    items: approved.map((c): PayoutItem => ({
      claimId: c._id,
      workerId: c.workerId,
      workerName: c.workerName,
      unitId: c.unitId,
      benefitName: c.benefitName,
      amountFen: c.decision!.amountFen,
      accountMasked: workerAccountMasked(workers.get(c.workerId)),
      status: 'pending',
      ...(c.payoutDue ? { payoutDue: c.payoutDue } : {}),
    })),
    totalFen: approved.reduce((t, c) => t + c.decision!.amountFen, 0),
    version: 1,
    createdBy: user._id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  await transaction(ctx.db, async (tx) => {
    const fresh = await txClaims(
      tx,
      approved.map((c) => c._id),
    );
    fresh.forEach((c, i) => {
      if (c.status !== 'approved' || c.hold || c.version !== approved[i]!.version)
        throw new AppError('CLAIM.BUSY');
    });
    const writes = fresh.flatMap((c) =>
      txClaimWrites(
        ctx,
        tx,
        stepped(
          ctx,
          c,
          actor,
          { status: 'in_payout', payoutBatchId: id },
          { action: 'in_payout', text: `纳入发放批次 ${batch.no}`, status: 'in_payout' },
        ),
        {
          actorId: user._id,
          action: 'review.batch.add',
          subject: { kind: 'claim', id: c._id },
          detail: { batchId: id },
        },
        '已纳入发放批次，正在办理转账',
      ),
    );
    await Promise.all([...writes, txReplaceBatch(tx, batch)]);
  });
  return batchView(batch, ctx.now);
}

export async function batchGet(input: In<'batchGet'>, ctx: HandlerContext) {
  const { batch } = await requireOnBatch(ctx, input.batchId, [...ROLES.finance, ...ROLES.centre]);
  return batchView(batch, ctx.now);
}

/** Index: payoutBatches (scope, createdAt). */
export async function batchList(input: In<'batchList'>, ctx: HandlerContext) {
  const { org } = await requireRolesOverOrg(ctx, [...ROLES.finance, ...ROLES.centre], input.orgId);
  const { docs, ...page } = await findPage<PayoutBatchDoc>(
    coll(ctx.db, 'payoutBatches').where({ scope: org._id }),
    { field: 'createdAt', direction: 'desc' },
    input,
  );
  return { ...page, items: docs.map((b) => without(batchView(b, ctx.now), 'items')) };
}

/** An open batch is cancelled: its claims return to approved (for the next batch). */
export async function batchCancel(input: In<'batchCancel'>, ctx: HandlerContext) {
  const { user, batch } = await requireOnBatch(ctx, input.batchId, ROLES.finance);
  if (batch.status !== 'open') throw new AppError('REVIEW.BATCH_LOCKED');
  const actor = officerActor(user);
  let next = batch;
  await transaction(ctx.db, async (tx) => {
    const now = (await tx.collection('payoutBatches').doc(batch._id).get()).data as PayoutBatchDoc;
    if (now.status !== 'open' || now.version !== batch.version) throw new AppError('REVIEW.BATCH_LOCKED');
    const claims = await txClaims(
      tx,
      batch.items.map((i) => i.claimId),
    );
    next = { ...batch, status: 'cancelled', version: batch.version + 1, updatedAt: ctx.now };
    const writes = claims.flatMap((c) =>
      txClaimWrites(
        ctx,
        tx,
        stepped(
          ctx,
          without(c, 'payoutBatchId'),
          actor,
          { status: 'approved' },
          {
            action: 'batch_cancelled',
            text: `发放批次 ${batch.no} 已取消，待纳入下一批次`,
            status: 'approved',
          },
        ),
        {
          actorId: user._id,
          action: 'review.batch.cancel',
          subject: { kind: 'claim', id: c._id },
          detail: { batchId: batch._id },
        },
      ),
    );
    await Promise.all([...writes, txReplaceBatch(tx, next)]);
  });
  return batchView(next, ctx.now);
}

/**
 * The transfer list for the bank (.xlsx): name, masked ID, account, amount, claim number. The
 * full account number is in the file only for the finance role (read sealed, never stored in
 * the batch); anyone else gets the masked account. Every download is audited (with which kind);
 * the first one freezes the batch (open → exported).
 * Round trips: 1 caller ∥ batch, 2 workers, 3 audit (∥ the batch's state change), then the file.
 */
export async function batchFile(input: In<'batchFile'>, ctx: HandlerContext) {
  const { user, batch } = await requireOnBatch(ctx, input.batchId, ROLES.finance);
  if (batch.status === 'cancelled') throw new AppError('REVIEW.BATCH_LOCKED');
  const full = !!grantFor(user.grants ?? [], ROLES.fullAccount, batchOrg(batch));
  const workers = await usersById(ctx, [...new Set(batch.items.map((i) => i.workerId))]);
  const rows = batch.items.map((i, n) => {
    const u = workers.get(i.workerId);
    const account = full && u?.unionCardCipher ? decrypt(u.unionCardCipher) : i.accountMasked;
    return [
      n + 1,
      full ? (u?.name ?? i.workerName) : i.workerName,
      u?.idMasked ?? '',
      account,
      toYuanString(i.amountFen),
      i.claimId,
      i.benefitName,
      i.payoutDue ?? '',
    ];
  });
  const { _id, ...audit } = auditFor(
    ctx,
    { _id: batch._id, unitId: batch.orgId, scope: batch.scope },
    {
      actorId: user._id,
      action: full ? 'review.batch.file.full_accounts' : 'review.batch.file',
      subject: { kind: 'payoutBatch', id: batch._id },
      detail: { items: batch.items.length, fullAccounts: full },
    },
  );
  await transaction(ctx.db, async (tx) => {
    const now = (await tx.collection('payoutBatches').doc(batch._id).get()).data as PayoutBatchDoc;
    const writes: Promise<unknown>[] = [
      tx
        .collection('auditLog')
        .doc(_id)
        .set({ data: { ...audit, claimId: undefined } }),
    ];
    if (now.status === 'open')
      writes.push(
        txReplaceBatch(tx, {
          ...now,
          _id: batch._id,
          status: 'exported',
          exportedAt: ctx.now,
          version: now.version + 1,
          updatedAt: ctx.now,
        }),
      );
    await Promise.all(writes);
  });
  const out = await exportWorkbook(
    [
      {
        name: '转账清单',
        titles: [
          `${batch.programName} 补助发放转账清单 ${batch.no}`,
          `共 ${batch.items.length} 笔，合计 ${formatYuan(batch.totalFen)}（${chinaToday(ctx.now)} 导出）`,
        ],
        columns: [
          { header: '序号', width: 6 },
          { header: '姓名', width: 10 },
          { header: '身份证号（脱敏）', width: 22 },
          { header: full ? '工会卡（银行）账号' : '工会卡（银行）账号（脱敏）', width: 24 },
          { header: '金额（元）', width: 12 },
          { header: '申请编号', width: 30 },
          { header: '补助项目', width: 20 },
          { header: '发放期限', width: 12 },
        ],
        rows,
      },
    ],
    `${batch.no}${full ? '' : '-脱敏'}.xlsx`,
    ctx.now,
  );
  return { fileName: out.fileName, url: out.url, expiresAt: out.expiresAt, fullAccounts: full };
}

/**
 * The bank's result, recorded once: every pending item is paid except those listed as failed (the
 * claim returns to approved with the reason, for the next batch) and those an objection holds
 * (back to approved, held until resolved). Batch, claims, audit entries and messages in one
 * transaction; settling twice is refused (REVIEW.BATCH_ALREADY_SETTLED) and writes nothing.
 */
export async function batchSettle(input: In<'batchSettle'>, ctx: HandlerContext) {
  const { user, batch } = await requireOnBatch(ctx, input.batchId, ROLES.finance);
  const failed = new Map(input.failed.map((f) => [f.claimId, f.reason]));
  for (const id of failed.keys())
    if (!batch.items.some((i) => i.claimId === id))
      throw new AppError('REVIEW.NOT_IN_BATCH', undefined, 'payload.failed');
  const actor = officerActor(user);
  let next = batch;
  await transaction(ctx.db, async (tx) => {
    const now = {
      ...((await tx.collection('payoutBatches').doc(batch._id).get()).data as PayoutBatchDoc),
      _id: batch._id,
    };
    if (now.status === 'settled') throw new AppError('REVIEW.BATCH_ALREADY_SETTLED');
    if (now.status !== 'exported') throw new AppError('REVIEW.BATCH_NOT_EXPORTED');
    const claims = await txClaims(
      tx,
      now.items.map((i) => i.claimId),
    );
    const writes: Promise<unknown>[] = [];
    const items = now.items.map((item, i): PayoutItem => {
      const c = claims[i]!;
      const reason = failed.get(item.claimId);
      const audit = (action: string) => ({
        actorId: user._id,
        action,
        subject: { kind: 'claim', id: c._id },
        detail: { batchId: batch._id },
      });
      // Taken out of the batch meanwhile (an objection upheld before the bank's result).
      if (c.status !== 'in_payout') return { ...item, status: 'held' };
      if (c.hold) {
        writes.push(
          ...txClaimWrites(
            ctx,
            tx,
            stepped(
              ctx,
              without(c, 'payoutBatchId'),
              actor,
              { status: 'approved' },
              { action: 'payout_held', text: '公示期间有异议，暂停发放，待核实后处理', status: 'approved' },
            ),
            audit('review.batch.held'),
          ),
        );
        return { ...item, status: 'held' };
      }
      if (reason) {
        const back = stepped(
          ctx,
          without(c, 'payoutBatchId'),
          actor,
          { status: 'approved' },
          { action: 'transfer_failed', text: `转账失败：${reason}，将纳入下一发放批次`, status: 'approved' },
        );
        writes.push(
          ...txClaimWrites(
            ctx,
            tx,
            back,
            audit('review.batch.failed'),
            `转账未成功（${reason}），将重新发放`,
          ),
        );
        return { ...item, status: 'failed', failReason: reason };
      }
      const paid = stepped(
        ctx,
        c,
        actor,
        { status: 'paid', paidAt: ctx.now, flags: (c.flags ?? []).filter((f) => f !== 'late') },
        { action: 'paid', text: `已转账 ${formatYuan(item.amountFen)}（批次 ${batch.no}）`, status: 'paid' },
      );
      writes.push(
        ...txClaimWrites(
          ctx,
          tx,
          paid,
          audit('review.batch.paid'),
          `补助 ${formatYuan(item.amountFen)} 已发放`,
        ),
      );
      return { ...item, status: 'paid' };
    });
    next = {
      ...now,
      items,
      status: 'settled',
      settledAt: ctx.now,
      version: now.version + 1,
      updatedAt: ctx.now,
    };
    await Promise.all([...writes, txReplaceBatch(tx, next)]);
  });
  return batchView(next, ctx.now);
}
