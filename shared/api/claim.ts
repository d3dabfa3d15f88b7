import { z } from 'zod';
import { claimFactsInputSchema } from '../claims/facts';
import { authorisationLifecycle, claimLifecycle } from '../lifecycle/claim';
import { action } from './define';
import { dateSchema, fenSchema, idSchema, noInput, strict } from './common';

export const claimStatusSchema = z.enum(claimLifecycle.states);
export type ClaimStatusValue = z.infer<typeof claimStatusSchema>;

/** Who acted: the worker, a family member or the unit officer they authorised, an officer, the system. */
export const actorSchema = z.object({
  role: z.enum(['worker', 'family', 'unit_officer', 'officer', 'system']),
  /** Masked (王*国); 本人 for the caller themself is the page's business. */
  name: z.string(),
  /** The caller is this actor. */
  isYou: z.boolean(),
});

export const calcLineSchema = z.object({
  code: z.string(),
  text: z.string(),
  amountFen: fenSchema.optional(),
});
export const calcWarningSchema = z.object({
  code: z.string(),
  text: z.string(),
  blocking: z.boolean().optional(),
});

export const estimateSchema = z.object({
  amountFen: fenSchema,
  entitlementFen: fenSchema,
  alreadyPaidFen: fenSchema,
  /** The calculator's Chinese explanation: tier, 34% / 54.5% adjustment, earlier payments, exclusions. */
  lines: z.array(calcLineSchema),
  warnings: z.array(calcWarningSchema),
  /** Decided claims of the same benefit and year subtracted here. */
  earlierClaims: z.array(z.object({ claimId: idSchema, status: claimStatusSchema, amountFen: fenSchema })),
  pendingClaims: z.number().int(),
  /** Every stay is excluded by its cause: why (the claim cannot be submitted). */
  excluded: z.string().optional(),
  at: z.string().optional(),
});

export const fileViewSchema = z.object({
  id: idSchema,
  materialId: z.string(),
  stayIndex: z.number().int().optional(),
  mime: z.string(),
  bytes: z.number().int(),
  uploadedAt: z.string(),
  uploadedBy: actorSchema,
  /** The same image is in another claim (the reviewer is told too). */
  duplicate: z.boolean(),
});

export const checklistItemSchema = z.object({
  materialId: z.string(),
  label: z.string(),
  stayIndex: z.number().int().optional(),
  template: z.boolean(),
  required: z.boolean(),
  files: z.array(fileViewSchema),
});

export const missingItemSchema = z.object({
  materialId: z.string(),
  stayIndex: z.number().int().optional(),
  label: z.string(),
  /** What the reviewer said about it (a material request). */
  note: z.string().optional(),
});

export const duplicateSchema = z.object({
  kind: z.enum(['image', 'invoice']),
  /** Where in this claim: the file, or the stay whose invoice number. */
  fileId: idSchema.optional(),
  stayIndex: z.number().int().optional(),
  /** The other claim is one of the worker's own (else it is someone else's and not named). */
  ownClaim: z.boolean(),
  text: z.string(),
});

export const promptSchema = z.object({
  benefitId: z.string(),
  benefitName: z.string(),
  stayIndex: z.number().int(),
  text: z.string(),
});

export const issueSchema = z.object({ field: z.string(), message: z.string() });

export const timelineEntrySchema = z.object({
  at: z.string(),
  actor: actorSchema,
  action: z.string(),
  text: z.string(),
  status: claimStatusSchema.optional(),
});

export const claimSummarySchema = z.object({
  id: idSchema,
  enrollmentId: idSchema,
  programName: z.string(),
  benefitId: z.string(),
  benefitName: z.string(),
  coverage: z.object({ start: dateSchema, end: dateSchema }),
  year: z.number().int(),
  status: claimStatusSchema,
  statusLabel: z.string(),
  /** The insured worker, masked. */
  workerName: z.string(),
  filedBy: actorSchema,
  estimateFen: fenSchema.optional(),
  decidedFen: fenSchema.optional(),
  createdAt: z.string(),
  submittedAt: z.string().optional(),
  updatedAt: z.string(),
});

/** A benefit of the claim's program, as the pages need it (see shared/claims/benefits.ts). */
export const claimableBenefitSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(['tiered_annual', 'ratio', 'fixed_grant', 'grade_table']),
  categories: z.array(z.object({ id: z.string(), label: z.string() })),
  materialsNote: z.string().optional(),
  settlementLabels: z.object({ insurance: z.string().optional(), none: z.string().optional() }),
  reviewLabel: z.string().optional(),
  payoutLabel: z.string().optional(),
});

export const claimViewSchema = claimSummarySchema.extend({
  facts: claimFactsInputSchema,
  /** Every claimable benefit of the claim's program (the form's kinds and categories, prompts). */
  programBenefits: z.array(claimableBenefitSchema),
  /** What the caller is acting as on this claim. */
  actingAs: z.enum(['worker', 'family', 'unit_officer']),
  canEdit: z.boolean(),
  canWithdraw: z.boolean(),
  checklist: z.array(checklistItemSchema),
  /** Required items without a file (before submission), or what the reviewer asked for. */
  missing: z.array(missingItemSchema),
  /** What the facts still lack or contradict (empty = ready to estimate). */
  issues: z.array(issueSchema),
  prompts: z.array(promptSchema),
  estimate: estimateSchema.optional(),
  duplicates: z.array(duplicateSchema),
  materialRequest: z
    .object({ note: z.string(), requestedAt: z.string(), items: z.array(missingItemSchema) })
    .optional(),
  queue: z.enum(['unit_precheck', 'centre_review']).optional(),
  reviewBatch: z.object({ key: z.string(), closesOn: dateSchema, label: z.string() }).optional(),
  decision: z
    .object({ amountFen: fenSchema, decidedAt: z.string(), reason: z.string().optional() })
    .optional(),
  /** After approval: the last day of the transfer (approval + the program's working days). */
  expectedPayment: z
    .object({ date: dateSchema, estimated: z.boolean(), note: z.string().optional(), label: z.string() })
    .optional(),
  paidAt: z.string().optional(),
  timeline: z.array(timelineEntrySchema),
  /** The claim this draft was started from (a cross-benefit prompt). */
  relatedFrom: idSchema.optional(),
});
export type ClaimView = z.infer<typeof claimViewSchema>;

export const authorisationViewSchema = z.object({
  id: idSchema,
  enrollmentId: idSchema,
  programName: z.string(),
  kind: z.enum(['family', 'unit_officer']),
  status: z.enum(authorisationLifecycle.states),
  statusLabel: z.string(),
  /** The insured worker, masked. */
  workerName: z.string(),
  /** The family member (masked) once accepted, or the unit's name. */
  granteeName: z.string().optional(),
  codeExpiresAt: z.string().optional(),
  createdAt: z.string(),
  acceptedAt: z.string().optional(),
  revokedAt: z.string().optional(),
});

const claimRef = { claimId: idSchema };
const materialIdSchema = z.string().regex(/^[a-z0-9_-]{1,60}$/, '材料标识无效');
const stayIndexSchema = z.number().int().min(0).max(19);

export const uploadTicketSchema = z.object({
  ticketId: idSchema,
  /** Upload the bytes here: wx.cloud.uploadFile({ cloudPath, filePath }), or locally POST /storage/upload?path=. */
  cloudPath: z.string(),
  expiresAt: z.string(),
  maxBytes: z.number().int(),
  accept: z.array(z.string()),
});

export const claimApi = {
  /** Start a draft for one active enrolment and one benefit of its program (facts may be partial). */
  create: action(
    strict({
      enrollmentId: idSchema,
      benefitId: z.string().min(1).max(60),
      facts: claimFactsInputSchema.optional(),
    }),
    claimViewSchema,
  ),
  /** Replace a draft's facts (a draft survives leaving the page). */
  update: action(strict({ ...claimRef, facts: claimFactsInputSchema }), claimViewSchema),
  /** Start the claim a cross-benefit prompt offers, pre-filled from the stay. */
  startRelated: action(
    strict({ ...claimRef, benefitId: z.string().min(1).max(60), stayIndex: stayIndexSchema }),
    claimViewSchema,
  ),
  get: action(strict(claimRef), claimViewSchema),
  /** The caller's own claims (as the insured worker). */
  mine: action(noInput, z.object({ items: z.array(claimSummarySchema) })),
  /** The claims of one enrolment, for its worker or someone they authorised. */
  list: action(strict({ enrollmentId: idSchema }), z.object({ items: z.array(claimSummarySchema) })),
  /** What can be claimed under an enrolment (its program's benefits), for its worker or a delegate. */
  benefits: action(strict({ enrollmentId: idSchema }), z.object({ items: z.array(claimableBenefitSchema) })),
  /** A one-time staging path for one file of one checklist item. */
  uploadTicket: action(
    strict({ ...claimRef, materialId: materialIdSchema, stayIndex: stayIndexSchema.optional() }),
    uploadTicketSchema,
  ),
  /** After the upload: the server checks, hashes and files it privately. */
  attachFile: action(
    strict({ ...claimRef, ticketId: idSchema, fileID: z.string().min(10).max(300) }),
    z.object({ file: fileViewSchema, missing: z.array(missingItemSchema) }),
  ),
  /** Remove a file before submission (or one added while material was requested). */
  removeFile: action(
    strict({ ...claimRef, fileId: idSchema }),
    z.object({ removed: z.literal(true), missing: z.array(missingItemSchema) }),
  ),
  /** A short-lived URL to view one file (the view is audited). */
  fileUrl: action(
    strict({ ...claimRef, fileId: idSchema }),
    z.object({ url: z.string(), expiresAt: z.string() }),
  ),
  /** A checklist item's template (the death-benefit declaration), generated as a PDF. */
  template: action(
    strict({ ...claimRef, materialId: materialIdSchema }),
    z.object({ fileName: z.string(), url: z.string(), expiresAt: z.string() }),
  ),
  /** What the calculator proposes, with duplicates and prompts; the subscribe template to ask for. */
  estimate: action(
    strict(claimRef),
    z.object({
      estimate: estimateSchema,
      duplicates: z.array(duplicateSchema),
      prompts: z.array(promptSchema),
      missing: z.array(missingItemSchema),
      subscribeTemplateIds: z.array(z.string()),
    }),
  ),
  /** File the claim; duplicates found must be confirmed (`confirmDuplicates`). */
  submit: action(
    strict({ ...claimRef, confirmDuplicates: z.boolean().optional() }),
    z.object({ claim: claimViewSchema, subscribeTemplateIds: z.array(z.string()) }),
  ),
  /** The worker withdraws a claim not yet under review (or one waiting for material). */
  withdraw: action(strict({ ...claimRef, reason: z.string().trim().max(200).optional() }), claimViewSchema),
  /** After adding what the reviewer asked for: back to the queue that asked. */
  resubmit: action(strict(claimRef), claimViewSchema),
  /** The worker lets a family member (one-time code) or their unit officer file for one enrolment. */
  grantAuthorisation: action(
    strict({ enrollmentId: idSchema, to: z.enum(['family', 'unit_officer']) }),
    z.object({
      authorisation: authorisationViewSchema,
      /** Family only, shown once: the worker passes it on; it expires and works once. */
      code: z.string().optional(),
    }),
  ),
  /** The family member accepts with the code the worker gave them. */
  acceptAuthorisation: action(
    strict({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[0-9A-Z]{10}$/, '授权码为 10 位字母或数字'),
    }),
    authorisationViewSchema,
  ),
  /** The worker revokes an authorisation: it stops working at once. */
  revokeAuthorisation: action(strict({ authorisationId: idSchema }), authorisationViewSchema),
  /** Authorisations the caller granted (as a worker) and holds (as a family member or unit officer). */
  authorisations: action(
    noInput,
    z.object({ granted: z.array(authorisationViewSchema), received: z.array(authorisationViewSchema) }),
  ),
};
