import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { auditInTx, newId } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage, transaction, txGet } from '../_lib/db';
import { requireUnitdata } from '../_lib/unitdata-access';
import { buildMonth, getStatement, orgNames, toStatementView, transfersOf } from '../_lib/unitdata-ledger';
import type { StatementDoc } from '../_lib/unitdata-model';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

async function views(ctx: HandlerContext, docs: StatementDoc[]) {
  const [names, transfers] = await Promise.all([
    orgNames(
      ctx,
      docs.map((d) => d.orgId),
    ),
    transfersOf(
      ctx,
      docs.map((d) => d._id),
    ),
  ]);
  const today = chinaToday(ctx.now);
  return docs.map((d) => toStatementView(d, names.get(d.orgId) ?? '', transfers, today));
}

/** Recompute a month's statements from the enrolments' fee lines (idempotent: one statement per key). */
export async function buildStatements(input: In<'buildStatements'>, ctx: HandlerContext) {
  const { org } = await requireUnitdata(ctx, 'READ', input.orgId);
  const built = await buildMonth(ctx, input.programId, org, input.month);
  return { statements: await views(ctx, built.docs), unplacedFen: built.unplacedFen };
}

/** The statements of payers in the caller's subtree. Index: statements (programId, month, scope). */
export async function listStatements(input: In<'listStatements'>, ctx: HandlerContext) {
  await requireUnitdata(ctx, 'READ', input.orgId);
  const page = await findPage<StatementDoc>(
    coll(ctx.db, 'statements').where({ programId: input.programId, month: input.month, scope: input.orgId }),
    { field: 'dueOn', direction: 'asc' },
    input,
  );
  return { items: await views(ctx, page.docs), page: page.page, pageSize: page.pageSize, total: page.total };
}

/**
 * A bank transfer against a statement, recorded by the receiving side: a district or centre
 * (finance) officer over an org strictly above the payer — never the payer itself. The
 * transfer and the statement's paid amount commit together; a mismatch shows on the statement.
 */
export async function recordTransfer(input: In<'recordTransfer'>, ctx: HandlerContext) {
  const statement = await getStatement(ctx, input.statementId);
  if (!statement) throw new AppError('UNITDATA.STATEMENT_NOT_FOUND', undefined, 'payload.statementId');
  const { user } = await requireUnitdata(ctx, 'TRANSFERS', statement.orgId, { strict: true });
  if (input.paidOn > chinaToday(ctx.now))
    throw new AppError('COMMON.INVALID_INPUT', '到账日期不能晚于今天', 'payload.paidOn');
  const transferId = newId('tr');
  const saved = await transaction(ctx.db, async (tx) => {
    const current = await txGet(tx, 'statements', statement._id);
    if (!current) throw new AppError('UNITDATA.STATEMENT_NOT_FOUND');
    await tx
      .collection('transfers')
      .doc(transferId)
      .set({
        data: {
          statementId: current._id,
          amountFen: input.amountFen,
          paidOn: input.paidOn,
          reference: input.reference,
          recordedBy: user._id,
          recordedAt: ctx.now,
        },
      });
    const paidFen = current.paidFen + input.amountFen;
    await tx
      .collection('statements')
      .doc(current._id)
      .update({ data: { paidFen, version: current.version + 1, updatedAt: ctx.now } });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'unitdata.recordTransfer',
      subject: { kind: 'statement', id: current._id },
      orgId: current.orgId,
      detail: { amountFen: input.amountFen, paidOn: input.paidOn, dueFen: current.dueFen, paidFen },
    });
    return { ...current, paidFen, version: current.version + 1 };
  });
  return (await views(ctx, [saved]))[0]!;
}
