import { z } from 'zod';
import { claimFactsInputSchema } from '../claims/facts';
import {
  appraisalMeetingLifecycle,
  objectionLifecycle,
  payoutBatchLifecycle,
  payoutItemLifecycle,
} from '../lifecycle/payout-batch';
import { action } from './define';
import {
  actorSchema,
  claimStatusSchema,
  estimateSchema,
  fileViewSchema,
  missingItemSchema,
  timelineEntrySchema,
} from './claim';
import { dateSchema, fenSchema, idSchema, pageInputSchema, pageOf, strict } from './common';

/** The officers' side of a claim: queues, decisions, the appraisal meeting, payouts, 公示, audit, reports, imports. */

const claimRef = { claimId: idSchema };
const orgRef = { orgId: idSchema };
const note = (max = 500) => z.string().trim().min(1, '请填写说明').max(max, `不超过 ${max} 个字`);
const queueSchema = z.enum(['unit_precheck', 'centre_review']);
export const queueFlagSchema = z.enum(['duplicate', 'high_amount', 'late', 'objection', 'held', 'long_wait']);
const dueStatusSchema = z.enum(['ok', 'near', 'due_today', 'late']);

export const reviewCheckSchema = z.object({
  code: z.string(),
  text: z.string(),
  stayIndex: z.number().int().optional(),
  otherClaimIds: z.array(idSchema).optional(),
});

const assigneeSchema = z.object({ name: z.string(), isYou: z.boolean(), since: z.string() });
const batchRefSchema = z.object({ key: z.string(), closesOn: dateSchema, label: z.string() });

export const queueItemSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  programId: z.string(),
  programName: z.string(),
  benefitId: z.string(),
  benefitName: z.string(),
  unitId: idSchema,
  /** Masked (王*国). */
  workerName: z.string(),
  status: claimStatusSchema,
  statusLabel: z.string(),
  queue: queueSchema.optional(),
  reviewBatch: batchRefSchema.optional(),
  submittedAt: z.string().optional(),
  /** Calendar days since submission. */
  waitedDays: z.number().int(),
  estimateFen: fenSchema.optional(),
  decidedFen: fenSchema.optional(),
  flags: z.array(z.string()),
  assignee: assigneeSchema.optional(),
  payoutDue: dateSchema.optional(),
  dueStatus: dueStatusSchema.optional(),
});

const decisionSchema = z.object({
  amountFen: fenSchema,
  proposedFen: fenSchema.optional(),
  decidedAt: z.string(),
  reason: z.string().optional(),
  reasonCode: z.string().optional(),
  by: z.string().optional(),
});

export const officerClaimSchema = queueItemSchema.extend({
  coverage: z.object({ start: dateSchema, end: dateSchema }),
  filedBy: actorSchema,
  facts: claimFactsInputSchema,
  checklist: z.array(
    z.object({
      materialId: z.string(),
      label: z.string(),
      stayIndex: z.number().int().optional(),
      required: z.boolean(),
      files: z.array(fileViewSchema),
    }),
  ),
  /** Automatic checks (coded warnings), computed now. */
  checks: z.array(reviewCheckSchema),
  /** What the calculator proposes now, with the history built from the worker's stored claims. */
  proposal: estimateSchema,
  /** The worker's other claims (any benefit), newest first. */
  history: z.array(
    z.object({
      claimId: idSchema,
      benefitName: z.string(),
      status: claimStatusSchema,
      statusLabel: z.string(),
      amountFen: fenSchema.optional(),
      submittedAt: z.string().optional(),
    }),
  ),
  timeline: z.array(timelineEntrySchema),
  materialRequest: z
    .object({ note: z.string(), requestedAt: z.string(), items: z.array(missingItemSchema) })
    .optional(),
  decision: decisionSchema.optional(),
  expectedPayment: z
    .object({ date: dateSchema, estimated: z.boolean(), note: z.string().optional() })
    .optional(),
  paidAt: z.string().optional(),
  payoutBatchId: idSchema.optional(),
  /** Whether the caller may decide it, and why not. */
  canDecide: z.boolean(),
  cannotDecideReason: z.string().optional(),
  /** Decided by the appraisal meeting (critical illness): the reviewer refers it instead of approving. */
  decidedByMeeting: z.boolean(),
  rejectReasons: z.array(z.object({ code: z.string(), label: z.string() })),
  openObjections: z.number().int(),
});
export type OfficerClaim = z.infer<typeof officerClaimSchema>;

const queueInput = strict({
  ...orgRef,
  queue: queueSchema.optional(),
  status: claimStatusSchema.optional(),
  benefitId: z.string().max(60).optional(),
  unitId: idSchema.optional(),
  flag: queueFlagSchema.optional(),
  batchKey: z.string().max(20).optional(),
  /** Only claims held by the caller. */
  mine: z.boolean().optional(),
  sort: z.enum(['oldest', 'newest']).default('oldest'),
  ...pageInputSchema.shape,
});

const bulkFilter = {
  ...orgRef,
  programId: z.string().max(60),
  benefitId: z.string().max(60),
  /** The monthly batch, e.g. 2024-05. */
  batchKey: z.string().regex(/^\d{4}-\d{2}$/, '批次应为 YYYY-MM'),
  unitId: idSchema.optional(),
};

export const meetingViewSchema = z.object({
  id: idSchema,
  programId: z.string(),
  benefitId: z.string(),
  quarter: z.string(),
  status: z.enum(appraisalMeetingLifecycle.states),
  statusLabel: z.string(),
  heldOn: dateSchema,
  rule: z.string(),
  members: z.array(z.object({ userId: idSchema, name: z.string() })),
  agenda: z.array(
    z.object({
      claimId: idSchema,
      workerName: z.string(),
      unitId: idSchema,
      proposedFen: fenSchema,
      recused: z.array(z.object({ userId: idSchema, name: z.string(), reason: z.string() })),
      votes: z.array(
        z.object({ userId: idSchema, name: z.string(), vote: z.enum(['approve', 'reject', 'abstain']) }),
      ),
      tally: z.string(),
      outcome: z.enum(['approved', 'rejected', 'undecided']),
      applied: z.boolean(),
    }),
  ),
  closedAt: z.string().optional(),
});

const batchItemSchema = z.object({
  claimId: idSchema,
  workerName: z.string(),
  benefitName: z.string(),
  amountFen: fenSchema,
  /** **** 0012 — the full number is only in the finance role's bank file. */
  accountMasked: z.string(),
  status: z.enum(payoutItemLifecycle.states),
  statusLabel: z.string(),
  failReason: z.string().optional(),
  payoutDue: dateSchema.optional(),
  dueStatus: dueStatusSchema.optional(),
});

export const batchViewSchema = z.object({
  id: idSchema,
  no: z.string(),
  programId: z.string(),
  orgId: idSchema,
  status: z.enum(payoutBatchLifecycle.states),
  statusLabel: z.string(),
  count: z.number().int(),
  totalFen: fenSchema,
  items: z.array(batchItemSchema),
  createdAt: z.string(),
  exportedAt: z.string().optional(),
  settledAt: z.string().optional(),
  noticeId: idSchema.optional(),
  /** Items near or past their payout deadline. */
  attention: z.number().int(),
});

const fileOut = z.object({ fileName: z.string(), url: z.string(), expiresAt: z.string() });

export const noticeViewSchema = z.object({
  id: idSchema,
  title: z.string(),
  programName: z.string(),
  publishedOn: dateSchema,
  objectionClosesOn: dateSchema,
  objectionOpen: z.boolean(),
  totalFen: fenSchema,
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      name: z.string(),
      idMasked: z.string(),
      unitName: z.string(),
      benefitName: z.string(),
      amountFen: fenSchema,
    }),
  ),
});

const objectionViewSchema = z.object({
  id: idSchema,
  noticeId: idSchema,
  lineNo: z.number().int(),
  claimId: idSchema,
  reason: z.string(),
  status: z.enum(objectionLifecycle.states),
  statusLabel: z.string(),
  createdAt: z.string(),
  /** What it did to the claim: held the payout, or flagged a paid claim for recovery. */
  effect: z.enum(['held', 'recovery_review']),
  resolution: z.object({ note: z.string(), at: z.string() }).optional(),
});

const auditItemSchema = z.object({
  id: idSchema,
  at: z.string(),
  actorId: idSchema,
  actorName: z.string().optional(),
  action: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  claimId: idSchema.optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const reportInput = strict({ ...orgRef, programId: z.string().max(60), from: dateSchema, to: dateSchema });
export const reportSchema = z.object({
  programId: z.string(),
  from: dateSchema,
  to: dateSchema,
  total: z.number().int(),
  byStatus: z.array(z.object({ status: claimStatusSchema, label: z.string(), count: z.number().int() })),
  stages: z.array(
    z.object({
      status: claimStatusSchema,
      label: z.string(),
      count: z.number().int(),
      medianHours: z.number(),
      p90Hours: z.number(),
    }),
  ),
  paid: z.object({
    count: z.number().int(),
    withinDeadline: z.number().int(),
    withinDeadlineBp: z.number().int().nullable(),
    amountFen: fenSchema,
  }),
  rejections: z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int() })),
  premiumsFen: fenSchema,
  claimsRatioBp: z.number().int().nullable(),
  /** More claims than one report reads: the figures cover the first ones only. */
  truncated: z.boolean(),
});

const importRowSchema = z.object({
  row: z.number().int(),
  status: z.enum(['created', 'approved', 'unmatched', 'invalid', 'duplicate']),
  reason: z.string().optional(),
  claimId: idSchema.optional(),
  /** Masked. */
  name: z.string().optional(),
});

export const reviewApi = {
  /** A queue of the caller's subtree, paged and filtered; each item says how long it has waited. */
  queue: action(queueInput, pageOf(queueItemSchema)),
  /** One claim as the reviewer sees it: facts, files, checks, the calculator's proposal, history. */
  get: action(strict(claimRef), officerClaimSchema),
  /** Take the claim (one reviewer at a time). */
  assign: action(strict(claimRef), officerClaimSchema),
  /** Give it back to the queue. */
  release: action(strict(claimRef), officerClaimSchema),
  /** A centre reviewer or admin hands a held claim to another reviewer. */
  reassign: action(strict({ ...claimRef, toUserId: idSchema, reason: note(200) }), officerClaimSchema),
  /** A short-lived URL to one file at full size (every view audited). */
  fileUrl: action(
    strict({ ...claimRef, fileId: idSchema }),
    z.object({ url: z.string(), expiresAt: z.string() }),
  ),
  /** Correct a fact (with the reason): the calculator re-runs. */
  correctFacts: action(
    strict({ ...claimRef, facts: claimFactsInputSchema, reason: note(300) }),
    officerClaimSchema,
  ),
  /** Approve an amount; differing from the calculator's proposal needs a reason. */
  approve: action(
    strict({ ...claimRef, amountFen: fenSchema, reason: z.string().trim().max(300).optional() }),
    officerClaimSchema,
  ),
  /** Reject with a reason code from the program's reasons plus free text. */
  reject: action(
    strict({ ...claimRef, reasonCode: z.string().min(1).max(60), note: note(500) }),
    officerClaimSchema,
  ),
  /** Ask the worker for specific material: they are told exactly what. */
  requestMaterial: action(
    strict({
      ...claimRef,
      note: note(300),
      items: z
        .array(
          strict({
            materialId: z.string().regex(/^[a-z0-9_-]{1,60}$/, '材料标识无效'),
            stayIndex: z.number().int().min(0).max(19).optional(),
            note: z.string().trim().max(200).optional(),
          }),
        )
        .min(1, '请至少选择一项材料')
        .max(20),
    }),
    officerClaimSchema,
  ),
  /** The unit's pre-check (初审) passes the claim on to the centre's queue. */
  passOn: action(strict({ ...claimRef, note: z.string().trim().max(300).optional() }), officerClaimSchema),
  /** Put a critical-illness claim on its quarter's appraisal meeting agenda. */
  refer: action(strict({ ...claimRef, note: z.string().trim().max(300).optional() }), officerClaimSchema),
  /** Count and total of the monthly batch's claims ready for approval at the calculator's amount. */
  bulkPreview: action(
    strict(bulkFilter),
    z.object({
      count: z.number().int(),
      totalFen: fenSchema,
      setHash: z.string(),
      claimIds: z.array(idSchema),
      skipped: z.number().int(),
    }),
  ),
  /** Approve exactly the previewed set (refused when it changed since the preview). */
  bulkApprove: action(
    strict({ ...bulkFilter, setHash: z.string().length(64) }),
    z.object({ approved: z.number().int(), totalFen: fenSchema }),
  ),

  /** Form a quarter's appraisal meeting: the agenda is the quarter's referred critical-illness claims. */
  meetingCreate: action(
    strict({
      ...orgRef,
      programId: z.string().max(60),
      benefitId: z.string().max(60),
      quarter: z.string().regex(/^\d{4}Q[1-4]$/, '季度应为 YYYYQn'),
      heldOn: dateSchema,
      memberIds: z.array(idSchema).min(1).max(15),
    }),
    meetingViewSchema,
  ),
  meetingGet: action(strict({ meetingId: idSchema }), meetingViewSchema),
  /** Record a member's vote on one agenda claim (the member, or the meeting's convener). */
  meetingVote: action(
    strict({
      meetingId: idSchema,
      claimId: idSchema,
      memberId: idSchema,
      vote: z.enum(['approve', 'reject', 'abstain']),
    }),
    meetingViewSchema,
  ),
  /** Close the meeting: decided claims are approved or rejected by the rule. */
  meetingClose: action(strict({ meetingId: idSchema }), meetingViewSchema),
  /** The minutes (.xlsx). */
  meetingMinutes: action(strict({ meetingId: idSchema }), fileOut),

  /** Approved claims of the subtree into a new payout batch (at most 50). */
  batchCreate: action(strict({ ...orgRef, programId: z.string().max(60) }), batchViewSchema),
  batchList: action(
    strict({ ...orgRef, ...pageInputSchema.shape }),
    pageOf(batchViewSchema.omit({ items: true })),
  ),
  batchGet: action(strict({ batchId: idSchema }), batchViewSchema),
  /** Cancel an open batch: its claims return to approved. */
  batchCancel: action(strict({ batchId: idSchema }), batchViewSchema),
  /** The transfer list (.xlsx); full account numbers only for the finance role (audited). */
  batchFile: action(strict({ batchId: idSchema }), fileOut.extend({ fullAccounts: z.boolean() })),
  /** The bank's result, once: every item paid except those listed as failed. */
  batchSettle: action(
    strict({
      batchId: idSchema,
      failed: z
        .array(strict({ claimId: idSchema, reason: note(200) }))
        .max(50)
        .default([]),
    }),
    batchViewSchema,
  ),

  /** Publish the batch's 公示 (masked names and IDs, amounts). */
  noticePublish: action(strict({ batchId: idSchema }), noticeViewSchema),
  /** Public (no sign-in): published notices, newest first. */
  noticeList: action(strict({ ...pageInputSchema.shape }), pageOf(noticeViewSchema.omit({ lines: true }))),
  /** Public (no sign-in): one notice. */
  noticeGet: action(strict({ noticeId: idSchema }), noticeViewSchema),
  /** Public (no sign-in): the notice as a file. */
  noticeFile: action(strict({ noticeId: idSchema }), fileOut),
  /** Anyone signed in objects to one line within the window. */
  object: action(
    strict({ noticeId: idSchema, lineNo: z.number().int().min(1), reason: note(500) }),
    z.object({ objectionId: idSchema, received: z.literal(true) }),
  ),
  objections: action(
    strict({ ...orgRef, status: z.enum(objectionLifecycle.states).optional(), ...pageInputSchema.shape }),
    pageOf(objectionViewSchema),
  ),
  /** Resolve an objection: dismissed releases the hold; upheld rejects an unpaid claim or starts recovery. */
  resolveObjection: action(
    strict({ objectionId: idSchema, outcome: z.enum(['dismissed', 'upheld']), note: note(500) }),
    objectionViewSchema,
  ),
  /** Start recovery of a paid claim (已发放的补助，予以追回) for an exclusion found later. */
  startRecovery: action(
    strict({ ...claimRef, reasonCode: z.string().min(1).max(60), note: note(500) }),
    officerClaimSchema,
  ),
  /** The money is back. */
  recordRecovered: action(strict({ ...claimRef, note: note(300) }), officerClaimSchema),

  /** The centre admin reads the audit log of the subtree (newest first). */
  auditLog: action(
    strict({ ...orgRef, claimId: idSchema.optional(), ...pageInputSchema.shape }),
    pageOf(auditItemSchema),
  ),
  auditExport: action(
    strict({ ...orgRef, from: dateSchema, to: dateSchema }),
    fileOut.extend({ rows: z.number().int() }),
  ),
  report: action(reportInput, reportSchema),
  reportExport: action(reportInput, fileOut),

  /** A one-time staging path for a settlement export (.xlsx). */
  importTicket: action(
    strict({ ...orgRef, programId: z.string().max(60) }),
    z.object({
      ticketId: idSchema,
      cloudPath: z.string(),
      expiresAt: z.string(),
      maxBytes: z.number().int(),
    }),
  ),
  /** Match the uploaded rows to enrolled workers: pre-filled claims, and the unmatched with reasons. */
  importSettlements: action(
    strict({ ticketId: idSchema, fileID: z.string().min(10).max(300) }),
    z.object({
      rows: z.array(importRowSchema),
      created: z.number().int(),
      unmatched: z.number().int(),
      mode: z.enum(['worker_confirms', 'centre_approves']),
    }),
  ),
  /** The reasons a reviewer may choose for a benefit's claims. */
  reasons: action(
    strict({ programId: z.string().max(60), benefitId: z.string().max(60) }),
    z.object({ reasons: z.array(z.object({ code: z.string(), label: z.string() })) }),
  ),
};
export type ReviewApi = typeof reviewApi;
