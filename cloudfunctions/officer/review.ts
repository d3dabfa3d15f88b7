import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { groupApplicationLifecycle } from '@shared/lifecycle';
import { reviewerRolesFor } from '@shared/officer/application';
import type { OrgLevel } from '@shared/officer/roles';
import { requireAnyRoleOver } from '../_lib/access';
import { auditEntry } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findPage, insert, updateWhere } from '../_lib/db';
import { applicationView, requireApplication, settle } from '../_lib/group-applications';
import type { GroupApplicationDoc } from '../_lib/officer-model';
import { loadProgram } from '../_lib/programs';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

/** Reviewers: the applications of units in their subtree, oldest submission first. */
async function listApplications(input: In<'listApplications'>, ctx: HandlerContext) {
  const { org } = await requireAnyRoleOver(
    ctx,
    ['district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
    input.orgId,
  );
  const { docs, ...page } = await findPage<GroupApplicationDoc>(
    coll(ctx.db, 'groupApplications').where({ unitAncestors: org._id, status: input.status }),
    { field: 'submittedAt', direction: 'asc' },
    input,
  );
  return { items: docs.map((d) => applicationView(d)), ...page };
}

/**
 * Approve or reject a submitted application (Jinan: the district reviews its units, the centre
 * the units under bureaus and industry unions). Approval creates the members' enrolments
 * (covered from today for one-year programs); rejection releases their places. Both are
 * written in bounded batches; settleApplication finishes a large one.
 */
async function reviewApplication(input: In<'reviewApplication'>, ctx: HandlerContext) {
  const app = await requireApplication(ctx, input.applicationId);
  const roles = reviewerRolesFor(app.parentLevel as OrgLevel | undefined);
  const [{ user }, { program }] = await Promise.all([
    requireAnyRoleOver(ctx, roles, app.unitId),
    loadProgram(ctx.db, app.programId),
  ]);
  const to = input.approve ? ('approved' as const) : ('rejected' as const);
  groupApplicationLifecycle.assert(app.status, to);
  if (!input.approve && !input.reason)
    throw new AppError('GROUP.REASON_REQUIRED', undefined, 'payload.reason');
  const data = {
    status: to,
    ...(input.reason ? { reason: input.reason } : {}),
    decidedBy: user._id,
    decidedAt: ctx.now,
    effectiveDate: chinaToday(ctx.now),
    pendingSettlement: true,
    updatedAt: ctx.now,
  };
  const moved = await updateWhere(
    coll(ctx.db, 'groupApplications').where({ _id: app._id, status: 'submitted' }),
    data,
  );
  if (moved !== 1) throw new AppError('GROUP.BUSY');
  const { _id, ...entry } = auditEntry(ctx, {
    actorId: user._id,
    action: input.approve ? 'officer.approveApplication' : 'officer.rejectApplication',
    subject: { kind: 'groupApplication', id: app._id },
    orgId: app.unitId,
    detail: { members: app.members ?? 0, ...(input.reason ? { reason: input.reason } : {}) },
  });
  await insert(ctx.db, 'auditLog', { _id, ...entry });
  return applicationView(await settle(ctx, { ...app, ...data }, program));
}

/** Finish writing a decided application's member records (the reviewers and the unit may ask). */
async function settleApplication(input: In<'settleApplication'>, ctx: HandlerContext) {
  const app = await requireApplication(ctx, input.applicationId);
  await requireAnyRoleOver(
    ctx,
    ['unit_officer', ...reviewerRolesFor(app.parentLevel as OrgLevel | undefined)],
    app.unitId,
  );
  if (!app.pendingSettlement) return applicationView(app);
  const program = app.status === 'approved' ? (await loadProgram(ctx.db, app.programId)).program : null;
  return applicationView(await settle(ctx, app, program));
}

export const reviewHandlers = { listApplications, reviewApplication, settleApplication };
