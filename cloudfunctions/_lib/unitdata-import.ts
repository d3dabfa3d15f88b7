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

/**
 * Rows per staged chunk: one commit step, and one chunk document (about 330 KB packed). A step
 * writes its members and its enrolments with one request each (about 0.7 and 1 MB, under
 * CloudBase's 5 MB per write) and takes well under a second.
 */
export const CHUNK_ROWS = 1000;
/** The local runtime (and CloudBase) answer `_.in` from an index up to this many values. */
export const IN_BATCH = 100;
export const MAX_STORED_ISSUES = 5000;
/** One chunk's lookups in one wave. */
const IN_PARALLEL = CHUNK_ROWS / IN_BATCH;

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

/** The fields existence checks read: who a person is, where they belong, whose the enrolment is. */
export const LOOKUP_FIELDS = {
  users: { _id: true, idHash: true, unitId: true, unitStatus: true },
  members: { _id: true, idHash: true, unitId: true, importId: true },
  enrollments: { _id: true, status: true, importId: true },
} as const;
export type UserLookup = Pick<UserDoc, '_id' | 'idHash' | 'unitId' | 'unitStatus'>;
export type MemberLookup = Pick<MemberDoc, '_id' | 'idHash' | 'unitId' | 'importId'>;
export type EnrolmentLookup = Pick<EnrollmentDoc, '_id' | 'status'> & { importId?: string };

/**
 * `field in values`, 100 values per query, ten in flight at a time; with `fields`, only those
 * (the existence checks read LOOKUP_FIELDS: a found enrolment is a few bytes, not its document).
 */
export async function findIn<T>(
  ctx: HandlerContext,
  name: 'users' | 'members' | 'enrollments',
  field: string,
  values: readonly string[],
  fields?: Readonly<Record<string, true>>,
): Promise<T[]> {
  const _ = ctx.db.command;
  const out: T[] = [];
  const all = batches(values);
  // A few queries in flight at a time: enough to hide latency, not a flood of connections.
  for (let i = 0; i < all.length; i += IN_PARALLEL) {
    const pages = await Promise.all(
      all.slice(i, i + IN_PARALLEL).map((b) =>
        findMany<T>(
          fields
            ? coll(ctx.db, name)
                .where({ [field]: _.in(b) })
                .field(fields)
                .limit(IN_BATCH * 2)
            : coll(ctx.db, name)
                .where({ [field]: _.in(b) })
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
  hashOf: ReadonlyMap<number, string>,
  unitId: string,
  programId: string,
  coverageStart: string,
): Promise<Map<number, { idHash: string; user?: UserLookup }>> {
  const valid = results.filter((r) => r.person);
  const hashes = valid.map((r) => hashOf.get(r.row)!);
  const [users, members] = await Promise.all([
    findIn<UserLookup>(ctx, 'users', 'idHash', hashes, LOOKUP_FIELDS.users),
    findIn<MemberLookup>(ctx, 'members', 'idHash', hashes, LOOKUP_FIELDS.members),
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
  const enrolIdsOf = new Map(known.map((h) => [h, enrolIds(h)]));
  const existing = await findIn<EnrolmentLookup>(
    ctx,
    'enrollments',
    '_id',
    [...enrolIdsOf.values()].flat(),
    LOOKUP_FIELDS.enrollments,
  );
  const enrolled = new Set(existing.filter((e) => e.status !== 'cancelled').map((e) => e._id));
  const out = new Map<number, { idHash: string; user?: UserLookup }>();
  for (const r of valid) {
    const h = hashOf.get(r.row)!;
    const user = userBy.get(h);
    const member = memberBy.get(h);
    let problem: RowIssue | undefined;
    if (user?.unitId && user.unitId !== unitId && user.unitStatus !== 'none')
      problem = issue(r.row, 'IMPORT.OTHER_UNIT', '该职工已在小程序登记为其他单位的职工，请由其所在单位办理');
    else if (!user && member && member.unitId !== unitId)
      problem = issue(r.row, 'IMPORT.OTHER_UNIT', '该职工已由其他单位导入，请勿重复报名');
    else if (enrolIdsOf.get(h)?.some((id) => enrolled.has(id)))
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

/** Each valid row's ID hash: the keyed lookup hash registration stores (`users.idHash`). */
export const idHashesOf = (results: readonly RowResult[]): Map<number, string> =>
  new Map(results.filter((r) => r.person).map((r) => [r.row, lookupHash('id', r.person!.idNumber)]));

const SEAL_SLICE = 500;

/**
 * Seal rows (sealRow) a slice at a time, letting other work run between slices: validation
 * seals while its store checks wait on the database, and handles their replies as they come.
 * Returns the sealed rows and the time spent sealing.
 */
export async function sealAll(
  rows: readonly { person: ParsedPerson; idHash: string; warnings: string[] }[],
): Promise<{ sealed: StagedRow[]; ms: number }> {
  const sealed: StagedRow[] = [];
  let ms = 0;
  for (let i = 0; i < rows.length; i += SEAL_SLICE) {
    const t = Date.now();
    for (const r of rows.slice(i, i + SEAL_SLICE)) sealed.push(sealRow(r.person, r.idHash, r.warnings));
    ms += Date.now() - t;
    await new Promise<void>((go) => setImmediate(go));
  }
  return { sealed, ms };
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

/** The stored issues: the first 5,000 errors and warnings in sheet order, packed (ImportDoc.issues). */
export function storedIssues(results: RowResult[]) {
  const errors = results.flatMap((r) => r.errors);
  const warnings = results.flatMap((r) => r.warnings);
  return {
    counts: countResults(results),
    issues: JSON.stringify({
      errors: errors.slice(0, MAX_STORED_ISSUES),
      warnings: warnings.slice(0, MAX_STORED_ISSUES),
    }),
    errorsTruncated: errors.length > MAX_STORED_ISSUES || warnings.length > MAX_STORED_ISSUES,
  };
}

export type ImportView = Omit<ImportDoc, 'path'>;
