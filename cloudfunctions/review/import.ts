import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { findBenefit } from '@shared/benefits';
import { isWithin } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { maskName } from '@shared/identity';
import { mapColumns, parseSettlementRow, reviewPolicyFor, type SettlementRecord } from '@shared/review';
import type { Benefit, Program } from '@shared/program/schema';
import { pathOfFileId, stagingPath } from '../_lib/claim-files';
import type { ClaimActor, ClaimDoc } from '../_lib/claim-model';
import { newClaimId, sealClaim, statusMessage } from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, insert, isDuplicateKey, updateWhere } from '../_lib/db';
import { enrollmentIdFor, type EnrollmentDoc } from '../_lib/enrollment-model';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { lookupHash } from '../_lib/pii';
import { loadProgram } from '../_lib/programs';
import { requireOfficer, requireOn, requireRolesOverOrg, ROLES, scopeOfOrg } from '../_lib/review-access';
import { auditFor } from '../_lib/review-claims';
import type { SettlementImportDoc } from '../_lib/review-model';
import { inflatedSize } from '../_lib/xlsx-read';
import { downloadUpload } from '../_lib/xlsx-write';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 500;
const TICKET_MS = 15 * 60 * 1000;

function settlementBenefit(program: Program): Benefit {
  const id = reviewPolicyFor(program).settlementBenefitId;
  if (!id) throw new AppError('REVIEW.IMPORT_NO_BENEFIT');
  return findBenefit(program, id);
}

/** A one-time staging path for the centre's settlement export (a random uploads/<hex>/<hex>). */
export async function importTicket(input: In<'importTicket'>, ctx: HandlerContext) {
  const [{ user, org }, { program }] = await Promise.all([
    requireRolesOverOrg(ctx, ROLES.centre, input.orgId),
    loadProgram(ctx.db, input.programId),
  ]);
  settlementBenefit(program);
  const doc: SettlementImportDoc = {
    _id: `si_${randomBytes(12).toString('hex')}`,
    orgId: org._id,
    scope: scopeOfOrg(org),
    programId: program.id,
    userId: user._id,
    path: stagingPath(),
    expiresAt: new Date(ctx.now.getTime() + TICKET_MS),
    createdAt: ctx.now,
  };
  await insert(ctx.db, 'settlementImports', doc);
  return {
    ticketId: doc._id,
    cloudPath: doc.path,
    expiresAt: doc.expiresAt.toISOString(),
    maxBytes: MAX_IMPORT_BYTES,
  };
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
  if (typeof v === 'object' && 'result' in (v as object)) return '';
  return String(v);
};

/** The first sheet as text rows; the header is the first of the top 10 rows naming every column. */
async function readSheet(buf: Buffer) {
  const inflated = inflatedSize(buf);
  if (buf.length > MAX_IMPORT_BYTES || inflated === null || inflated > 50 * MAX_IMPORT_BYTES)
    throw new AppError('REVIEW.IMPORT_NOT_XLSX');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as never);
  } catch {
    throw new AppError('REVIEW.IMPORT_NOT_XLSX');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('REVIEW.IMPORT_NOT_XLSX');
  const rows: { row: number; cells: string[] }[] = [];
  ws.eachRow((r) => rows.push({ row: r.number, cells: (r.values as unknown[]).slice(1).map(text) }));
  for (const h of rows.slice(0, 10)) {
    const cols = mapColumns(h.cells);
    if ('map' in cols) {
      const data = rows.filter((r) => r.row > h.row && r.cells.some((c) => c.trim() !== ''));
      if (data.length > MAX_IMPORT_ROWS) throw new AppError('REVIEW.IMPORT_TOO_MANY_ROWS');
      return data.map((r) => parseSettlementRow(r.row, r.cells, cols.map));
    }
  }
  throw new AppError('REVIEW.IMPORT_WRONG_COLUMNS');
}

/**
 * The ticket must be the caller's, unused, unexpired, and name the uploaded path, and the caller
 * must still hold a centre role over its org; it is used once.
 */
async function useTicket(ctx: HandlerContext, user: UserDoc, input: In<'importSettlements'>) {
  const t = await getById(ctx.db, 'settlementImports', input.ticketId);
  const ok =
    t &&
    t.userId === user._id &&
    !t.usedAt &&
    new Date(t.expiresAt) > ctx.now &&
    pathOfFileId(input.fileID) === t.path;
  if (!ok) throw new AppError('REVIEW.IMPORT_TICKET_INVALID', undefined, 'payload.ticketId');
  // The role is judged again now, not only when the ticket was given: a grant revoked since
  // then leaves the ticket unusable.
  requireOn(user, ROLES.centre, { unitId: t.orgId, scope: t.scope });
  const _ = ctx.db.command;
  const won = await updateWhere(
    coll(ctx.db, 'settlementImports').where({ _id: t._id, usedAt: _.exists(false) }),
    { usedAt: ctx.now },
  );
  if (!won) throw new AppError('REVIEW.IMPORT_TICKET_INVALID', undefined, 'payload.ticketId');
  return t;
}

type Row = {
  row: number;
  status: 'created' | 'approved' | 'unmatched' | 'invalid' | 'duplicate';
  reason?: string;
  claimId?: string;
  name?: string;
};

const importKeyOf = (enrollmentId: string, r: SettlementRecord) =>
  createHash('sha256')
    .update(`${enrollmentId}|${r.admittedOn}|${r.dischargedOn}|${r.hospital}`)
    .digest('hex')
    .slice(0, 40);

/**
 * Match each settlement row to an enrolled worker by the keyed hash of the ID number (never the
 * number itself in a query), check the name and the coverage, and file a pre-filled claim for
 * each match (the worker confirms it with one tap: claim.submit; a stay settled through
 * insurance needs no material). Unmatched rows are listed with the reason; a row imported
 * before is a duplicate (claims.importKey is a unique index).
 * Round trips: caller ∥ ticket, ticket use, download, program ∥ users by hash, enrolments ∥ units ∥
 * earlier imports, then the inserts (in parallel chunks).
 */
export async function importSettlements(input: In<'importSettlements'>, ctx: HandlerContext) {
  const user = await requireOfficer(ctx);
  const t = await useTicket(ctx, user, input);
  const buf = await downloadUpload(input.fileID);
  if (!buf) throw new AppError('REVIEW.IMPORT_TICKET_INVALID', '文件尚未上传成功，请重新上传');
  const parsed = await readSheet(buf);
  const valid = parsed.flatMap((p) => (p.ok ? [p.record] : []));
  const _ = ctx.db.command;
  const [{ program }, users] = await Promise.all([
    loadProgram(ctx.db, t.programId),
    valid.length
      ? findMany<UserDoc>(
          coll(ctx.db, 'users')
            .where({ idHash: _.in(valid.map((r) => lookupHash('id', r.idNumber))) })
            .limit(1000),
        )
      : Promise.resolve([]),
  ]);
  const benefit = settlementBenefit(program);
  const start = program.coverage.kind === 'fixed' ? program.coverage.start : '';
  const byHash = new Map(users.map((u) => [u.idHash!, u]));
  const enrolmentIds = users.map((u) => enrollmentIdFor(u._id, program.id, start));
  const [enrolments, units] = await Promise.all([
    findMany<EnrollmentDoc>(
      coll(ctx.db, 'enrollments')
        .where({ _id: _.in(enrolmentIds) })
        .limit(1000),
    ),
    findMany<OrgDoc>(coll(ctx.db, 'orgs').where({ ancestors: t.orgId }).limit(1000)),
  ]);
  const enrolmentOf = new Map(enrolments.map((e) => [e.userId, e]));
  const unitById = new Map(units.map((u) => [u._id, u]));
  const rows: Row[] = parsed
    .filter((p) => !p.ok)
    .map((p) => ({ row: p.row, status: 'invalid', reason: (p as { reason: string }).reason }));
  const toCreate: { row: SettlementRecord; claim: ClaimDoc }[] = [];
  for (const r of valid) {
    const u = byHash.get(lookupHash('id', r.idNumber));
    const e = u ? enrolmentOf.get(u._id) : undefined;
    const unit = e ? unitById.get(e.unitId) : undefined;
    const reason = !u
      ? '未找到该身份证号码的注册职工'
      : u.name !== r.name
        ? '姓名与身份证号码不符'
        : !e || e.status !== 'active'
          ? '该职工未参加本项目或参保未生效'
          : !unit
            ? '该职工的单位不在本中心范围内'
            : !isWithin(r.dischargedOn, e.coverage.start, e.coverage.end)
              ? '住院日期不在保障期内'
              : undefined;
    if (reason) {
      rows.push({ row: r.row, status: 'unmatched', reason, name: maskName(r.name) });
      continue;
    }
    toCreate.push({ row: r, claim: prefilled(ctx, program, benefit, e!, u!, unit!, r) });
  }
  for (let i = 0; i < toCreate.length; i += 20) {
    const chunk = toCreate.slice(i, i + 20);
    const results = await Promise.all(chunk.map((c) => fileOne(ctx, c.claim)));
    chunk.forEach((c, j) =>
      rows.push(
        results[j]
          ? { row: c.row.row, status: 'created', claimId: c.claim._id, name: maskName(c.row.name) }
          : { row: c.row.row, status: 'duplicate', reason: '该住院记录已导入过', name: maskName(c.row.name) },
      ),
    );
  }
  rows.sort((a, b) => a.row - b.row);
  const created = rows.filter((r) => r.status === 'created').length;
  const { _id, ...audit } = auditFor(
    ctx,
    { _id: t._id, unitId: t.orgId, scope: t.scope },
    {
      actorId: user._id,
      action: 'review.import.settlements',
      subject: { kind: 'settlementImport', id: t._id },
      detail: { rows: rows.length, created },
    },
  );
  await Promise.all([
    insert(ctx.db, 'auditLog', { _id, ...audit, claimId: undefined }),
    updateWhere(coll(ctx.db, 'settlementImports').where({ _id: t._id }), {
      result: { created, unmatched: rows.length - created, rows: rows.length },
    }),
  ]);
  return { rows, created, unmatched: rows.length - created, mode: reviewPolicyFor(program).settlementImport };
}

/** Insert the claim and tell the worker; false when the stay was imported before (unique importKey). */
async function fileOne(ctx: HandlerContext, claim: ClaimDoc): Promise<boolean> {
  try {
    await insert(ctx.db, 'claims', claim);
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  const { _id, ...message } = statusMessage(claim, '已根据医保结算记录生成住院补助申请，请核对后提交');
  await insert(ctx.db, 'outbox', { _id, ...message });
  return true;
}

const SYSTEM: ClaimActor = { userId: 'system', role: 'system', name: '医保结算导入' };

function prefilled(
  ctx: HandlerContext,
  program: Program,
  benefit: Benefit,
  e: EnrollmentDoc,
  u: UserDoc,
  unit: OrgDoc,
  r: SettlementRecord,
): ClaimDoc {
  const facts = {
    kind: 'tiered_annual' as const,
    stays: [
      {
        admittedOn: r.admittedOn,
        dischargedOn: r.dischargedOn,
        hospital: r.hospital,
        settlement: 'insurance' as const,
        cause: 'illness' as const,
        selfPaidFen: r.selfPaidFen,
      },
    ],
  };
  return {
    _id: newClaimId(),
    enrollmentId: e._id,
    workerId: u._id,
    workerName: u.nameMasked ?? '',
    unitId: e.unitId,
    programId: program.id,
    programName: e.programName,
    benefitId: benefit.id,
    benefitName: benefit.name,
    ruleKind: 'tiered_annual',
    coverage: e.coverage,
    year: Number(e.coverage.start.slice(0, 4)),
    status: 'draft',
    version: 1,
    sealed: sealClaim({ facts }),
    invoiceKeys: [],
    fileCount: 0,
    filedBy: SYSTEM,
    scope: scopeOfOrg(unit),
    importKey: importKeyOf(e._id, r),
    timeline: [
      {
        at: ctx.now,
        actor: SYSTEM,
        action: 'created',
        text: `根据医保结算记录生成（${r.admittedOn} 至 ${r.dischargedOn}），请职工核对后提交`,
        status: 'draft',
      },
    ],
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}
