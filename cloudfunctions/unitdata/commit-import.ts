import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { AppError } from '@shared/errors';
import { feeSplitFor } from '@shared/program';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { getById, updateWhere } from '../_lib/db';
import { loadProgram } from '../_lib/programs';
import { requireUnitdata } from '../_lib/unitdata-access';
import { DEFAULT_BUDGET_MS, importWithoutIssues, runCommit, takeLease } from '../_lib/unitdata-commit';
import type { ImportDoc } from '../_lib/unitdata-model';
import { toImportSummary } from '../_lib/unitdata-views';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

/** Per call; CloudBase stops a function at its timeout (config.json: 60 s), so keep well under it. */
const budgetMs = () => Number(process.env.UNITDATA_COMMIT_BUDGET_MS) || DEFAULT_BUDGET_MS;

/** validated → committing, once, with the mode the officer chose; a refused choice writes nothing. */
async function start(
  ctx: HandlerContext,
  imp: ImportDoc,
  mode: In<'commitImport'>['mode'],
): Promise<ImportDoc> {
  if (imp.status === 'committing' || imp.status === 'committed') {
    if (imp.commit?.mode !== mode) throw new AppError('IMPORT.MODE_CHANGED', undefined, 'payload.mode');
    return imp;
  }
  if (imp.status !== 'validated') throw new AppError('IMPORT.NOT_VALIDATED', undefined, 'payload.importId');
  if (mode === 'all_or_nothing' && (imp.counts?.invalid ?? 0) > 0)
    throw new AppError('IMPORT.HAS_ERRORS', undefined, 'payload.mode');
  if ((imp.rowsToImport ?? 0) === 0) throw new AppError('IMPORT.NOTHING_VALID');
  const commit: NonNullable<ImportDoc['commit']> = {
    mode,
    cursor: 0,
    rowsDone: 0,
    enrolmentsCreated: 0,
    membersCreated: 0,
    linkedToRegistered: 0,
    alreadyEnrolled: 0,
    lateErrors: [],
    leaseUntil: new Date(0),
    startedAt: ctx.now,
  };
  await updateWhere(coll(ctx.db, 'imports').where({ _id: imp._id, status: 'validated' }), {
    status: 'committing',
    commit,
    updatedAt: ctx.now,
  });
  const now = (await importWithoutIssues(ctx, imp._id))!;
  if (now.commit?.mode !== mode) throw new AppError('IMPORT.MODE_CHANGED', undefined, 'payload.mode');
  return now;
}

/**
 * Import the next chunks (CHUNK_ROWS rows each) until this call's budget is spent, then report
 * the progress; the client calls again (the timer also resumes a commit left idle) until done.
 * The import is read without its issue lists until the summary at the end.
 */
export async function commitImport(input: In<'commitImport'>, ctx: HandlerContext) {
  const found = await importWithoutIssues(ctx, input.importId);
  if (!found) throw new AppError('IMPORT.NOT_FOUND', undefined, 'payload.importId');
  const { org: unit } = await requireUnitdata(ctx, 'IMPORT', found.unitId);
  const imp = await start(ctx, found, input.mode);
  if (imp.status === 'committing') {
    const leaseId = await takeLease(ctx, imp._id);
    if (leaseId) {
      // Read again under the lease: another call may have moved the cursor before it let go.
      const [{ program }, held] = await Promise.all([
        loadProgram(ctx.db, imp.programId!),
        importWithoutIssues(ctx, imp._id),
      ]);
      const split = feeSplitFor(program, { unitCategory: unit.category });
      await runCommit({ ctx, imp: held!, program, unit, split }, leaseId, budgetMs());
    }
  }
  const after = (await getById(ctx.db, 'imports', imp._id))!;
  if (after.status === 'committed') await dropChunks(ctx, after._id);
  return toImportSummary(after);
}

/** The sealed staging rows are not kept once imported. */
async function dropChunks(ctx: HandlerContext, importId: string) {
  await coll(ctx.db, 'importChunks').where({ importId }).remove();
}
