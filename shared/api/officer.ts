import { z } from 'zod';
import { action } from './define';
import { fenSchema, idSchema, pageInputSchema, pageOf, strict } from './common';
import { roleSchema } from './user';
import { sceneSchema } from './org';

/** Officer-only actions: the org tree, roles and invites, free quotas, group applications, payment issues. */

export const officerRoleSchema = roleSchema.exclude(['worker']);
export const orgLevelSchema = z.enum(['province', 'city', 'district', 'bureau', 'industry', 'grassroots']);
const orgNameSchema = z.string().trim().min(2, '请填写组织名称').max(40, '组织名称过长');
const reasonSchema = z.string().trim().min(2, '请填写原因').max(200);

export const orgViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  level: orgLevelSchema,
  parentId: z.string().optional(),
  parentName: z.string().optional(),
  ancestors: z.array(z.string()),
  code: z.string().optional(),
  region: z
    .object({ province: z.string(), city: z.string().optional(), district: z.string().optional() })
    .optional(),
});

export const inviteViewSchema = z.object({
  id: z.string(),
  role: officerRoleSchema,
  roleLabel: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  expiresAt: z.string(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  status: z.enum(['active', 'revoked']),
});

export const quotaBatchSchema = z.object({
  programId: z.string(),
  batchId: z.string(),
  unitId: z.string(),
  places: z.number().int(),
  remaining: z.number().int(),
  reserved: z.number().int(),
});

export const applicationStatusSchema = z.enum(['open', 'submitted', 'approved', 'rejected', 'withdrawn']);
export const applicationViewSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  programId: z.string(),
  programName: z.string(),
  route: z.string().optional(),
  batchId: z.string(),
  funding: z.enum(['quota', 'transfer']),
  status: applicationStatusSchema,
  statusLabel: z.string(),
  members: z.number().int(),
  unionMembers: z.number().int().optional(),
  perMemberFen: fenSchema,
  /** What the unit transfers (members × fee); 0 when a free quota covers the fee. */
  amountOwedFen: fenSchema,
  reason: z.string().optional(),
  submittedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  /** Members whose enrolment (approved) or released place (rejected, withdrawn) is still to be written. */
  pendingSettlement: z.boolean(),
});

const memberRefusalSchema = z.object({ userId: z.string(), code: z.string(), message: z.string() });
export const memberViewSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  idMasked: z.string(),
  status: z.enum(['held', 'withdrawn', 'released', 'enrolled']),
  /** A free place is held for the member. */
  quotaPlace: z.boolean(),
  /** Warnings for the unit to check (ENROLL.PROBABLY_RETIRED: retired workers cannot join). */
  flags: z.array(z.string()),
  enrollmentId: z.string().optional(),
  submittedAt: z.string(),
});

export const paymentIssueSchema = z.object({
  kind: z.enum(['anomaly', 'refund']),
  id: z.string(),
  type: z.string(),
  status: z.string(),
  resolved: z.boolean(),
  amountFen: fenSchema.optional(),
  outTradeNo: z.string().optional(),
  enrollmentId: z.string().optional(),
  unitId: z.string().optional(),
  /** The enrolled worker's name, masked (张*三). */
  workerNameMasked: z.string().optional(),
  at: z.string(),
  note: z.string().optional(),
});
const cursorSchema = z.strictObject({ at: z.string(), id: z.string() });

export const officerApi = {
  // ---- the org tree (centre admin) ----
  createOrg: action(
    strict({
      parentId: idSchema,
      name: orgNameSchema,
      level: orgLevelSchema.exclude(['province']),
      /** District / county name for a district union (the region its units serve). */
      district: z.string().trim().min(2).max(20).optional(),
      category: z.string().trim().max(40).optional(),
    }),
    orgViewSchema,
  ),
  renameOrg: action(strict({ orgId: idSchema, name: orgNameSchema }), orgViewSchema),
  /** Move an org (and its subtree) under another parent in the admin's subtree. */
  moveOrg: action(
    strict({ orgId: idSchema, newParentId: idSchema }),
    z.object({ org: orgViewSchema, descendantsMoved: z.number().int() }),
  ),
  listOrgs: action(pageInputSchema.extend({ parentId: idSchema }).strict(), pageOf(orgViewSchema)),

  // ---- roles and invites ----
  createInvite: action(
    strict({
      role: officerRoleSchema,
      orgId: idSchema,
      expiresInDays: z.number().int().min(1).max(30).default(7),
      maxUses: z.number().int().min(1).max(200).default(1),
    }),
    inviteViewSchema,
  ),
  /** The invite's QR (PNG, short-lived URL): its scene is the invite's random token. */
  inviteQrCode: action(
    strict({ inviteId: sceneSchema }),
    z.object({ scene: z.string(), imageUrl: z.string(), path: z.string() }),
  ),
  revokeInvite: action(strict({ inviteId: sceneSchema }), inviteViewSchema),
  listInvites: action(pageInputSchema.extend({ orgId: idSchema }).strict(), pageOf(inviteViewSchema)),
  /** What a scanned invite grants (rate-limited); a dead invite is refused with its reason. */
  resolveInvite: action(
    strict({ token: sceneSchema }),
    z.object({
      role: officerRoleSchema,
      roleLabel: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      expiresAt: z.string(),
    }),
  ),
  acceptInvite: action(
    strict({ token: sceneSchema }),
    z.object({ role: officerRoleSchema, orgId: z.string(), orgName: z.string(), alreadyHeld: z.boolean() }),
  ),
  /** The officers holding a role on an org (for revoking). */
  listOfficers: action(
    strict({ orgId: idSchema }),
    z.object({
      items: z.array(z.object({ userId: z.string(), displayName: z.string(), role: officerRoleSchema })),
    }),
  ),
  revokeGrant: action(
    strict({ userId: idSchema, role: officerRoleSchema, orgId: idSchema }),
    z.object({ revoked: z.literal(true) }),
  ),

  // ---- free (普惠) quotas ----
  /** Centre admin: a unit's places in a program's batch (Jinan 附件2), created or changed. */
  setQuota: action(
    strict({
      programId: idSchema,
      batchId: idSchema,
      unitId: idSchema,
      places: z.number().int().min(0).max(1_000_000),
    }),
    quotaBatchSchema,
  ),
  quotaStatus: action(
    strict({ programId: idSchema, unitId: idSchema, batchId: idSchema.optional() }),
    z.object({ items: z.array(quotaBatchSchema) }),
  ),

  // ---- group applications ----
  /** Open (or reopen) the unit's one application for a program, route and batch. */
  openApplication: action(
    strict({ unitId: idSchema, programId: idSchema, route: z.string().trim().max(40).optional() }),
    applicationViewSchema,
  ),
  /** Submit members (by id, or a page of all approved members): each reserves a free place if any. */
  submitMembers: action(
    z.union([
      strict({ applicationId: idSchema, userIds: z.array(idSchema).min(1).max(100) }),
      strict({ applicationId: idSchema, allMembersPage: z.number().int().min(1).max(10000) }),
    ]),
    z.object({
      added: z.array(z.object({ userId: z.string(), quotaPlace: z.boolean(), flags: z.array(z.string()) })),
      refused: z.array(memberRefusalSchema),
      /** For allMembersPage: whether another page of members follows. */
      hasMore: z.boolean(),
    }),
  ),
  withdrawMember: action(
    strict({ applicationId: idSchema, userId: idSchema }),
    z.object({ status: z.literal('withdrawn'), released: z.boolean() }),
  ),
  listApplicationMembers: action(
    pageInputSchema.extend({ applicationId: idSchema }).strict(),
    pageOf(memberViewSchema),
  ),
  submitApplication: action(
    strict({ applicationId: idSchema, unionMembers: z.number().int().min(1).max(1_000_000).optional() }),
    applicationViewSchema,
  ),
  withdrawApplication: action(strict({ applicationId: idSchema }), applicationViewSchema),
  /** Reviewers: applications of the units in their subtree. */
  listApplications: action(
    pageInputSchema
      .extend({ orgId: idSchema, status: applicationStatusSchema.default('submitted') })
      .strict(),
    pageOf(applicationViewSchema),
  ),
  reviewApplication: action(
    strict({ applicationId: idSchema, approve: z.boolean(), reason: z.string().trim().max(200).optional() }),
    applicationViewSchema,
  ),
  /** Continue writing a decided application's enrolments or released places (bounded per call). */
  settleApplication: action(strict({ applicationId: idSchema }), applicationViewSchema),

  // ---- payment issues (centre admin / finance) ----
  paymentIssues: action(
    strict({
      kind: z.enum(['anomaly', 'refund']),
      resolved: z.boolean().default(false),
      orgId: idSchema,
      pageSize: z.number().int().min(1).max(50).default(20),
      before: cursorSchema.optional(),
    }),
    z.object({ items: z.array(paymentIssueSchema), next: cursorSchema.optional() }),
  ),
  resolvePaymentIssue: action(
    strict({ kind: z.enum(['anomaly', 'refund']), id: z.string().min(1).max(160), note: reasonSchema }),
    z.object({ resolved: z.literal(true) }),
  ),
};
