import { randomBytes } from 'node:crypto';
import { fundedBy } from '@shared/enrolment/offer';
import type { FeeSplit } from '@shared/program';
import type { Program } from '@shared/program/schema';
import type { RowIssue } from '@shared/unitdata';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { getById, isDuplicateKey, updateWhere } from './db';
import { certificateNoFor, enrollmentIdFor } from './enrollment-model';
import type { OrgDoc } from './model';
import { noticeHash } from './programs';
import {
  findIn,
  LOOKUP_FIELDS,
  memberIdFor,
  type EnrolmentLookup,
  type MemberLookup,
  type UserLookup,
} from './unitdata-import';
import type { ImportDoc, MemberDoc, PaperEnrollmentDoc, StagedRow } from './unitdata-model';
import { chunkRows } from './unitdata-staging';

/**
 * The resumable commit. A call takes a lease on the import (so one caller writes at a time),
 * then processes chunk after chunk — each chunk's members and enrolments written with derived
 * ids, so a chunk processed twice (a call that died after writing but before moving the
 * cursor) finds its own documents and creates nothing twice — moving the cursor after each,
 * until its time budget is spent. The next call (the page polling, or the timer) continues from
 * the cursor. A lease left by a call that timed out expires after LEASE_MS.
 */
export const LEASE_MS = 90_000;
export const DEFAULT_BUDGET_MS = 20_000;

/**
 * The import without its issue lists (up to 5,000 errors and 5,000 warnings, about 1.5 MB on a
 * big sheet): what the commit reads, as often as it needs to, for its cursor and settings.
 */
export const WITHOUT_ISSUES = { issues: false, errors: false, warnings: false } as const;

export async function importWithoutIssues(ctx: HandlerContext, id: string): Promise<ImportDoc | null> {
  const res = (await coll(ctx.db, 'imports').doc(id).field(WITHOUT_ISSUES).get()) as unknown as {
    data: ImportDoc | null;
  };
  return res.data ?? null;
}

export interface ChunkOutcome {
  rows: number;
  enrolmentsCreated: number;
  membersCreated: number;
  linkedToRegistered: number;
  alreadyEnrolled: number;
  lateErrors: RowIssue[];
}

export interface CommitContext {
  ctx: HandlerContext;
  imp: ImportDoc;
  program: Program;
  unit: OrgDoc;
  split: FeeSplit;
}

const late = (row: number, message: string): RowIssue => ({
  row,
  column: '身份证号码',
  code: 'IMPORT.CHANGED_SINCE_VALIDATION',
  message: `第${row}行：${message}`,
});

/** What every enrolment of one commit call shares: worked out once, not once per row. */
interface Common {
  coverage: { start: string; end: string };
  funded: boolean;
  feeLines: { payer: PaperEnrollmentDoc['feeLines'][number]['payer']; label: string; amountFen: number }[];
  fundedBy: string;
  consent: PaperEnrollmentDoc['consent'];
}

export function commonOf(c: CommitContext): Common {
  const feeLines = c.split.lines.map((l) => ({ payer: l.payer, label: l.label, amountFen: l.amountFen }));
  return {
    coverage: c.imp.coverage!,
    // Nothing for the worker to pay: cover starts at once, as an online enrolment would.
    funded: c.split.workerFen === 0,
    feeLines,
    fundedBy: fundedBy(feeLines),
    // The notice's hash: one sha256 over the whole notice text, the same for every row.
    consent: { version: c.program.notice.version, hash: noticeHash(c.program), at: c.ctx.now },
  };
}

function memberDoc(c: CommitContext, r: StagedRow, _id: string): MemberDoc {
  return {
    _id,
    idHash: r.idHash,
    idCipher: r.idCipher,
    idMasked: r.idMasked,
    name: r.name,
    nameMasked: r.nameMasked,
    sex: r.sex,
    ...(r.phoneCipher ? { phoneCipher: r.phoneCipher, phoneMasked: r.phoneMasked } : {}),
    ...(r.cardCipher ? { unionCardCipher: r.cardCipher, unionCardMasked: r.cardMasked } : {}),
    unitId: c.unit._id,
    ...(r.township ? { township: r.township } : {}),
    ...(r.employer ? { employer: r.employer } : {}),
    source: 'paper',
    importId: c.imp._id,
    createdAt: c.ctx.now,
    updatedAt: c.ctx.now,
  };
}

function enrolmentDoc(
  c: CommitContext,
  k: Common,
  r: StagedRow,
  personId: string,
  kind: 'member' | 'user',
): PaperEnrollmentDoc {
  const { coverage } = k;
  const _id = enrollmentIdFor(personId, c.program.id, coverage.start);
  return {
    _id,
    userId: personId,
    unitId: c.unit._id,
    programId: c.program.id,
    programName: c.program.name,
    series: c.program.series,
    coverage,
    status: k.funded ? 'active' : 'pending_payment',
    totalFen: c.split.totalFen,
    workerFen: c.split.workerFen,
    feeLines: k.feeLines,
    ...(k.funded
      ? {
          fundedBy: k.fundedBy,
          activatedAt: c.ctx.now,
          certificateNo: certificateNoFor({ _id, coverage }),
        }
      : {}),
    consent: k.consent,
    declarations: [],
    // The signed paper sheet (kept privately as uploaded) is the signature of a paper sign-up.
    signatureFileId: c.imp.sourceFileId ?? '',
    warnings: r.warnings,
    orderAttempts: 0,
    createdAt: c.ctx.now,
    updatedAt: c.ctx.now,
    channel: 'paper',
    importId: c.imp._id,
    importRow: r.row,
    personKind: kind,
    collectedBy: 'unit',
    nameMasked: r.nameMasked,
  };
}

/**
 * Insert documents that may partly exist already; returns the ids that now exist written by
 * this import (`importId`). One request when none exists (the usual case). On a duplicate —
 * another writer, or an earlier run whose batch half-applied (MongoDB inserts in order up to
 * the duplicate) — one lookup says which exist, and the rest go in with one more request.
 */
async function insertMissing(
  ctx: HandlerContext,
  name: 'members' | 'enrollments',
  docs: { _id: string; importId: string }[],
  importId: string,
): Promise<Set<string>> {
  const ours = new Set<string>();
  let pending = docs;
  for (let attempt = 0; pending.length > 0; attempt++) {
    try {
      await coll(ctx.db, name).add({ data: pending as never });
      for (const d of pending) ours.add(d._id);
      return ours;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
    const there = await findIn<{ _id: string; importId?: string }>(
      ctx,
      name,
      '_id',
      pending.map((d) => d._id),
      { _id: true, importId: true },
    );
    for (const d of there) if (d.importId === importId) ours.add(d._id);
    const taken = new Set(there.map((d) => d._id));
    pending = pending.filter((d) => !taken.has(d._id));
  }
  return ours;
}

/** A chunk's rows and what the store holds about their people: reads only. */
export interface LoadedChunk {
  rows: StagedRow[];
  /** By ID hash. */
  userBy: Map<string, UserLookup>;
  /** By ID hash. */
  memberBy: Map<string, MemberLookup>;
  enrolments: Map<string, EnrolmentLookup>;
}

/**
 * Reads chunk `cursor` and looks up its people: registered users (by ID hash), members (by
 * the derived id) and, for those who exist, their enrolments for this period. Nothing here
 * depends on another chunk's writes — each person is in one row of one chunk (duplicates in
 * the sheet were refused at validation) — so the next chunk is read while this one is written.
 */
export async function loadChunk(c: CommitContext, cursor: number): Promise<LoadedChunk> {
  const { ctx, imp } = c;
  const chunk = await getById(ctx.db, 'importChunks', `${imp._id}_${cursor}`);
  const rows = chunk ? chunkRows(chunk) : [];
  const hashes = rows.map((r) => r.idHash);
  const [users, members] = await Promise.all([
    findIn<UserLookup>(ctx, 'users', 'idHash', hashes, LOOKUP_FIELDS.users),
    findIn<MemberLookup>(ctx, 'members', 'idHash', hashes, LOOKUP_FIELDS.members),
  ]);
  const userBy = new Map(users.map((u) => [u.idHash!, u]));
  const memberBy = new Map(members.map((m) => [m.idHash, m]));
  const start = imp.coverage!.start;
  // Enrolments can exist only for people who exist: a fresh chunk asks for none.
  const ids: string[] = [];
  for (const r of rows) {
    const user = userBy.get(r.idHash);
    const memberId = memberIdFor(r.idHash);
    if (user) ids.push(enrollmentIdFor(user._id, c.program.id, start));
    if (user || memberBy.has(r.idHash)) ids.push(enrollmentIdFor(memberId, c.program.id, start));
  }
  const found = ids.length
    ? await findIn<EnrolmentLookup>(ctx, 'enrollments', '_id', ids, LOOKUP_FIELDS.enrollments)
    : [];
  return { rows, userBy, memberBy, enrolments: new Map(found.map((e) => [e._id, e])) };
}

const noOutcome = (rows: number): ChunkOutcome => ({
  rows,
  enrolmentsCreated: 0,
  membersCreated: 0,
  linkedToRegistered: 0,
  alreadyEnrolled: 0,
  lateErrors: [],
});

/**
 * One chunk's writes: who is linked, who is created, who is enrolled already; then one insert
 * of members and one of enrolments, together. What an earlier run of this very chunk wrote
 * (a call that died before moving the cursor) is found by its importId and counted now, once;
 * what it did not write is written.
 */
export async function writeChunk(c: CommitContext, k: Common, loaded: LoadedChunk): Promise<ChunkOutcome> {
  const { ctx, imp, unit } = c;
  const out = noOutcome(loaded.rows.length);
  const toEnrol: PaperEnrollmentDoc[] = [];
  const toMember: MemberDoc[] = [];
  for (const r of loaded.rows) {
    const user = loaded.userBy.get(r.idHash);
    if (user?.unitId && user.unitId !== unit._id && user.unitStatus !== 'none') {
      out.lateErrors.push(late(r.row, '校验后该职工已登记为其他单位的职工，未导入'));
      continue;
    }
    const memberId = memberIdFor(r.idHash);
    const member = loaded.memberBy.get(r.idHash);
    if (!user && member && member.unitId !== unit._id) {
      out.lateErrors.push(late(r.row, '校验后该职工已由其他单位导入，未导入'));
      continue;
    }
    const enrolment = user
      ? enrolmentDoc(c, k, r, user._id, 'user')
      : enrolmentDoc(c, k, r, memberId, 'member');
    const alt = user ? enrollmentIdFor(memberId, c.program.id, k.coverage.start) : undefined;
    const found = loaded.enrolments.get(enrolment._id) ?? (alt ? loaded.enrolments.get(alt) : undefined);
    if (found && found.importId !== imp._id) {
      out.alreadyEnrolled++;
      out.lateErrors.push(
        late(
          r.row,
          found.status === 'cancelled'
            ? '该职工本期参保记录已取消，请职工在小程序重新参保'
            : '校验后该职工已参保本期项目，未重复导入',
        ),
      );
      continue;
    }
    if (found) {
      // Written by an earlier run of this very chunk: count it once, now.
      out.enrolmentsCreated++;
      if (user) out.linkedToRegistered++;
    } else toEnrol.push(enrolment);
    if (!user) {
      if (!member) toMember.push(memberDoc(c, r, memberId));
      else if (member.importId === imp._id) out.membersCreated++;
    }
  }
  // Members and enrolments go in together (each insert is idempotent: a re-run finds what it wrote).
  const [membersWritten, written] = await Promise.all([
    insertMissing(ctx, 'members', toMember, imp._id),
    insertMissing(ctx, 'enrollments', toEnrol, imp._id),
  ]);
  out.membersCreated += membersWritten.size;
  out.enrolmentsCreated += written.size;
  out.linkedToRegistered += toEnrol.filter((e) => written.has(e._id) && e.personKind === 'user').length;
  return out;
}

/** Take the lease: only when no other call holds a live one. */
export async function takeLease(
  ctx: HandlerContext,
  importId: string,
  leaseMs = LEASE_MS,
): Promise<string | null> {
  const _ = ctx.db.command;
  const leaseId = randomBytes(8).toString('hex');
  const won = await updateWhere(
    coll(ctx.db, 'imports').where({
      _id: importId,
      status: 'committing',
      'commit.leaseUntil': _.lt(ctx.now),
    }),
    { 'commit.leaseId': leaseId, 'commit.leaseUntil': new Date(Date.now() + leaseMs), updatedAt: new Date() },
  );
  return won === 1 ? leaseId : null;
}

/** Record a chunk as done: only by the lease holder, only from the cursor it processed. */
export async function advanceCursor(
  ctx: HandlerContext,
  imp: ImportDoc,
  leaseId: string,
  cursor: number,
  o: ChunkOutcome,
) {
  const _ = ctx.db.command;
  const done = cursor + 1 >= (imp.chunks ?? 0);
  return updateWhere(
    coll(ctx.db, 'imports').where({ _id: imp._id, 'commit.leaseId': leaseId, 'commit.cursor': cursor }),
    {
      'commit.cursor': cursor + 1,
      'commit.rowsDone': _.inc(o.rows),
      'commit.enrolmentsCreated': _.inc(o.enrolmentsCreated),
      'commit.membersCreated': _.inc(o.membersCreated),
      'commit.linkedToRegistered': _.inc(o.linkedToRegistered),
      'commit.alreadyEnrolled': _.inc(o.alreadyEnrolled),
      ...(o.lateErrors.length ? { 'commit.lateErrors': _.push(o.lateErrors.slice(0, 500)) } : {}),
      'commit.leaseUntil': new Date(Date.now() + LEASE_MS),
      ...(done
        ? { status: 'committed', 'commit.finishedAt': new Date(), 'commit.leaseUntil': new Date(0) }
        : {}),
      updatedAt: new Date(),
    },
  );
}

export async function releaseLease(ctx: HandlerContext, importId: string, leaseId: string) {
  await updateWhere(coll(ctx.db, 'imports').where({ _id: importId, 'commit.leaseId': leaseId }), {
    'commit.leaseUntil': new Date(0),
  });
}

/**
 * Process chunks from the cursor until done or the budget is spent. The next chunk is read
 * (chunk document and lookups, see loadChunk) while the current one is written and its cursor
 * moved, so a chunk costs the round trips of its two inserts and the cursor update in sequence.
 * A chunk that fails releases the lease, so the next call resumes at once from the cursor.
 */
export async function runCommit(c: CommitContext, leaseId: string, budgetMs: number): Promise<void> {
  const started = Date.now();
  const k = commonOf(c);
  const imp = c.imp;
  const total = imp.chunks ?? 0;
  let cursor = imp.commit?.cursor ?? 0;
  const inBudget = () => Date.now() - started < budgetMs;
  // Every call moves at least one chunk, however small its budget.
  let next: Promise<LoadedChunk> | null = cursor < total ? loadChunk(c, cursor) : null;
  try {
    while (next) {
      const loaded = await next;
      next = cursor + 1 < total && inBudget() ? loadChunk(c, cursor + 1) : null;
      const outcome = await writeChunk(c, k, loaded);
      if ((await advanceCursor(c.ctx, imp, leaseId, cursor, outcome)) !== 1) {
        next?.catch(() => undefined);
        return; // lost the lease: the holder continues from the cursor
      }
      cursor++;
    }
  } catch (err) {
    next?.catch(() => undefined);
    await releaseLease(c.ctx, imp._id, leaseId).catch(() => undefined);
    throw err;
  }
  if (cursor < total) await releaseLease(c.ctx, imp._id, leaseId);
}
