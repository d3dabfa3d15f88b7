import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { auditEntry } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, insert, updateWhere } from '../_lib/db';
import type { OrgDoc } from '../_lib/model';
import { loadProgram } from '../_lib/programs';
import { requireUnitdata } from '../_lib/unitdata-access';
import {
  batches,
  checkAgainstStore,
  CHUNK_ROWS,
  feeYuanOf,
  idHashesOf,
  importableProgram,
  sealAll,
  storedIssues,
  unitNamesOf,
  validateSheetRows,
} from '../_lib/unitdata-import';
import type { ImportDoc } from '../_lib/unitdata-model';
import { packRows } from '../_lib/unitdata-staging';
import { toImportSummary } from '../_lib/unitdata-views';
import { deleteQuietly, downloadUpload, storePrivateCopy } from '../_lib/xlsx-write';
import { readSignupSheet } from '../_lib/xlsx-read';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

/** The ticket is this caller's, for this unit, unused and unexpired; the fileID is its path. */
async function claimTicket(
  ctx: HandlerContext,
  input: In<'validateImport'>,
  userId: string,
): Promise<ImportDoc> {
  const imp = await getById(ctx.db, 'imports', input.ticketId);
  if (!imp || imp.createdBy !== userId || imp.unitId !== input.unitId)
    throw new AppError('IMPORT.TICKET_INVALID', undefined, 'payload.ticketId');
  if (imp.status !== 'awaiting_upload') return imp;
  if (imp.expiresAt < ctx.now || !input.fileID.endsWith(`/${imp.path}`))
    throw new AppError('IMPORT.TICKET_INVALID', undefined, 'payload.fileID');
  const won = await updateWhere(coll(ctx.db, 'imports').where({ _id: imp._id, status: 'awaiting_upload' }), {
    status: 'validating',
    programId: input.programId,
    updatedAt: ctx.now,
  });
  if (won !== 1) return (await getById(ctx.db, 'imports', imp._id))!;
  return { ...imp, status: 'validating', programId: input.programId };
}

/**
 * Parse → validate every row (format, checksum, duplicates in the file and in the store, unit,
 * retirement age) → store the result. Writes the import record and its sealed staging chunks
 * only: no user, member or enrolment is touched until commitImport.
 */
export async function validateImport(input: In<'validateImport'>, ctx: HandlerContext) {
  const { user, org: unit } = await requireUnitdata(ctx, 'IMPORT', input.unitId);
  const { doc: programDoc, program } = await loadProgram(ctx.db, input.programId);
  const plan = importableProgram(ctx, program, programDoc.offeredTo, unit);
  const imp = await claimTicket(ctx, input, user._id);
  if (imp.status !== 'validating' || imp.counts) return toImportSummary(imp);

  const bytes = await downloadUpload(input.fileID);
  if (!bytes) {
    await updateWhere(coll(ctx.db, 'imports').where({ _id: imp._id }), {
      status: 'awaiting_upload',
      updatedAt: ctx.now,
    });
    throw new AppError('IMPORT.FILE_NOT_UPLOADED', undefined, 'payload.fileID');
  }
  const t0 = Date.now();
  const read = await readSignupSheet(bytes);
  const tParsed = Date.now();
  await deleteQuietly([input.fileID]);
  if (!read.ok) {
    const refused = {
      status: 'refused' as const,
      refusal: { code: read.code, message: read.message },
      updatedAt: ctx.now,
    };
    await updateWhere(coll(ctx.db, 'imports').where({ _id: imp._id }), refused);
    return toImportSummary({ ...imp, ...refused });
  }
  const parents = await findMany<OrgDoc>(
    coll(ctx.db, 'orgs').where({ _id: ctx.db.command.in(unit.ancestors) }),
  );
  const tRules = Date.now();
  const results = validateSheetRows(read.rows, {
    template: read.template,
    today: chinaToday(ctx.now),
    unitNames: unitNamesOf(unit, parents),
    feeYuan: feeYuanOf(program),
    requireCard: program.eligibility.requirements.some((r) => r.code === 'UNION_CARD'),
  });
  const tValidated = Date.now();
  // The store checks wait on the database while the rows are sealed (CPU): both at once. A row
  // the checks then refuse was sealed for nothing and is dropped here, never stored.
  const hashOf = idHashesOf(results);
  const valid = results
    .filter((r) => r.person)
    .map((r) => ({ person: r.person!, idHash: hashOf.get(r.row)!, warnings: r.warnings.map((w) => w.code) }));
  const [found, { sealed, ms: sealMs }] = await Promise.all([
    checkAgainstStore(ctx, results, hashOf, unit._id, program.id, plan.coverage.start),
    sealAll(valid),
  ]);
  const staged = sealed.filter((r) => found.has(r.row));
  const tSealed = Date.now();
  // Packed (unitdata-staging.ts), a few chunks in flight: each is one string of about 330 KB.
  const chunks = batches(staged, CHUNK_ROWS);
  for (let i = 0; i < chunks.length; i += 4)
    await Promise.all(
      chunks.slice(i, i + 4).map((rows, k) =>
        coll(ctx.db, 'importChunks')
          .doc(`${imp._id}_${i + k}`)
          .set({ data: { importId: imp._id, index: i + k, packed: packRows(rows), createdAt: ctx.now } }),
      ),
    );
  const timings = {
    parseMs: tParsed - t0,
    validateMs: tValidated - tRules,
    storeCheckMs: tSealed - tValidated,
    sealMs,
    stageMs: Date.now() - tSealed,
  };
  const sourceFileId = await storePrivateCopy(bytes);
  const issues = storedIssues(results);
  const update = {
    status: 'validated' as const,
    template: read.template.id,
    ...issues,
    chunks: chunks.length,
    rowsToImport: staged.length,
    coverage: plan.coverage,
    sourceFileId,
    timings,
    updatedAt: ctx.now,
  };
  await updateWhere(coll(ctx.db, 'imports').where({ _id: imp._id, status: 'validating' }), update);
  await insert(
    ctx.db,
    'auditLog',
    auditEntry(ctx, {
      actorId: user._id,
      action: 'unitdata.validateImport',
      subject: { kind: 'import', id: imp._id },
      orgId: unit._id,
      detail: { ...issues.counts, template: read.template.id, programId: program.id },
    }),
  );
  return toImportSummary({ ...imp, ...update });
}
