import { chinaToday, type IsoDate } from '@shared/calendar';
import type { Sex } from '@shared/identity';
import { fundedBy } from '@shared/enrolment/offer';
import { AppError } from '@shared/errors';
import { groupApplicationLifecycle } from '@shared/lifecycle';
import { memberCheck } from '@shared/officer/application';
import { coveragePeriodFor } from '@shared/program/enrolment';
import type { Program } from '@shared/program/schema';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, insert, isDuplicateKey, updateWhere } from './db';
import { certificateNoFor, enrollmentIdFor, type EnrollmentDoc } from './enrollment-model';
import type { UserDoc } from './model';
import {
  memberIdFor,
  type ApplicationMemberDoc,
  type GroupApplicationDoc,
  type QuotaAllocationDoc,
} from './officer-model';
import { personFacts } from './pii';
import { noticeHash } from './programs';
import { givePlace, releaseMember, takePlace } from './quota';

/** What the group-application actions share: the view, member checks, reservations, settlement. */

const iso = (d?: Date | string) => (d ? new Date(d).toISOString() : undefined);

export function applicationView(a: GroupApplicationDoc, members?: number) {
  const count = members ?? a.members ?? 0;
  return {
    id: a._id,
    unitId: a.unitId,
    unitName: a.unitName,
    programId: a.programId,
    programName: a.programName,
    route: a.route,
    batchId: a.batchId,
    funding: a.funding,
    status: a.status,
    statusLabel: groupApplicationLifecycle.labels[a.status],
    members: count,
    unionMembers: a.unionMembers,
    perMemberFen: a.perMemberFen,
    amountOwedFen: a.amountOwedFen ?? count * a.perMemberFen,
    reason: a.reason,
    submittedAt: iso(a.submittedAt),
    decidedAt: iso(a.decidedAt),
    pendingSettlement: a.pendingSettlement,
  };
}

export async function requireApplication(ctx: HandlerContext, id: string): Promise<GroupApplicationDoc> {
  const app = await getById(ctx.db, 'groupApplications', id);
  if (!app) throw new AppError('GROUP.NOT_FOUND', undefined, 'payload.applicationId');
  return app;
}

export interface MemberFacts {
  record: ApplicationMemberDoc | null;
  enrolments: EnrollmentDoc[];
  withMainApp: boolean;
}
export interface Candidate {
  userId: string;
  user: UserDoc | null;
  facts: MemberFacts;
}
export type MemberOutcome =
  | { userId: string; added: true; quotaPlace: boolean; flags: string[] }
  | { userId: string; added: false; code: string; message: string };

/**
 * The facts one member is checked on, in one parallel round trip: the member's own record in
 * this application (the reservation), their enrolments, and — for a rider — their record in
 * the unit's application for the main program.
 */
export async function memberFacts(
  ctx: HandlerContext,
  app: GroupApplicationDoc,
  userId: string,
  mainAppIds: Promise<string[]>,
): Promise<MemberFacts> {
  const [record, enrolments, withMainApp] = await Promise.all([
    getById(ctx.db, 'applicationMembers', memberIdFor(app._id, userId)),
    findMany<EnrollmentDoc>(
      coll(ctx.db, 'enrollments').where({ userId }).orderBy('createdAt', 'desc').limit(100),
    ),
    mainAppIds
      .then((ids) =>
        Promise.all(ids.map((id) => getById(ctx.db, 'applicationMembers', memberIdFor(id, userId)))),
      )
      .then((mains) => mains.some((m) => m !== null && (m.status === 'held' || m.status === 'enrolled'))),
  ]);
  return { record, enrolments, withMainApp };
}

/**
 * Submit one member. A free place is the reservation: the member's record is read first (with
 * the other facts), so a retry finds it and stops; then a place is taken by ONE conditional
 * decrement, then the record is written on its deterministic id; a racing duplicate loses the
 * write and gives its place back. Round trips of the reservation (sequential): facts 1 (read
 * with the handler's loads), decrement 1 (a full random slice adds 1 read + 1 per slice
 * tried), record 1.
 */
export async function submitMember(
  ctx: HandlerContext,
  app: GroupApplicationDoc,
  program: Program,
  allocation: Pick<QuotaAllocationDoc, '_id' | 'slices'> | null,
  candidate: Candidate,
): Promise<MemberOutcome> {
  const { userId, user, facts } = candidate;
  const refuse = (code: string, message: string): MemberOutcome => ({ userId, added: false, code, message });
  if (!user || user.unitId !== app.unitId || user.unitStatus !== 'approved')
    return refuse('GROUP.NOT_A_MEMBER', '该职工不是本单位已审核通过的成员');
  if (facts.record && (facts.record.status === 'held' || facts.record.status === 'enrolled'))
    return { userId, added: true, quotaPlace: Boolean(facts.record.sliceId), flags: facts.record.flags };
  const person: { birthDate?: IsoDate; sex?: Sex } = personFacts(user) ?? {};
  const check = memberCheck(program, {
    today: chinaToday(ctx.now),
    route: app.route,
    birthDate: person.birthDate,
    sex: person.sex,
    hasUnionCard: Boolean(user.unionCardCipher),
    existing: facts.enrolments.map((e) => ({
      programId: e.programId,
      series: e.series,
      period: e.coverage,
      status: e.status,
    })),
    withMain: facts.withMainApp,
  });
  if (check.refusal) return refuse(check.refusal.code, check.refusal.message);
  let sliceId: string | undefined;
  if (allocation) {
    sliceId = (await takePlace(ctx, allocation)) ?? undefined;
    if (!sliceId) return refuse('QUOTA.EXHAUSTED', '本批次普惠名额已用完');
  }
  let written: boolean;
  try {
    written = await writeMember(ctx, app, userId, facts.record, sliceId, check.flags);
  } catch (err) {
    if (sliceId) await returnUnwritten(ctx, app, userId, sliceId);
    throw err;
  }
  // Lost to a racing submission of the same member: that one holds the place, ours goes back.
  if (!written && sliceId) await givePlace(ctx, sliceId);
  return { userId, added: true, quotaPlace: Boolean(sliceId), flags: check.flags };
}

/**
 * The member record's write failed after its place was taken (a full disk, a refused write):
 * the place goes back unless the record holds it anyway (a write that landed but whose answer
 * was lost). Giving back a place a record holds would oversell, so when even this read fails the
 * place stays taken — a place reserved for nobody is the lesser error. Round trips: 1 read, plus
 * 1 when the place goes back.
 */
async function returnUnwritten(
  ctx: HandlerContext,
  app: GroupApplicationDoc,
  userId: string,
  sliceId: string,
) {
  try {
    const record = await getById(ctx.db, 'applicationMembers', memberIdFor(app._id, userId));
    const holds = record?.sliceId === sliceId && (record.status === 'held' || record.status === 'enrolled');
    if (!holds) await givePlace(ctx, sliceId);
  } catch {
    // The caller reports the write's own failure; this one adds nothing the officer can act on.
  }
}

/** The member record: created, or moved back to held from withdrawn / released. false = lost a race. */
async function writeMember(
  ctx: HandlerContext,
  app: GroupApplicationDoc,
  userId: string,
  existing: ApplicationMemberDoc | null,
  sliceId: string | undefined,
  flags: string[],
): Promise<boolean> {
  const _id = memberIdFor(app._id, userId);
  const data = {
    status: 'held' as const,
    ...(sliceId ? { sliceId } : {}),
    flags,
    submittedAt: ctx.now,
    updatedAt: ctx.now,
  };
  if (existing) {
    const _ = ctx.db.command;
    return (
      (await updateWhere(
        coll(ctx.db, 'applicationMembers').where({ _id, status: _.in(['withdrawn', 'released']) }),
        data,
      )) === 1
    );
  }
  try {
    await insert(ctx.db, 'applicationMembers', {
      _id,
      applicationId: app._id,
      unitId: app.unitId,
      userId,
      ...data,
    });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

const SETTLE_PAGE = 100;
const SETTLE_PAGES_PER_CALL = 10;

/** The enrolment an approved application gives one member, on the enrolment model's own id. */
function memberEnrollment(
  app: GroupApplicationDoc,
  program: Program,
  member: ApplicationMemberDoc,
  now: Date,
) {
  const coverage = coveragePeriodFor(program, (app.effectiveDate ?? chinaToday(now)) as IsoDate);
  const _id = enrollmentIdFor(member.userId, program.id, coverage.start);
  const free = app.funding === 'quota';
  const doc: EnrollmentDoc = {
    _id,
    userId: member.userId,
    unitId: app.unitId,
    programId: program.id,
    programName: program.name,
    series: program.series,
    coverage,
    status: free ? 'active' : 'pending_payment',
    totalFen: program.fee.perShareFen,
    workerFen: 0,
    feeLines: app.feeLines,
    ...(free ? { fundedBy: fundedBy(app.feeLines) } : {}),
    consent: { version: program.notice.version, hash: noticeHash(program), at: now },
    declarations: [],
    // The unit's stamped group application stands for the members' signatures.
    signatureFileId: `unit:${app._id}`,
    warnings: member.flags,
    orderAttempts: 0,
    note: free ? '单位团体参保（普惠名额）' : '单位团体参保：单位转账缴费，待互助保障中心确认到账',
    createdAt: now,
    updatedAt: now,
  };
  if (free) {
    doc.activatedAt = now;
    doc.certificateNo = certificateNoFor(doc);
  }
  return doc;
}

/** One approved member: the enrolment is created once (a member already covered gives the place back). */
async function enrolMember(
  ctx: HandlerContext,
  app: GroupApplicationDoc,
  program: Program,
  m: ApplicationMemberDoc,
) {
  const { _id, ...doc } = memberEnrollment(app, program, m, ctx.now);
  let ours = true;
  try {
    await insert(ctx.db, 'enrollments', { _id, ...doc });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const _ = ctx.db.command;
    ours = (await updateWhere(coll(ctx.db, 'enrollments').where({ _id, status: 'cancelled' }), doc)) === 1;
  }
  if (!ours) return releaseMember(ctx, m, 'released');
  await updateWhere(coll(ctx.db, 'applicationMembers').where({ _id: m._id, status: 'held' }), {
    status: 'enrolled',
    enrollmentId: _id,
    updatedAt: ctx.now,
  });
  return true;
}

/**
 * Write what a decision means for the members still held, a bounded number per call: approved
 * → their enrolments; rejected or withdrawn → their places back. Idempotent (members leave the
 * held state as they are written), so a cut-short call is finished by calling again.
 */
export async function settle(ctx: HandlerContext, app: GroupApplicationDoc, program: Program | null) {
  if (!app.pendingSettlement) return app;
  for (let i = 0; i < SETTLE_PAGES_PER_CALL; i++) {
    const held = await findMany<ApplicationMemberDoc>(
      coll(ctx.db, 'applicationMembers')
        .where({ applicationId: app._id, status: 'held' })
        .orderBy('submittedAt', 'asc')
        .limit(SETTLE_PAGE),
    );
    await Promise.all(
      held.map((m) =>
        app.status === 'approved' && program
          ? enrolMember(ctx, app, program, m)
          : releaseMember(ctx, m, 'released'),
      ),
    );
    if (held.length < SETTLE_PAGE) return finish(ctx, app);
  }
  return app;
}

async function finish(ctx: HandlerContext, app: GroupApplicationDoc) {
  const members =
    app.status === 'approved'
      ? (
          (await coll(ctx.db, 'applicationMembers')
            .where({ applicationId: app._id, status: 'enrolled' })
            .count()) as unknown as {
            total: number;
          }
        ).total
      : (app.members ?? 0);
  const amountOwedFen = app.status === 'approved' ? members * app.perMemberFen : 0;
  const done = { pendingSettlement: false, members, amountOwedFen, updatedAt: ctx.now };
  await updateWhere(coll(ctx.db, 'groupApplications').where({ _id: app._id }), done);
  return { ...app, ...done };
}
