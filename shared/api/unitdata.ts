/**
 * `unitdata`: union officers' data work — paper sign-up imports, targets and progress, the fund
 * ledger and the fee what-if. Officer-only: every action checks the caller's (role, org) grants
 * over the unit or org it names.
 */
import { z } from 'zod';
import { action } from './define';
import { dateSchema, fenSchema, idSchema, pageInputSchema, pageOf, strict } from './common';

export const templateIdSchema = z.enum(['wujin', 'guangdong']);
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const payerSchema = z.enum([
  'worker',
  'grassroots_union',
  'unit',
  'county_union',
  'city_union',
  'province_union',
]);

export const rowIssueSchema = z.object({
  row: z.number().int(),
  column: z.string().optional(),
  code: z.string(),
  /** Chinese, beginning with 第 N 行. */
  message: z.string(),
});

export const importStatusValueSchema = z.enum([
  'awaiting_upload',
  'validating',
  'validated',
  'refused',
  'committing',
  'committed',
]);

export const importSummarySchema = z.object({
  importId: idSchema,
  status: importStatusValueSchema,
  unitId: idSchema,
  /** Known once the sheet is read (the template names the program); absent while awaiting upload. */
  programId: idSchema.optional(),
  template: templateIdSchema.optional(),
  counts: z.object({
    rows: z.number().int(),
    valid: z.number().int(),
    invalid: z.number().int(),
    warnings: z.number().int(),
    blank: z.number().int(),
  }),
  /** Why the whole file was refused (wrong template, not an xlsx, too many rows…). */
  refusal: z.object({ code: z.string(), message: z.string() }).optional(),
  /** A page of the row errors, in sheet order. */
  errors: z.array(rowIssueSchema),
  warnings: z.array(rowIssueSchema),
  /** More errors were found than are stored (the first 5,000 are kept). */
  errorsTruncated: z.boolean(),
  /** How formula cells were treated, in Chinese. */
  formulaPolicy: z.string(),
  commit: z
    .object({
      mode: z.enum(['all_or_nothing', 'valid_rows']),
      chunksDone: z.number().int(),
      chunks: z.number().int(),
      rowsDone: z.number().int(),
      rowsToImport: z.number().int(),
      enrolmentsCreated: z.number().int(),
      membersCreated: z.number().int(),
      linkedToRegistered: z.number().int(),
      alreadyEnrolled: z.number().int(),
      /** Rows valid at validation that could not be imported at commit (e.g. joined another unit since). */
      lateErrors: z.array(rowIssueSchema),
      done: z.boolean(),
    })
    .optional(),
  createdAt: z.string(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

const fileSchema = z.object({
  url: z.string(),
  fileName: z.string(),
  expiresAt: z.string(),
  rows: z.number().int(),
});

const lightSchema = z.enum(['green', 'yellow', 'red']);
const figuresSchema = z.object({
  target: z.number().int(),
  enrolled: z.number().int(),
  active: z.number().int(),
  pendingPayment: z.number().int(),
  expected: z.number().int(),
  completionBp: z.number().int().nullable(),
  paceBp: z.number().int().nullable(),
  light: lightSchema,
  coverageBp: z.number().int().nullable(),
  premiumsFen: fenSchema,
  paidClaimsFen: fenSchema,
  claimsRatioBp: z.number().int().nullable(),
});
export const unitFiguresSchema = figuresSchema.extend({
  unitId: idSchema,
  unitName: z.string(),
  unitCode: z.string().optional(),
});

export const statementSchema = z.object({
  id: idSchema,
  programId: idSchema,
  month: monthSchema,
  payer: payerSchema,
  payerLabel: z.string(),
  orgId: idSchema,
  orgName: z.string(),
  dueOn: dateSchema,
  dueFen: fenSchema,
  paidFen: fenSchema,
  enrolments: z.number().int(),
  state: z.enum(['open', 'paid', 'part_paid', 'overdue', 'overpaid']),
  stateLabel: z.string(),
  mismatch: z.boolean(),
  message: z.string().optional(),
  units: z.array(z.object({ unitId: idSchema, amountFen: fenSchema, count: z.number().int() })),
  transfers: z.array(z.object({ amountFen: fenSchema, paidOn: dateSchema, reference: z.string() })),
});

const scenarioSchema = z.object({
  premiumsFen: fenSchema,
  byPayerFen: z.record(z.string(), fenSchema),
  payoutsFen: fenSchema,
  claimsRatioBp: z.number().int().nullable(),
  unpriced: z.number().int(),
  blocked: z.number().int(),
});

const tierSchema = strict({ minFen: fenSchema, amountFen: fenSchema });
const feeLineSchema = strict({
  payer: payerSchema,
  label: z.string().trim().min(1).max(40),
  amountFen: fenSchema,
});

export const unitdataApi = {
  /** A one-time staging path for the sheet (the file goes to storage first, then validateImport). */
  importTicket: action(
    strict({ unitId: idSchema }),
    z.object({ ticketId: idSchema, path: z.string(), expiresAt: z.string() }),
  ),
  /** Reads the uploaded .xlsx, validates every row and stores the result; writes no people or enrolments. */
  validateImport: action(
    strict({
      ticketId: idSchema,
      fileID: z.string().min(10).max(300),
      programId: idSchema,
      unitId: idSchema,
    }),
    importSummarySchema,
  ),
  /**
   * Imports the validated rows, one chunk of 500 rows after another until the call's time budget
   * is spent; call again (or let the timer) until `commit.done`. Idempotent: ids are derived.
   */
  commitImport: action(
    strict({ importId: idSchema, mode: z.enum(['all_or_nothing', 'valid_rows']) }),
    importSummarySchema,
  ),
  importStatus: action(
    strict({ importId: idSchema, errorsPage: z.number().int().min(1).max(1000).default(1) }),
    importSummarySchema,
  ),
  /** The sign-up template, empty or filled with the unit's enrolled members (masked as the caller may see). */
  exportSheet: action(
    strict({
      unitId: idSchema,
      programId: idSchema,
      template: templateIdSchema,
      filled: z.boolean().default(false),
    }),
    fileSchema,
  ),
  /** District or centre: set a unit's target (and headcount, for the coverage rate). */
  setTarget: action(
    strict({
      programId: idSchema,
      unitId: idSchema,
      target: z.number().int().min(0).max(10_000_000),
      headcount: z.number().int().min(0).max(10_000_000).optional(),
    }),
    z.object({ saved: z.literal(true) }),
  ),
  /** Per-unit and total figures for the caller's subtree (or one unit), a page of units at a time. */
  dashboard: action(
    pageInputSchema.extend({ programId: idSchema, orgId: idSchema, light: lightSchema.optional() }).strict(),
    pageOf(unitFiguresSchema).extend({
      totals: figuresSchema
        .omit({ light: true })
        .extend({ units: z.number().int(), lights: z.record(lightSchema, z.number().int()) }),
      plan: z.object({
        window: z.object({ opens: dateSchema, closes: dateSchema }),
        greenBp: z.number().int(),
        yellowBp: z.number().int(),
        reportEveryDays: z.number().int(),
        source: z.string(),
      }),
      today: dateSchema,
      /** false when the claims collection could not be read: claims figures are 0. */
      claimsAvailable: z.boolean(),
    }),
  ),
  /** The dashboard as an Excel file. */
  exportDashboard: action(strict({ programId: idSchema, orgId: idSchema }), fileSchema),
  /** The fortnightly progress report (双周调度) as an Excel file. */
  progressReport: action(strict({ programId: idSchema, orgId: idSchema }), fileSchema),
  /** (Re)compute a month's statements for the payers in the caller's subtree from the enrolments' fee lines. */
  buildStatements: action(
    strict({ programId: idSchema, orgId: idSchema, month: monthSchema }),
    z.object({ statements: z.array(statementSchema), unplacedFen: fenSchema }),
  ),
  listStatements: action(
    pageInputSchema.extend({ programId: idSchema, orgId: idSchema, month: monthSchema }).strict(),
    pageOf(statementSchema),
  ),
  /** Record a bank transfer against a statement (district or centre officers). */
  recordTransfer: action(
    strict({
      statementId: idSchema,
      amountFen: fenSchema.refine((v) => v > 0, '金额必须大于 0'),
      paidOn: dateSchema,
      reference: z.string().trim().min(1, '请填写银行流水号').max(64),
    }),
    statementSchema,
  ),
  /** Centre admin: next year's fee, split or tiers tried on this year's enrolments and claims. */
  whatIf: action(
    strict({
      programId: idSchema,
      variant: strict({
        perShareFen: fenSchema.optional(),
        schedules: z
          .array(strict({ id: z.string().min(1).max(64), lines: z.array(feeLineSchema).min(1).max(10) }))
          .max(10)
          .optional(),
        tiers: z
          .array(strict({ benefitId: z.string().min(1).max(64), tiers: z.array(tierSchema).min(1).max(30) }))
          .max(10)
          .optional(),
      }),
    }),
    z.object({
      actual: z.object({
        premiumsFen: fenSchema,
        payoutsFen: fenSchema,
        claimsRatioBp: z.number().int().nullable(),
      }),
      base: scenarioSchema,
      variant: scenarioSchema,
      enrolments: z.number().int(),
      claims: z.number().int(),
      claimsAvailable: z.boolean(),
    }),
  ),
};
