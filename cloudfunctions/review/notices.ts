import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { objectionLifecycle } from '@shared/lifecycle';
import { grantFor } from '@shared/officer/roles';
import { formatYuan, toYuanString } from '@shared/money';
import {
  findRejectReason,
  noticeLine,
  objectionClosesOn,
  objectionOpen,
  reviewPolicyFor,
} from '@shared/review';
import { currentUser } from '../_lib/access';
import type { ClaimDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { countOf, findMany, findPage, getById, transaction, txGet } from '../_lib/db';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { batchOrg, requireBatch, txClaimWrites, txReplaceBatch } from '../_lib/payouts';
import { loadProgram } from '../_lib/programs';
import { consume } from '../_lib/rate-limit';
import { requireOfficer, requireOn, requireRolesOverOrg, ROLES } from '../_lib/review-access';
import {
  auditFor,
  commitReview,
  loadClaimForOfficer,
  loadDetail,
  officerActor,
  officerView,
  stepped,
  without,
  type ReviewLoad,
} from '../_lib/review-claims';
import type { NoticeDoc, ObjectionDoc } from '../_lib/review-model';
import { exportWorkbook } from '../_lib/xlsx-write';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

const OBJECTION_LIMIT = {
  bucket: 'objection',
  max: 20,
  windowMs: 60 * 60 * 1000,
  code: 'COMMON.RATE_LIMITED',
} as const;

function noticeView(n: NoticeDoc, now: Date) {
  return {
    id: n._id,
    title: n.title,
    programName: n.programName,
    publishedOn: n.publishedOn,
    objectionClosesOn: n.objectionClosesOn,
    objectionOpen: chinaToday(now) <= n.objectionClosesOn,
    totalFen: n.totalFen,
    lines: n.lines,
  };
}

/**
 * Publish the batch's 公示: masked names (张*三), masked IDs, unit, benefit and amount only; the
 * objection window comes from the program's review policy. The batch must have gone to the bank
 * (exported) or be settled; one notice per batch.
 * Round trips: 1 caller ∥ batch, 2 program ∥ workers ∥ units, 3–5 the transaction.
 */
export async function noticePublish(input: In<'noticePublish'>, ctx: HandlerContext) {
  const [user, batch] = await Promise.all([requireOfficer(ctx), requireBatch(ctx, input.batchId)]);
  if (!grantFor(user.grants ?? [], [...ROLES.centre, ...ROLES.finance], batchOrg(batch)))
    throw new AppError('REVIEW.OUTSIDE_SUBTREE');
  if (batch.noticeId) throw new AppError('REVIEW.NOTICE_EXISTS');
  if (batch.status !== 'exported' && batch.status !== 'settled')
    throw new AppError('REVIEW.NOTICE_TOO_EARLY');
  const _ = ctx.db.command;
  const shown = batch.items.filter((i) => i.status === 'pending' || i.status === 'paid');
  const [{ program }, workers, units] = await Promise.all([
    loadProgram(ctx.db, batch.programId),
    findMany<UserDoc>(
      coll(ctx.db, 'users')
        .where({ _id: _.in(shown.map((i) => i.workerId)) })
        .limit(100),
    ),
    findMany<OrgDoc>(
      coll(ctx.db, 'orgs')
        .where({ _id: _.in([...new Set(shown.map((i) => i.unitId))]) })
        .limit(100),
    ),
  ]);
  const w = new Map(workers.map((u) => [u._id, u]));
  const u = new Map(units.map((o) => [o._id, o.name]));
  const days = reviewPolicyFor(program).objectionWindowDays;
  const today = chinaToday(ctx.now);
  const notice: NoticeDoc = {
    _id: `nt_${randomBytes(12).toString('hex')}`,
    batchId: batch._id,
    orgId: batch.orgId,
    scope: batch.scope,
    programId: batch.programId,
    programName: batch.programName,
    title: `${batch.programName}补助发放公示（${batch.no}）`,
    publishedOn: today,
    objectionClosesOn: objectionClosesOn(today, days),
    lines: shown.map((i, n) =>
      noticeLine(
        n + 1,
        { name: w.get(i.workerId)?.name ?? i.workerName, idMasked: w.get(i.workerId)?.idMasked },
        { unitName: u.get(i.unitId) ?? '', benefitName: i.benefitName, amountFen: i.amountFen },
      ),
    ),
    claimIds: shown.map((i) => i.claimId),
    totalFen: shown.reduce((t, i) => t + i.amountFen, 0),
    publishedAt: ctx.now,
    publishedBy: user._id,
  };
  const { _id: aid, ...audit } = auditFor(
    ctx,
    { _id: batch._id, unitId: batch.orgId, scope: batch.scope },
    {
      actorId: user._id,
      action: 'review.notice.publish',
      subject: { kind: 'notice', id: notice._id },
      detail: { batchId: batch._id, lines: notice.lines.length },
    },
  );
  await transaction(ctx.db, async (tx) => {
    const now = await txGet(tx, 'payoutBatches', batch._id);
    if (!now || now.noticeId) throw new AppError('REVIEW.NOTICE_EXISTS');
    const { _id, ...data } = notice;
    await Promise.all([
      tx.collection('notices').doc(_id).set({ data }),
      txReplaceBatch(tx, {
        ...now,
        _id: batch._id,
        noticeId: notice._id,
        version: now.version + 1,
        updatedAt: ctx.now,
      }),
      tx
        .collection('auditLog')
        .doc(aid)
        .set({ data: without(audit, 'claimId') }),
    ]);
  });
  return noticeView(notice, ctx.now);
}

/** Public (no sign-in). Index: notices (publishedAt). */
export async function noticeList(input: In<'noticeList'>, ctx: HandlerContext) {
  const { docs, ...page } = await findPage<NoticeDoc>(
    coll(ctx.db, 'notices').where({}),
    { field: 'publishedAt', direction: 'desc' },
    input,
  );
  return { ...page, items: docs.map((n) => without(noticeView(n, ctx.now), 'lines')) };
}

async function requireNotice(ctx: HandlerContext, noticeId: string) {
  const n = await getById(ctx.db, 'notices', noticeId);
  if (!n) throw new AppError('REVIEW.NOTICE_NOT_FOUND', undefined, 'payload.noticeId');
  return n;
}

/** Public (no sign-in). */
export async function noticeGet(input: In<'noticeGet'>, ctx: HandlerContext) {
  return noticeView(await requireNotice(ctx, input.noticeId), ctx.now);
}

/** Public (no sign-in): the notice as .xlsx (masked lines only). */
export async function noticeFile(input: In<'noticeFile'>, ctx: HandlerContext) {
  const n = await requireNotice(ctx, input.noticeId);
  const out = await exportWorkbook(
    [
      {
        name: '公示',
        titles: [
          n.title,
          `公示日期 ${n.publishedOn}，异议截止 ${n.objectionClosesOn}；合计 ${formatYuan(n.totalFen)}`,
        ],
        columns: [
          { header: '序号', width: 6 },
          { header: '姓名', width: 10 },
          { header: '身份证号', width: 22 },
          { header: '单位', width: 30 },
          { header: '补助项目', width: 20 },
          { header: '金额（元）', width: 12 },
        ],
        rows: n.lines.map((l) => [
          l.lineNo,
          l.name,
          l.idMasked,
          l.unitName,
          l.benefitName,
          toYuanString(l.amountFen),
        ]),
      },
    ],
    `公示-${n.publishedOn}.xlsx`,
    ctx.now,
  );
  return { fileName: out.fileName, url: out.url, expiresAt: out.expiresAt };
}

function objectionView(o: ObjectionDoc) {
  return {
    id: o._id,
    noticeId: o.noticeId,
    lineNo: o.lineNo,
    claimId: o.claimId,
    reason: o.reason,
    status: o.status,
    statusLabel: objectionLifecycle.labels[o.status],
    createdAt: new Date(o.createdAt).toISOString(),
    effect: o.effect,
    resolution: o.resolution
      ? { note: o.resolution.note, at: new Date(o.resolution.at).toISOString() }
      : undefined,
  };
}

const addFlags = (c: ClaimDoc, ...flags: string[]) => [...new Set([...(c.flags ?? []), ...flags])];

/**
 * Anyone signed in objects to one line within the window. Logged (who, which line, when); the
 * claim's payout is held (an approved or in-payout claim) or the claim is flagged for recovery
 * (already paid) until an officer resolves it. Outside the window: REVIEW.OBJECTION_WINDOW_CLOSED.
 */
export async function object(input: In<'object'>, ctx: HandlerContext) {
  ctx.openid();
  const [user, notice] = await Promise.all([currentUser(ctx), requireNotice(ctx, input.noticeId)]);
  if (!user) throw new AppError('AUTH.UNAUTHENTICATED');
  if (!objectionOpen(notice.publishedOn, daysOf(notice), chinaToday(ctx.now)))
    throw new AppError('REVIEW.OBJECTION_WINDOW_CLOSED');
  const claimId = notice.claimIds[input.lineNo - 1];
  if (!claimId) throw new AppError('REVIEW.NO_SUCH_LINE', undefined, 'payload.lineNo');
  await consume(ctx, OBJECTION_LIMIT, user._id);
  const id = `ob_${randomBytes(12).toString('hex')}`;
  await transaction(ctx.db, async (tx) => {
    const claim = await txGet(tx, 'claims', claimId);
    if (!claim) throw new AppError('CLAIM.NOT_FOUND');
    const c = { ...claim, _id: claimId };
    const paid = ['paid', 'recovery', 'recovered'].includes(c.status);
    const objection: ObjectionDoc = {
      _id: id,
      noticeId: notice._id,
      lineNo: input.lineNo,
      claimId,
      scope: c.scope ?? notice.scope,
      byUserId: user._id,
      reason: input.reason,
      status: 'open',
      effect: paid ? 'recovery_review' : 'held',
      createdAt: ctx.now,
    };
    const actor = { userId: user._id, role: 'system' as const, name: '公示异议' };
    const next = stepped(
      ctx,
      c,
      actor,
      paid
        ? { flags: addFlags(c, 'objection', 'recovery_review') }
        : { flags: addFlags(c, 'objection', 'held'), hold: c.hold ?? { objectionId: id, at: ctx.now } },
      {
        action: 'objection',
        text: paid ? '公示期间收到异议，待核实是否追回' : '公示期间收到异议，暂停发放，待核实',
      },
    );
    const { _id, ...data } = objection;
    await Promise.all([
      tx.collection('objections').doc(_id).set({ data }),
      ...txClaimWrites(ctx, tx, next, {
        actorId: user._id,
        action: 'review.objection',
        subject: { kind: 'objection', id },
        detail: { noticeId: notice._id, lineNo: input.lineNo },
      }),
    ]);
  });
  return { objectionId: id, received: true as const };
}

/** The window of a notice, as published (the closing day is stored). */
const daysOf = (n: NoticeDoc) =>
  Math.round((Date.parse(n.objectionClosesOn) - Date.parse(n.publishedOn)) / 86_400_000);

/** Index: objections (scope, status, createdAt). */
export async function objections(input: In<'objections'>, ctx: HandlerContext) {
  const { org } = await requireRolesOverOrg(ctx, ROLES.centre, input.orgId);
  const { docs, ...page } = await findPage<ObjectionDoc>(
    coll(ctx.db, 'objections').where({ scope: org._id, ...(input.status ? { status: input.status } : {}) }),
    { field: 'createdAt', direction: 'desc' },
    input,
  );
  return { ...page, items: docs.map(objectionView) };
}

/** What an upheld objection does to the claim: rejected before payment, recovery after it. */
function upheldChange(c: ClaimDoc, note: string, now: Date): Partial<ClaimDoc> {
  if (['paid'].includes(c.status))
    return {
      status: 'recovery',
      recovery: {
        reasonCode: 'OBJECTION_UPHELD',
        note,
        amountFen: c.decision?.amountFen ?? 0,
        startedAt: now,
      },
    };
  return {
    status: 'rejected',
    decision: {
      amountFen: 0,
      decidedAt: now,
      reasonCode: 'OBJECTION_UPHELD',
      reason: note,
      proposedFen: c.decision?.amountFen,
    },
  };
}

/**
 * Resolve an objection (a centre reviewer or admin over the claim's unit): dismissed clears the
 * hold (unless another objection is still open); upheld rejects a claim not yet paid (taking it
 * out of its batch) or starts the recovery of a paid one (已发放的补助，予以追回).
 */
export async function resolveObjection(input: In<'resolveObjection'>, ctx: HandlerContext) {
  const [user, o] = await Promise.all([
    requireOfficer(ctx),
    getById(ctx.db, 'objections', input.objectionId),
  ]);
  if (!o) throw new AppError('REVIEW.OBJECTION_NOT_FOUND', undefined, 'payload.objectionId');
  const { claim } = await loadClaimForOfficer(ctx, o.claimId);
  requireOn(user, ROLES.centre, claim);
  if (o.status !== 'open') throw new AppError('REVIEW.OBJECTION_RESOLVED');
  const others = await countOf(coll(ctx.db, 'objections').where({ claimId: o.claimId, status: 'open' }));
  const actor = officerActor(user);
  const resolved: ObjectionDoc = {
    ...o,
    status: input.outcome,
    resolution: { note: input.note, by: user._id, at: ctx.now },
  };
  await transaction(ctx.db, async (tx) => {
    const fresh = await txGet(tx, 'objections', o._id);
    if (fresh?.status !== 'open') throw new AppError('REVIEW.OBJECTION_RESOLVED');
    const raw = await txGet(tx, 'claims', o.claimId);
    const c = { ...raw!, _id: o.claimId };
    const stillHeld = others > 1;
    const cleared = stillHeld
      ? c
      : {
          ...without(c, 'hold'),
          flags: (c.flags ?? []).filter((f) => !['objection', 'held', 'recovery_review'].includes(f)),
        };
    const next =
      input.outcome === 'dismissed'
        ? stepped(
            ctx,
            cleared,
            actor,
            {},
            { action: 'objection_dismissed', text: `公示异议经核实不成立：${input.note}` },
          )
        : upheld(ctx, cleared, actor, input.note);
    const { _id, ...data } = resolved;
    await Promise.all([
      tx.collection('objections').doc(_id).set({ data }),
      ...txClaimWrites(
        ctx,
        tx,
        next,
        {
          actorId: user._id,
          action: `review.objection.${input.outcome}`,
          subject: { kind: 'objection', id: o._id },
        },
        input.outcome === 'upheld'
          ? next.status === 'recovery'
            ? '经核实需追回已发放的补助'
            : '经公示核实，不予给付'
          : undefined,
      ),
    ]);
  });
  return objectionView(resolved);
}

/**
 * An upheld objection: a paid claim goes to recovery; one not yet paid is rejected — taken out of
 * its batch first when it is in one (in_payout → approved → rejected, both on the timeline).
 */
function upheld(
  ctx: HandlerContext,
  c: ClaimDoc,
  actor: ReturnType<typeof officerActor>,
  note: string,
): ClaimDoc {
  const change = upheldChange(c, note, ctx.now);
  const base =
    c.status === 'in_payout'
      ? stepped(
          ctx,
          without(c, 'payoutBatchId'),
          actor,
          { status: 'approved' },
          { action: 'payout_withdrawn', text: '撤出发放批次', status: 'approved' },
        )
      : c;
  return stepped(ctx, without(base, 'hold'), actor, change, {
    action: 'objection_upheld',
    text: `公示异议经核实成立：${note}`,
    status: change.status,
  });
}

/**
 * One step of recovering a paid subsidy, by the centre over the claim's subtree: the role is
 * checked before anything the input names is judged, then the stage, then `step` (which may
 * refuse, e.g. an unknown reason). The claim, its audit entry and the worker's message in one
 * conditional write (commitReview). Round trips: 1 caller ∥ claim, 2 detail, 3 claim, 4 records.
 */
async function recoveryStep(
  ctx: HandlerContext,
  claimId: string,
  expect: ClaimDoc['status'],
  step: (l: ReviewLoad) => {
    change: Partial<ClaimDoc>;
    event: { action: string; text: string; status: ClaimDoc['status'] };
  },
  note: string,
) {
  const { user, claim } = await loadClaimForOfficer(ctx, claimId);
  requireOn(user, ROLES.centre, claim);
  if (claim.status !== expect)
    throw new AppError(expect === 'paid' ? 'REVIEW.NOT_PAID' : 'REVIEW.WRONG_STAGE');
  const l = await loadDetail(ctx, user, claim);
  const { change, event } = step(l);
  const next = stepped(ctx, claim, officerActor(user), change, event);
  await commitReview(ctx, claim, next, {
    audit: { actorId: user._id, action: `review.${event.action}`, subject: { kind: 'claim', id: claim._id } },
    note,
  });
  return officerView(ctx, { ...l, claim: next });
}

/** 已发放的补助，予以追回: a paid claim found to fall under an exclusion (or another recoverable reason). */
export async function startRecovery(input: In<'startRecovery'>, ctx: HandlerContext) {
  return recoveryStep(
    ctx,
    input.claimId,
    'paid',
    (l) => {
      const reason = findRejectReason(l.program, l.claim.benefitId, input.reasonCode);
      if (!reason) throw new AppError('REVIEW.UNKNOWN_REASON', undefined, 'payload.reasonCode');
      return {
        change: {
          recovery: {
            reasonCode: reason.code,
            note: input.note,
            amountFen: l.claim.decision?.amountFen ?? 0,
            startedAt: ctx.now,
          },
        },
        event: {
          action: 'recovery_started',
          text: `追回已发放的补助：${reason.label}。${input.note}`,
          status: 'recovery',
        },
      };
    },
    '经核实需追回已发放的补助',
  );
}

export async function recordRecovered(input: In<'recordRecovered'>, ctx: HandlerContext) {
  return recoveryStep(
    ctx,
    input.claimId,
    'recovery',
    (l) => ({
      change: { recovery: { ...l.claim.recovery!, recoveredAt: ctx.now } },
      event: { action: 'recovered', text: `已追回补助款：${input.note}`, status: 'recovered' },
    }),
    '已追回补助款',
  );
}
