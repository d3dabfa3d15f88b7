import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { findBenefit } from '@shared/benefits';
import { estimateClaim, type StoredClaim } from '@shared/claims';
import { AppError } from '@shared/errors';
import { appraisalMeetingLifecycle } from '@shared/lifecycle';
import { grantFor } from '@shared/officer/roles';
import { formatYuan, toYuanString } from '@shared/money';
import { RECUSAL_LABELS, recusalReason, reviewPolicyFor, tally, type Vote } from '@shared/review';
import type { AuthorisationDoc, ClaimDoc } from '../_lib/claim-model';
import { incidentKeyOf, openClaim } from '../_lib/claims';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, transaction, txGet } from '../_lib/db';
import type { UserDoc } from '../_lib/model';
import { txClaimWrites } from '../_lib/payouts';
import { loadProgram } from '../_lib/programs';
import { requireOfficer, requireRolesOverOrg, ROLES, scopeOfOrg, stampScopes } from '../_lib/review-access';
import { approvedClaim, officerActor, stepped, without } from '../_lib/review-claims';
import type { AppraisalMeetingDoc, MeetingAgendaItem } from '../_lib/review-model';
import { exportWorkbook } from '../_lib/xlsx-write';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

/** One meeting decides at most this many claims (its closing is one transaction). */
export const MAX_AGENDA = 50;

const VOTE_LABELS: Record<Vote, string> = { approve: '同意', reject: '不同意', abstain: '弃权' };

async function ruleOf(ctx: HandlerContext, m: AppraisalMeetingDoc) {
  const { program } = await loadProgram(ctx.db, m.programId);
  return { program, rule: reviewPolicyFor(program).meeting };
}

function meetingView(m: AppraisalMeetingDoc, rule: ReturnType<typeof reviewPolicyFor>['meeting']) {
  return {
    id: m._id,
    programId: m.programId,
    benefitId: m.benefitId,
    quarter: m.quarter,
    status: m.status,
    statusLabel: appraisalMeetingLifecycle.labels[m.status],
    heldOn: m.heldOn,
    rule: rule.label,
    members: m.members,
    agenda: m.agenda.map((a) => {
      const t = tally(
        a.votes.map((v) => v.vote),
        m.members.length - a.recused.length,
        rule,
      );
      return {
        claimId: a.claimId,
        workerName: a.workerName,
        unitId: a.unitId,
        proposedFen: a.proposedFen,
        recused: a.recused,
        votes: a.votes.map(({ userId, name, vote }) => ({ userId, name, vote })),
        tally: t.text,
        outcome: t.outcome,
        applied: a.applied,
      };
    }),
    closedAt: m.closedAt ? new Date(m.closedAt).toISOString() : undefined,
  };
}

const stored = (d: ClaimDoc): StoredClaim => ({
  id: d._id,
  status: d.status,
  benefitId: d.benefitId,
  facts: openClaim(d).facts,
  decision: d.decision ? { amountFen: d.decision.amountFen } : undefined,
});

/**
 * Form the quarter's appraisal meeting (每季度末组织一次重大疾病鉴定会): the agenda is the quarter's
 * critical-illness claims referred to it; each member related to the worker (an authorisation on
 * the enrolment, filed it, is the worker) or of the same unit is recorded as recused on that claim.
 * Round trips: 1 caller ∥ org ∥ program ∥ members ∥ unstamped claims, 2 the agenda, 3 the
 * enrolments' claims ∥ authorisations, 4 the insert.
 */
export async function meetingCreate(input: In<'meetingCreate'>, ctx: HandlerContext) {
  const _ = ctx.db.command;
  const [{ user, org }, { program }, members] = await Promise.all([
    requireRolesOverOrg(ctx, ROLES.centre, input.orgId),
    loadProgram(ctx.db, input.programId),
    findMany<UserDoc>(
      coll(ctx.db, 'users')
        .where({ _id: _.in(input.memberIds) })
        .limit(20),
    ),
    stampScopes(ctx),
  ]);
  const benefit = findBenefit(program, input.benefitId);
  if (benefit.review.cadence !== 'quarterly_meeting') throw new AppError('REVIEW.NOT_FOR_MEETING');
  for (const id of input.memberIds)
    if (!members.find((m) => m._id === id && (m.grants ?? []).length > 0))
      throw new AppError('REVIEW.NOT_A_MEMBER', '鉴定会委员须为互助保障工作人员', 'payload.memberIds');
  const claims = await findMany<ClaimDoc>(
    coll(ctx.db, 'claims')
      .where({
        scope: org._id,
        programId: program.id,
        benefitId: benefit.id,
        'reviewBatch.key': input.quarter,
        status: 'appraisal',
      })
      .orderBy('submittedAt', 'asc')
      .limit(MAX_AGENDA),
  );
  if (claims.length === 0) throw new AppError('REVIEW.EMPTY_AGENDA');
  const enrolments = [...new Set(claims.map((c) => c.enrollmentId))];
  const [siblings, auths] = await Promise.all([
    findMany<ClaimDoc>(
      coll(ctx.db, 'claims')
        .where({ enrollmentId: _.in(enrolments), benefitId: benefit.id })
        .limit(1000),
    ),
    findMany<AuthorisationDoc>(
      coll(ctx.db, 'authorisations')
        .where({ enrollmentId: _.in(enrolments) })
        .limit(1000),
    ),
  ]);
  const agenda = claims.map((c): MeetingAgendaItem => {
    const others = siblings.filter((s) => s.enrollmentId === c.enrollmentId && s._id !== c._id).map(stored);
    const est = estimateClaim(
      program,
      benefit,
      { id: c._id, facts: openClaim(c).facts },
      c.coverage,
      others,
      incidentKeyOf,
    );
    const parties = {
      workerId: c.workerId,
      unitId: c.unitId,
      filedById: c.filedBy.userId,
      authorisedIds: auths
        .filter((a) => a.enrollmentId === c.enrollmentId && a.granteeId)
        .map((a) => a.granteeId!),
    };
    const recused = members.flatMap((m) => {
      const why = recusalReason(
        {
          userId: m._id,
          unitId: m.unitId,
          unitOfficerOf: (m.grants ?? []).filter((g) => g.role === 'unit_officer').map((g) => g.orgId),
        },
        parties,
      );
      return why ? [{ userId: m._id, name: m.nameMasked ?? '', reason: RECUSAL_LABELS[why] }] : [];
    });
    return {
      claimId: c._id,
      workerId: c.workerId,
      workerName: c.workerName,
      unitId: c.unitId,
      proposedFen: est.amountFen,
      recused,
      votes: [],
      applied: false,
    };
  });
  const meeting: AppraisalMeetingDoc = {
    _id: `mt_${randomBytes(12).toString('hex')}`,
    orgId: org._id,
    scope: scopeOfOrg(org),
    programId: program.id,
    benefitId: benefit.id,
    quarter: input.quarter,
    heldOn: input.heldOn,
    status: 'open',
    convenerId: user._id,
    members: input.memberIds.map((id) => ({
      userId: id,
      name: members.find((m) => m._id === id)!.nameMasked ?? '',
    })),
    agenda,
    version: 1,
    createdAt: ctx.now,
  };
  const { _id, ...data } = meeting;
  await coll(ctx.db, 'appraisalMeetings').doc(_id).set({ data });
  return meetingView(meeting, reviewPolicyFor(program).meeting);
}

/** The caller convened the meeting, is one of its members, or holds a centre role over it. */
async function loadMeeting(ctx: HandlerContext, meetingId: string) {
  const [user, m] = await Promise.all([requireOfficer(ctx), getById(ctx.db, 'appraisalMeetings', meetingId)]);
  if (!m) throw new AppError('REVIEW.MEETING_NOT_FOUND', undefined, 'payload.meetingId');
  const centre = !!grantFor(user.grants ?? [], ROLES.centre, {
    _id: m.orgId,
    ancestors: m.scope.filter((s) => s !== m.orgId),
  });
  if (!centre && !m.members.some((x) => x.userId === user._id)) throw new AppError('REVIEW.OUTSIDE_SUBTREE');
  return { user, m, centre };
}

export async function meetingGet(input: In<'meetingGet'>, ctx: HandlerContext) {
  const { m } = await loadMeeting(ctx, input.meetingId);
  return meetingView(m, (await ruleOf(ctx, m)).rule);
}

/** A member's vote on one agenda claim, recorded by the member or the convener; a recused member cannot vote. */
export async function meetingVote(input: In<'meetingVote'>, ctx: HandlerContext) {
  const { user, m } = await loadMeeting(ctx, input.meetingId);
  if (user._id !== m.convenerId && user._id !== input.memberId)
    throw new AppError('REVIEW.FORBIDDEN', '只能记录本人的表决，或由会议召集人记录');
  const member = m.members.find((x) => x.userId === input.memberId);
  if (!member) throw new AppError('REVIEW.NOT_A_MEMBER', undefined, 'payload.memberId');
  let next = m;
  await transaction(ctx.db, async (tx) => {
    const now = await txGet(tx, 'appraisalMeetings', m._id);
    if (!now) throw new AppError('REVIEW.MEETING_NOT_FOUND');
    if (now.status !== 'open') throw new AppError('REVIEW.MEETING_CLOSED');
    const item = now.agenda.find((a) => a.claimId === input.claimId);
    if (!item) throw new AppError('REVIEW.NOT_ON_AGENDA', undefined, 'payload.claimId');
    if (item.recused.some((r) => r.userId === input.memberId)) throw new AppError('REVIEW.MEMBER_RECUSED');
    const votes = [
      ...item.votes.filter((v) => v.userId !== input.memberId),
      { userId: member.userId, name: member.name, vote: input.vote, at: ctx.now },
    ];
    next = {
      ...now,
      _id: m._id,
      agenda: now.agenda.map((a) => (a === item ? { ...a, votes } : a)),
      version: now.version + 1,
    };
    const { _id, ...data } = next;
    await tx.collection('appraisalMeetings').doc(_id).set({ data });
  });
  return meetingView(next, (await ruleOf(ctx, m)).rule);
}

/**
 * Close the meeting: each claim the votes decide under the program's rule is approved (at the
 * calculator's amount) or rejected (鉴定会会商未通过); undecided ones stay referred for the next
 * meeting. Meeting, claims, audit entries and messages in one transaction.
 */
export async function meetingClose(input: In<'meetingClose'>, ctx: HandlerContext) {
  const { user, m, centre } = await loadMeeting(ctx, input.meetingId);
  if (user._id !== m.convenerId && !centre) throw new AppError('REVIEW.FORBIDDEN');
  const { program, rule } = await ruleOf(ctx, m);
  const benefit = findBenefit(program, m.benefitId);
  const actor = officerActor(user);
  let next = m;
  await transaction(ctx.db, async (tx) => {
    const now = await txGet(tx, 'appraisalMeetings', m._id);
    if (!now || now.status !== 'open') throw new AppError('REVIEW.MEETING_CLOSED');
    const writes: Promise<unknown>[] = [];
    const agenda = await Promise.all(
      now.agenda.map(async (a) => {
        const t = tally(
          a.votes.map((v) => v.vote),
          now.members.length - a.recused.length,
          rule,
        );
        if (t.outcome === 'undecided') return a;
        const raw = await txGet(tx, 'claims', a.claimId);
        if (!raw || raw.status !== 'appraisal') return a;
        const c = { ...raw, _id: a.claimId };
        const decided =
          t.outcome === 'approved'
            ? approvedClaim(
                ctx,
                { user, claim: c, benefit },
                a.proposedFen,
                a.proposedFen,
                undefined,
                'meeting_approved',
              )
            : stepped(
                ctx,
                without(c, 'assignee'),
                actor,
                {
                  status: 'rejected',
                  decision: {
                    amountFen: 0,
                    decidedAt: ctx.now,
                    decidedBy: actor,
                    reasonCode: 'MEETING_REJECTED',
                    reason: t.text,
                  },
                },
                { action: 'meeting_rejected', text: `鉴定会会商未通过（${t.text}）`, status: 'rejected' },
              );
        writes.push(
          ...txClaimWrites(
            ctx,
            tx,
            decided,
            {
              actorId: user._id,
              action: `review.meeting.${t.outcome}`,
              subject: { kind: 'claim', id: a.claimId },
              detail: { meetingId: m._id, tally: t.text },
            },
            t.outcome === 'approved'
              ? `鉴定会会商通过，核定补助 ${formatYuan(a.proposedFen)}`
              : '鉴定会会商未通过',
          ),
        );
        return { ...a, applied: true };
      }),
    );
    next = { ...now, _id: m._id, agenda, status: 'closed', closedAt: ctx.now, version: now.version + 1 };
    const { _id, ...data } = next;
    await Promise.all([...writes, tx.collection('appraisalMeetings').doc(_id).set({ data })]);
  });
  return meetingView(next, rule);
}

/** The minutes (.xlsx): members, and per claim the recusals, each member's vote and the outcome. */
export async function meetingMinutes(input: In<'meetingMinutes'>, ctx: HandlerContext) {
  const { m } = await loadMeeting(ctx, input.meetingId);
  const { program, rule } = await ruleOf(ctx, m);
  const view = meetingView(m, rule);
  const benefit = findBenefit(program, m.benefitId);
  const out = await exportWorkbook(
    [
      {
        name: '会议纪要',
        titles: [
          `${program.name} ${m.quarter} ${benefit.name}鉴定会纪要`,
          `会议日期 ${m.heldOn}；表决规则：${rule.label}；状态：${view.statusLabel}`,
        ],
        columns: [
          { header: '序号', width: 6 },
          { header: '申请编号', width: 30 },
          { header: '申请人', width: 10 },
          { header: '测算金额（元）', width: 14 },
          ...m.members.map((x) => ({ header: `委员 ${x.name}`, width: 12 })),
          { header: '表决结果', width: 30 },
          { header: '结论', width: 10 },
        ],
        rows: view.agenda.map((a, i) => [
          i + 1,
          a.claimId,
          a.workerName,
          toYuanString(a.proposedFen),
          ...m.members.map((x) => {
            const r = a.recused.find((y) => y.userId === x.userId);
            if (r) return `回避（${r.reason}）`;
            const v = a.votes.find((y) => y.userId === x.userId);
            return v ? VOTE_LABELS[v.vote] : '未表决';
          }),
          a.tally,
          { approved: '通过', rejected: '不通过', undecided: '待定' }[a.outcome],
        ]),
      },
    ],
    `鉴定会纪要-${m.quarter}.xlsx`,
    ctx.now,
  );
  return { fileName: out.fileName, url: out.url, expiresAt: out.expiresAt };
}
