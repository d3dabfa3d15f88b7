import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { chinaToday } from '@shared/calendar';
import { isOfferedTo, unitInRegion } from '@shared/enrolment/offer';
import { AppError, isErrorCode } from '@shared/errors';
import { groupApplicationLifecycle } from '@shared/lifecycle';
import { applicationKey, planApplication, submissionCheck } from '@shared/officer/application';
import { currentUser, grantOver, requireAnyRoleOver, requireRoleOver } from '../_lib/access';
import { auditEntry } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { countOf, findMany, findPage, getById, insert, isDuplicateKey, updateWhere } from '../_lib/db';
import {
  applicationView,
  memberFacts,
  requireApplication,
  settle,
  submitMember,
  type Candidate,
  type MemberOutcome,
} from '../_lib/group-applications';
import type { UserDoc } from '../_lib/model';
import {
  allocationIdFor,
  applicationIdFor,
  memberIdFor,
  type ApplicationMemberDoc,
  type GroupApplicationDoc,
} from '../_lib/officer-model';
import { loadProgramFast } from '../_lib/program-cache';
import { releaseMember } from '../_lib/quota';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

const audit = (
  ctx: HandlerContext,
  actorId: string,
  action: string,
  app: GroupApplicationDoc,
  detail?: object,
) => {
  const { _id, ...entry } = auditEntry(ctx, {
    actorId,
    action,
    subject: { kind: 'groupApplication', id: app._id },
    orgId: app.unitId,
    detail: detail as Record<string, unknown> | undefined,
  });
  return insert(ctx.db, 'auditLog', { _id, ...entry });
};

/**
 * The unit's one application for a program, route and batch (deterministic id): created, or
 * returned as it is, or reopened after a rejection or withdrawal. An approved one stands: the
 * contract is in force for the year (保障合同生效后本年度内不可再次提交).
 */
async function openApplication(input: In<'openApplication'>, ctx: HandlerContext) {
  const [{ user, org: unit }, { doc, program }] = await Promise.all([
    requireRoleOver(ctx, 'unit_officer', input.unitId),
    loadProgramFast(ctx.db, input.programId),
  ]);
  if (unit.level !== 'grassroots') throw new AppError('ORG.NOT_A_UNIT', undefined, 'payload.unitId');
  if (
    !isOfferedTo(doc.offeredTo, { id: unit._id, ancestors: unit.ancestors }) ||
    !unitInRegion(program.region, unit.region)
  )
    throw new AppError('ENROLL.PROGRAM_NOT_OFFERED', undefined, 'payload.programId');
  const plan = planApplication(program, {
    route: input.route,
    unitCategory: unit.category,
    today: chinaToday(ctx.now),
  });
  const id = applicationIdFor(applicationKey(program.id, unit._id, plan));
  const allocationId =
    plan.funding === 'quota' ? allocationIdFor(program.id, plan.batchId, unit._id) : undefined;
  const [existing, allocation, parent] = await Promise.all([
    getById(ctx.db, 'groupApplications', id),
    allocationId ? getById(ctx.db, 'quotaAllocations', allocationId) : Promise.resolve(null),
    unit.parentId ? getById(ctx.db, 'orgs', unit.parentId) : Promise.resolve(null),
  ]);
  if (allocationId && !allocation) throw new AppError('QUOTA.NOT_FOUND');
  if (existing) return reopen(ctx, existing, user._id);
  const app: GroupApplicationDoc = {
    _id: id,
    unitId: unit._id,
    unitName: unit.name,
    unitAncestors: unit.ancestors,
    parentLevel: parent?.level,
    programId: program.id,
    programName: program.name,
    ...(program.groupRules.requiresProgramId ? { mainProgramId: program.groupRules.requiresProgramId } : {}),
    ...(plan.route ? { route: plan.route } : {}),
    batchId: plan.batchId,
    funding: plan.funding,
    ...(allocationId ? { allocationId, allocationSlices: allocation!.slices } : {}),
    perMemberFen: plan.perMemberFen,
    feeLines: plan.feeLines,
    status: 'open',
    openedBy: user._id,
    pendingSettlement: false,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  try {
    await insert(ctx.db, 'groupApplications', app);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return applicationView((await getById(ctx.db, 'groupApplications', id))!);
  }
  await audit(ctx, user._id, 'officer.openApplication', app);
  return applicationView(app, 0);
}

async function reopen(ctx: HandlerContext, app: GroupApplicationDoc, actorId: string) {
  if (app.status === 'open' || app.status === 'submitted') return applicationView(app);
  if (app.status === 'approved') throw new AppError('GROUP.ALREADY_SUBMITTED');
  if (app.pendingSettlement) throw new AppError('GROUP.BUSY');
  const _ = ctx.db.command;
  const moved = await updateWhere(
    coll(ctx.db, 'groupApplications').where({
      _id: app._id,
      status: _.in(groupApplicationLifecycle.sourcesOf('open')),
    }),
    { status: 'open', reason: _.remove(), updatedAt: ctx.now },
  );
  if (moved !== 1) throw new AppError('GROUP.BUSY');
  await audit(ctx, actorId, 'officer.reopenApplication', app);
  return applicationView({ ...app, status: 'open', reason: undefined }, 0);
}

/**
 * The candidates of one call with their facts: the given ids (user and facts in one parallel
 * round trip), or one page of the unit's approved members (a page read first).
 */
async function candidates(
  ctx: HandlerContext,
  input: In<'submitMembers'>,
  app: GroupApplicationDoc,
): Promise<{ list: Candidate[]; hasMore: boolean }> {
  const mainAppIds = app.mainProgramId
    ? findMany<GroupApplicationDoc>(
        coll(ctx.db, 'groupApplications')
          .where({ unitId: app.unitId, status: ctx.db.command.in(['open', 'submitted', 'approved']) })
          .limit(50),
      ).then((apps) => apps.filter((a) => a.programId === app.mainProgramId).map((a) => a._id))
    : Promise.resolve([]);
  const withFacts = (userId: string, user: Promise<UserDoc | null>) =>
    Promise.all([user, memberFacts(ctx, app, userId, mainAppIds)]).then(([u, facts]) => ({
      userId,
      user: u,
      facts,
    }));
  if ('userIds' in input) {
    const ids = [...new Set(input.userIds)];
    return {
      list: await Promise.all(ids.map((id) => withFacts(id, getById(ctx.db, 'users', id)))),
      hasMore: false,
    };
  }
  const PAGE = 100;
  const page = await findMany<UserDoc>(
    coll(ctx.db, 'users')
      .where({ unitId: app.unitId, unitStatus: 'approved' })
      .orderBy('_id', 'asc')
      .skip((input.allMembersPage - 1) * PAGE)
      .limit(PAGE + 1),
  );
  const list = await Promise.all(page.slice(0, PAGE).map((u) => withFacts(u._id, Promise.resolve(u))));
  return { list, hasMore: page.length > PAGE };
}

/**
 * Submit members of the unit to its open application; on a free-quota route each one takes a
 * place when submitted (first come, first served), and a member the quota cannot cover is
 * refused with QUOTA.EXHAUSTED. The caller's grant is checked against the unit's ancestors kept
 * on the application (rewritten when the unit moves), so the unit need not be read.
 * Round trips, sequential, for a call with ids: application + caller 1; program + members +
 * their facts 1 (parallel); then per member, in parallel, decrement 1 and record 1 — 4.
 */
async function submitMembers(input: In<'submitMembers'>, ctx: HandlerContext) {
  const [app, caller] = await Promise.all([requireApplication(ctx, input.applicationId), currentUser(ctx)]);
  if (!grantOver(caller, 'unit_officer', { _id: app.unitId, ancestors: app.unitAncestors }))
    throw new AppError('AUTH.FORBIDDEN', '无权操作该单位');
  if (app.status !== 'open') throw new AppError('GROUP.NOT_OPEN');
  const [{ program }, picked] = await Promise.all([
    loadProgramFast(ctx.db, app.programId),
    candidates(ctx, input, app),
  ]);
  // The slice ids are derived from the allocation and its (fixed) slice count: no read needed.
  const allocation = app.allocationId ? { _id: app.allocationId, slices: app.allocationSlices ?? 1 } : null;
  const outcomes: MemberOutcome[] = await Promise.all(
    picked.list.map((c) => submitMember(ctx, app, program, allocation, c)),
  );
  return {
    added: outcomes.flatMap((o) =>
      o.added ? [{ userId: o.userId, quotaPlace: o.quotaPlace, flags: o.flags }] : [],
    ),
    refused: outcomes.flatMap((o) =>
      o.added ? [] : [{ userId: o.userId, code: o.code, message: o.message }],
    ),
    hasMore: picked.hasMore,
  };
}

/** Take a member out of the open application; a held place goes back (once). */
async function withdrawMember(input: In<'withdrawMember'>, ctx: HandlerContext) {
  const app = await requireApplication(ctx, input.applicationId);
  const [, member] = await Promise.all([
    requireRoleOver(ctx, 'unit_officer', app.unitId),
    getById(ctx.db, 'applicationMembers', memberIdFor(app._id, input.userId)),
  ]);
  if (app.status !== 'open') throw new AppError('GROUP.NOT_OPEN');
  if (!member) throw new AppError('GROUP.NOT_A_MEMBER', '该职工不在本申请中', 'payload.userId');
  const released = await releaseMember(ctx, member, 'withdrawn');
  return { status: 'withdrawn' as const, released: released && Boolean(member.sliceId) };
}

async function listApplicationMembers(input: In<'listApplicationMembers'>, ctx: HandlerContext) {
  const app = await requireApplication(ctx, input.applicationId);
  await requireAnyRoleOver(
    ctx,
    ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_admin'],
    app.unitId,
  );
  const { docs, ...page } = await findPage<ApplicationMemberDoc>(
    coll(ctx.db, 'applicationMembers').where({ applicationId: app._id }),
    { field: 'submittedAt', direction: 'asc' },
    input,
  );
  const users = await Promise.all(docs.map((m) => getById(ctx.db, 'users', m.userId)));
  return {
    items: docs.map((m, i) => ({
      userId: m.userId,
      displayName: users[i]?.nameMasked ?? '（已注销）',
      idMasked: users[i]?.idMasked ?? '',
      status: m.status,
      quotaPlace: Boolean(m.sliceId),
      flags: m.flags,
      enrollmentId: m.enrollmentId,
      submittedAt: new Date(m.submittedAt).toISOString(),
    })),
    ...page,
  };
}

/** Send the application for review: the program's group rules over the members held now. */
async function submitApplication(input: In<'submitApplication'>, ctx: HandlerContext) {
  const app = await requireApplication(ctx, input.applicationId);
  const [{ user }, { program }, members] = await Promise.all([
    requireRoleOver(ctx, 'unit_officer', app.unitId),
    loadProgramFast(ctx.db, app.programId),
    countOf(coll(ctx.db, 'applicationMembers').where({ applicationId: app._id, status: 'held' })),
  ]);
  groupApplicationLifecycle.assert(app.status, 'submitted');
  const issue = submissionCheck(program, {
    route: app.route,
    unionMembers: input.unionMembers,
    enrolling: members,
  });
  if (issue)
    throw new AppError(
      isErrorCode(issue.code) ? issue.code : 'COMMON.BAD_REQUEST',
      issue.message,
      issue.field && `payload.${issue.field}`,
    );
  const data = {
    status: 'submitted' as const,
    members,
    ...(input.unionMembers ? { unionMembers: input.unionMembers } : {}),
    amountOwedFen: members * app.perMemberFen,
    submittedBy: user._id,
    submittedAt: ctx.now,
    updatedAt: ctx.now,
  };
  const moved = await updateWhere(
    coll(ctx.db, 'groupApplications').where({ _id: app._id, status: 'open' }),
    data,
  );
  if (moved !== 1) throw new AppError('GROUP.BUSY');
  await audit(ctx, user._id, 'officer.submitApplication', app, {
    members,
    amountOwedFen: data.amountOwedFen,
  });
  return applicationView({ ...app, ...data });
}

/** The unit takes its application back; every held place is released. */
async function withdrawApplication(input: In<'withdrawApplication'>, ctx: HandlerContext) {
  const app = await requireApplication(ctx, input.applicationId);
  const { user } = await requireRoleOver(ctx, 'unit_officer', app.unitId);
  groupApplicationLifecycle.assert(app.status, 'withdrawn');
  const _ = ctx.db.command;
  const data = { status: 'withdrawn' as const, pendingSettlement: true, updatedAt: ctx.now };
  const moved = await updateWhere(
    coll(ctx.db, 'groupApplications').where({
      _id: app._id,
      status: _.in(groupApplicationLifecycle.sourcesOf('withdrawn')),
    }),
    data,
  );
  if (moved !== 1) throw new AppError('GROUP.BUSY');
  await audit(ctx, user._id, 'officer.withdrawApplication', app);
  return applicationView(await settle(ctx, { ...app, ...data }, null));
}

export const applicationHandlers = {
  openApplication,
  submitMembers,
  withdrawMember,
  listApplicationMembers,
  submitApplication,
  withdrawApplication,
};
