import { chinaToday } from '@shared/calendar';
import { feeSplitFor } from '@shared/program';
import { needsReminder, PUYANG_FLOW } from '@shared/unitdata';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, updateWhere } from '../_lib/db';
import type { UserDoc } from '../_lib/model';
import { loadProgram } from '../_lib/programs';
import {
  DEFAULT_BUDGET_MS,
  importWithoutIssues,
  runCommit,
  takeLease,
  WITHOUT_ISSUES,
} from '../_lib/unitdata-commit';
import { statementsDueSoon } from '../_lib/unitdata-ledger';
import type { ImportDoc } from '../_lib/unitdata-model';

/** Commits left idle (the page closed mid-way): continue them. Index: imports (status, updatedAt). */
export async function resumeImports(ctx: HandlerContext, budgetMs = DEFAULT_BUDGET_MS): Promise<number> {
  const idle = await findMany<ImportDoc>(
    coll(ctx.db, 'imports')
      .where({ status: 'committing' })
      .field(WITHOUT_ISSUES)
      .orderBy('updatedAt', 'asc')
      .limit(3),
  );
  let resumed = 0;
  for (const imp of idle) {
    const leaseId = await takeLease(ctx, imp._id);
    if (!leaseId) continue;
    const [unit, { program }] = await Promise.all([
      getById(ctx.db, 'orgs', imp.unitId),
      loadProgram(ctx.db, imp.programId!),
    ]);
    if (!unit) continue;
    const split = feeSplitFor(program, { unitCategory: unit.category });
    await runCommit(
      { ctx, imp: (await importWithoutIssues(ctx, imp._id))!, program, unit, split },
      leaseId,
      budgetMs / idle.length,
    );
    resumed++;
  }
  return resumed;
}

/**
 * Reminders before the due days: one outbox entry (kind `fund_due_reminder`) per officer of
 * the paying org, once per statement and due day (the statement is claimed first with a
 * conditional update, so two timer runs never both queue it). Index: statements (dueOn),
 * users (grants.orgId).
 */
export async function queueReminders(ctx: HandlerContext): Promise<number> {
  const _ = ctx.db.command;
  const today = chinaToday(ctx.now);
  let queued = 0;
  for (const s of await statementsDueSoon(ctx, PUYANG_FLOW.remindDaysBefore)) {
    if (!needsReminder(s, today)) continue;
    const won = await updateWhere(
      coll(ctx.db, 'statements').where({ _id: s._id, remindedFor: _.neq(s.dueOn) }),
      {
        remindedFor: s.dueOn,
      },
    );
    if (won !== 1) continue;
    const officers = await findMany<UserDoc>(
      coll(ctx.db, 'users').where({ 'grants.orgId': s.orgId }).limit(20),
    );
    for (const o of officers) {
      await coll(ctx.db, 'outbox')
        .doc(`ob_fund_${s._id}_${s.dueOn}_${o._id}`)
        .set({
          data: {
            kind: 'fund_due_reminder',
            userId: o._id,
            data: {
              statementId: s._id,
              month: s.month,
              dueOn: s.dueOn,
              owedFen: String(s.dueFen - s.paidFen),
            },
            status: 'pending',
            createdAt: ctx.now,
          },
        });
      queued++;
    }
  }
  return queued;
}
