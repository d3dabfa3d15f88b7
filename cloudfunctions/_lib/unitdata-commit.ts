import { randomBytes } from 'node:crypto';
import { fundedBy } from '@shared/enrolment/offer';
import type { FeeSplit } from '@shared/program';
import type { Program } from '@shared/program/schema';
import type { RowIssue } from '@shared/unitdata';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { getById, isDuplicateKey, updateWhere } from './db';
import { certificateNoFor, enrollmentIdFor, type EnrollmentDoc } from './enrollment-model';
import type { OrgDoc, UserDoc } from './model';
import { noticeHash } from './programs';
import { findIn, memberIdFor } from './unitdata-import';
import type { ImportChunkDoc, ImportDoc, MemberDoc, PaperEnrollmentDoc, StagedRow } from './unitdata-model';

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

function memberDoc(c: CommitContext, r: StagedRow): MemberDoc {
  return {
    _id: memberIdFor(r.idHash),
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
  r: StagedRow,
  personId: string,
  kind: 'member' | 'user',
): PaperEnrollmentDoc {
  const coverage = c.imp.coverage!;
  const _id = enrollmentIdFor(personId, c.program.id, coverage.start);
  // Nothing for the worker to pay: cover starts at once, as an online enrolment would.
  const funded = c.split.workerFen === 0;
  const feeLines = c.split.lines.map((l) => ({ payer: l.payer, label: l.label, amountFen: l.amountFen }));
  return {
    _id,
    userId: personId,
    unitId: c.unit._id,
    programId: c.program.id,
    programName: c.program.name,
    series: c.program.series,
    coverage,
    status: funded ? 'active' : 'pending_payment',
    totalFen: c.split.totalFen,
    workerFen: c.split.workerFen,
    feeLines,
    ...(funded
      ? {
          fundedBy: fundedBy(feeLines),
          activatedAt: c.ctx.now,
          certificateNo: certificateNoFor({ _id, coverage }),
        }
      : {}),
    consent: { version: c.program.notice.version, hash: noticeHash(c.program), at: c.ctx.now },
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

/** Insert documents that may already exist: one batch, or (on a duplicate) one by one. Returns the ids written. */
async function insertMissing(ctx: HandlerContext, name: 'members' | 'enrollments', docs: { _id: string }[]) {
  if (docs.length === 0) return new Set<string>();
  try {
    await coll(ctx.db, name).add({ data: docs as never });
    return new Set(docs.map((d) => d._id));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const written = new Set<string>();
  for (const d of docs) {
    try {
      await coll(ctx.db, name).add({ data: d as never });
      written.add(d._id);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return written;
}

/** One chunk: who is linked, who is created, who is enrolled already; then two batch inserts. */
export async function processChunk(c: CommitContext, chunk: ImportChunkDoc): Promise<ChunkOutcome> {
  const { ctx } = c;
  const hashes = chunk.rows.map((r) => r.idHash);
  const [users, members] = await Promise.all([
    findIn<UserDoc>(ctx, 'users', 'idHash', hashes),
    findIn<MemberDoc>(ctx, 'members', 'idHash', hashes),
  ]);
  const memberKnown = new Set(members.map((m) => m._id));
  const userBy = new Map(users.map((u) => [u.idHash!, u]));
  const out: ChunkOutcome = {
    rows: chunk.rows.length,
    enrolmentsCreated: 0,
    membersCreated: 0,
    linkedToRegistered: 0,
    alreadyEnrolled: 0,
    lateErrors: [],
  };
  const plans: { r: StagedRow; enrolment: PaperEnrollmentDoc; member?: MemberDoc; alt?: string }[] = [];
  for (const r of chunk.rows) {
    const user = userBy.get(r.idHash);
    if (user?.unitId && user.unitId !== c.unit._id && user.unitStatus !== 'none') {
      out.lateErrors.push(late(r.row, '校验后该职工已登记为其他单位的职工，未导入'));
      continue;
    }
    const memberId = memberIdFor(r.idHash);
    plans.push(
      user
        ? {
            r,
            enrolment: enrolmentDoc(c, r, user._id, 'user'),
            alt: enrollmentIdFor(memberId, c.program.id, c.imp.coverage!.start),
          }
        : { r, enrolment: enrolmentDoc(c, r, memberId, 'member'), member: memberDoc(c, r) },
    );
  }
  // Enrolments can exist only for people who exist: a fresh chunk asks for none.
  const ids = plans
    .filter((p) => !p.member || memberKnown.has(p.member._id))
    .flatMap((p) => [p.enrolment._id, ...(p.alt ? [p.alt] : [])]);
  const existing = new Map(
    (await findIn<EnrollmentDoc & { importId?: string }>(ctx, 'enrollments', '_id', ids)).map((e) => [
      e._id,
      e,
    ]),
  );
  const toEnrol: PaperEnrollmentDoc[] = [];
  const toMember: MemberDoc[] = [];
  for (const p of plans) {
    const found = [existing.get(p.enrolment._id), p.alt ? existing.get(p.alt) : undefined].find(Boolean);
    if (found && found.importId === c.imp._id) {
      // Written by an earlier run of this very chunk: count it once, now.
      out.enrolmentsCreated++;
      if (!p.member) out.linkedToRegistered++;
      continue;
    }
    if (found) {
      out.alreadyEnrolled++;
      out.lateErrors.push(
        late(
          p.r.row,
          found.status === 'cancelled'
            ? '该职工本期参保记录已取消，请职工在小程序重新参保'
            : '校验后该职工已参保本期项目，未重复导入',
        ),
      );
      continue;
    }
    toEnrol.push(p.enrolment);
    if (p.member) toMember.push(p.member);
  }
  // Members and enrolments go in together (each insert is idempotent: a re-run finds what it wrote).
  const [membersWritten, written] = await Promise.all([
    insertMissing(
      ctx,
      'members',
      toMember.filter((m) => !memberKnown.has(m._id)),
    ),
    insertMissing(ctx, 'enrollments', toEnrol),
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

/** Process chunks from the cursor until done or the budget is spent. */
export async function runCommit(c: CommitContext, leaseId: string, budgetMs: number): Promise<void> {
  const started = Date.now();
  let imp = c.imp;
  while ((imp.commit?.cursor ?? 0) < (imp.chunks ?? 0) && Date.now() - started < budgetMs) {
    const cursor = imp.commit!.cursor;
    const chunk = await getById(c.ctx.db, 'importChunks', `${imp._id}_${cursor}`);
    const outcome = chunk
      ? await processChunk({ ...c, imp }, chunk)
      : {
          rows: 0,
          enrolmentsCreated: 0,
          membersCreated: 0,
          linkedToRegistered: 0,
          alreadyEnrolled: 0,
          lateErrors: [],
        };
    if ((await advanceCursor(c.ctx, imp, leaseId, cursor, outcome)) !== 1) return; // lost the lease
    imp = { ...imp, commit: { ...imp.commit!, cursor: cursor + 1 } };
  }
  if ((imp.commit?.cursor ?? 0) < (imp.chunks ?? 0)) await releaseLease(c.ctx, imp._id, leaseId);
}
