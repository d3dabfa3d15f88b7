import { createHash, randomBytes } from 'node:crypto';
import { chinaToday } from '@shared/calendar';
import { isOfferedTo } from '@shared/enrolment/offer';
import { AppError } from '@shared/errors';
import { maskCardNumber, maskIdNumber, maskName, maskPhone } from '@shared/identity';
import { toYuanString } from '@shared/money';
import { coveragePeriodFor, feeSplitFor, isEnrolmentOpen, type FeeSplit } from '@shared/program';
import type { Program } from '@shared/program/schema';
import {
  countResults,
  markDuplicates,
  validateRow,
  type ParsedPerson,
  type RowIssue,
  type RowResult,
} from '@shared/unitdata';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany } from './db';
import { enrollmentIdFor, type EnrollmentDoc } from './enrollment-model';
import type { OrgDoc, UserDoc } from './model';
import { encrypt, lookupHash } from './pii';
import type { ImportDoc, MemberDoc, StagedRow } from './unitdata-model';

/** Rows per staged chunk: one commit step, and one chunk document (about 300 KB sealed). */
export const CHUNK_ROWS = 500;
/** The local runtime (and CloudBase) answer `_.in` from an index up to this many values. */
export const IN_BATCH = 100;
export const MAX_STORED_ISSUES = 5000;
const IN_PARALLEL = 8;

export const newImportId = () => `im_${randomBytes(12).toString('hex')}`;
export const stagingPath = () =>
  `uploads/${randomBytes(16).toString('hex')}/${randomBytes(16).toString('hex')}`;

/** A paper member's id, derived from the ID hash: the same person imported twice is one member. */
export const memberIdFor = (idHash: string) =>
  'pm_' + createHash('sha256').update(`member|${idHash}`).digest('hex').slice(0, 24);

export function batches<T>(items: readonly T[], size = IN_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `field in values`, 100 values per query, all in parallel. */
export async function findIn<T>(
  ctx: HandlerContext,
  name: 'users' | 'members' | 'enrollments',
  field: string,
  values: readonly string[],
  extra: object = {},
): Promise<T[]> {
  const _ = ctx.db.command;
  const out: T[] = [];
  const all = batches(values);
  // A few queries in flight at a time: enough to hide latency, not a flood of connections.
  for (let i = 0; i < all.length; i += IN_PARALLEL) {
    const pages = await Promise.all(
      all.slice(i, i + IN_PARALLEL).map((b) =>
        findMany<T>(
          coll(ctx.db, name)
            .where({ [field]: _.in(b), ...extra })
            .limit(IN_BATCH * 2),
        ),
      ),
    );
    for (const p of pages) out.push(...p);
  }
  return out;
}

/** The names the 乡镇 column may carry for a unit: its own and those of the orgs above it. */
export function unitNamesOf(unit: OrgDoc, parents: OrgDoc[]): string[] {
  return [unit.name, unit.parentName ?? '', ...parents.map((p) => p.name)].filter(Boolean);
}

/** The program may be imported into this unit today: offered to it, window open, a fee split for it. */
export function importableProgram(
  ctx: HandlerContext,
  program: Program,
  offeredTo: string[],
  unit: OrgDoc,
): { split: FeeSplit; coverage: { start: string; end: string } } {
  if (unit.level !== 'grassroots')
    throw new AppError('ORG.NOT_A_UNIT', '只能导入到基层单位', 'payload.unitId');
  if (!isOfferedTo(offeredTo, { id: unit._id, ancestors: unit.ancestors }))
    throw new AppError('ENROLL.PROGRAM_NOT_OFFERED', '该项目不面向该单位开放', 'payload.programId');
  const today = chinaToday(ctx.now);
  if (!isEnrolmentOpen(program, today))
    throw new AppError('ENROLL.WINDOW_CLOSED', undefined, 'payload.programId');
  const split = feeSplitFor(program, { unitCategory: unit.category });
  return { split, coverage: coveragePeriodFor(program, today) };
}

export function validateSheetRows(
  rows: { row: number; raw: Parameters<typeof validateRow>[0] }[],
  rules: Parameters<typeof validateRow>[2],
): RowResult[] {
  return markDuplicates(rows.map((r) => validateRow(r.raw, r.row, rules)));
}

const issue = (row: number, code: string, message: string): RowIssue => ({
  row,
  column: '身份证号码',
  code,
  message: `第${row}行：${message}`,
});

/**
 * The database half of validation: who already exists (by ID hash) and is already enrolled
 * for this period. A registered worker of this unit (or of none) is linked; of another unit,
 * refused; a paper member imported by another unit, refused; enrolled already, refused.
 */
export async function checkAgainstStore(
  ctx: HandlerContext,
  results: RowResult[],
  unitId: string,
  programId: string,
  coverageStart: string,
): Promise<Map<number, { idHash: string; user?: UserDoc }>> {
  const valid = results.filter((r) => r.person);
  const hashOf = new Map(valid.map((r) => [r.row, lookupHash('id', r.person!.idNumber)]));
  const hashes = [...hashOf.values()];
  const [users, members] = await Promise.all([
    findIn<UserDoc>(ctx, 'users', 'idHash', hashes),
    findIn<MemberDoc>(ctx, 'members', 'idHash', hashes),
  ]);
  const userBy = new Map(users.map((u) => [u.idHash!, u]));
  const memberBy = new Map(members.map((m) => [m.idHash, m]));
  const enrolIds = (h: string) => {
    const u = userBy.get(h);
    return [
      enrollmentIdFor(memberIdFor(h), programId, coverageStart),
      ...(u ? [enrollmentIdFor(u._id, programId, coverageStart)] : []),
    ];
  };
  // An enrolment can exist only for a person who exists (a user, or a member imported before).
  const known = hashes.filter((h) => userBy.has(h) || memberBy.has(h));
  const existing = await findIn<EnrollmentDoc>(ctx, 'enrollments', '_id', known.flatMap(enrolIds));
  const enrolled = new Set(existing.filter((e) => e.status !== 'cancelled').map((e) => e._id));
  const out = new Map<number, { idHash: string; user?: UserDoc }>();
  for (const r of valid) {
    const h = hashOf.get(r.row)!;
    const user = userBy.get(h);
    const member = memberBy.get(h);
    let problem: RowIssue | undefined;
    if (user?.unitId && user.unitId !== unitId && user.unitStatus !== 'none')
      problem = issue(r.row, 'IMPORT.OTHER_UNIT', '该职工已在小程序登记为其他单位的职工，请由其所在单位办理');
    else if (!user && member && member.unitId !== unitId)
      problem = issue(r.row, 'IMPORT.OTHER_UNIT', '该职工已由其他单位导入，请勿重复报名');
    else if (enrolIds(h).some((id) => enrolled.has(id)))
      problem = issue(
        r.row,
        'IMPORT.ALREADY_ENROLLED',
        '该职工已参保本期项目（小程序或此前导入），请勿重复报名',
      );
    if (problem) {
      r.errors.push(problem);
      r.person = undefined;
    } else out.set(r.row, { idHash: h, user });
  }
  return out;
}

/** Seal a valid row exactly as registration seals a user's fields. */
export function sealRow(p: ParsedPerson, idHash: string, warnings: string[]): StagedRow {
  return {
    row: p.row,
    idHash,
    idCipher: encrypt(p.idNumber),
    idMasked: maskIdNumber(p.idNumber),
    name: p.name,
    nameMasked: maskName(p.name),
    sex: p.sex,
    ...(p.phone ? { phoneCipher: encrypt(p.phone), phoneMasked: maskPhone(p.phone) } : {}),
    ...(p.unionCard ? { cardCipher: encrypt(p.unionCard), cardMasked: maskCardNumber(p.unionCard) } : {}),
    ...(p.township ? { township: p.township } : {}),
    ...(p.employer ? { employer: p.employer.slice(0, 60) } : {}),
    warnings,
  };
}

export const feeYuanOf = (program: Program) => Number(toYuanString(program.fee.perShareFen));

/** The stored issues: the first 5,000 errors and warnings in sheet order. */
export function storedIssues(results: RowResult[]) {
  const errors = results.flatMap((r) => r.errors);
  const warnings = results.flatMap((r) => r.warnings);
  return {
    counts: countResults(results),
    errors: errors.slice(0, MAX_STORED_ISSUES),
    warnings: warnings.slice(0, MAX_STORED_ISSUES),
    errorsTruncated: errors.length > MAX_STORED_ISSUES || warnings.length > MAX_STORED_ISSUES,
  };
}

export type ImportView = Omit<ImportDoc, 'path'>;
