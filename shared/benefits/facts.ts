/**
 * What the calculator is told about a claim (facts) and what was paid before (history).
 * The zod schemas are for the API boundary and strict: a key they do not know is refused (a
 * misspelt `liabilityShareTotalFen` must not silently count as absent). The calculator itself
 * trusts typed input and only checks what would make money wrong.
 */
import { z } from 'zod';
import { isoDateSchema, type IsoDate } from '../calendar';
import type { Fen } from '../money';

const fenAmount = z.number().int('金额必须是整数分').min(0, '金额不能为负');
const codes = z.array(z.string().min(1)).default([]);

export const periodSchema = z.strictObject({ start: isoDateSchema, end: isoDateSchema });
export type Period = { start: IsoDate; end: IsoDate };

export const hospitalStaySchema = z.strictObject({
  /** Stable id of the stay (e.g. the settlement number) so a stay is never counted twice. */
  id: z.string().min(1),
  /** Needed when the program attributes stays by admission date or by days. */
  admittedOn: isoDateSchema.optional(),
  /**
   * Which period a stay belongs to follows the program's `coverage.boundaryStay` rule; without
   * the date a rule needs the claim is refused, except a missing discharge date under
   * `discharge_date` (the stay counts).
   */
  dischargedOn: isoDateSchema.optional(),
  /** Settled with the medical-insurance card (data comes from insurance) or not. */
  settlement: z.enum(['insurance', 'none']),
  cause: z.enum(['illness', 'accident', 'traffic_accident', 'work_injury']).default('illness'),
  /** 个人自理 = 个人自付 + 自费, after basic insurance, serious-illness insurance and aid. */
  selfPaidFen: fenAmount,
  /** Traffic accident: total cost the worker bears within their share of liability. */
  liabilityShareTotalFen: fenAmount.optional(),
  /** Excluded causes found for this stay only (e.g. cosmetic surgery). */
  exclusionCodes: codes,
});
export type HospitalStay = z.input<typeof hospitalStaySchema>;

export const ratioItemSchema = z.strictObject({
  id: z.string().min(1),
  /** Needed when the program attributes stays by admission date or by days. */
  admittedOn: isoDateSchema.optional(),
  dischargedOn: isoDateSchema.optional(),
  /** The amount the ratio applies to, e.g. 医保统筹个人自付部分. */
  basisFen: fenAmount,
  exclusionCodes: codes,
});
export type RatioItem = z.input<typeof ratioItemSchema>;

const common = {
  /** The coverage period claimed; defaults to the program's fixed coverage. */
  period: periodSchema.optional(),
  /** Excluded causes found for the whole claim (fraud, drunkenness…). */
  exclusionCodes: codes,
};

export const claimFactsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tiered_annual'), ...common, stays: z.array(hospitalStaySchema) }),
  z.strictObject({ kind: z.literal('ratio'), ...common, items: z.array(ratioItemSchema) }),
  z.strictObject({
    kind: z.literal('fixed_grant'),
    ...common,
    category: z.string().min(1),
    diagnosedOn: isoDateSchema.optional(),
    /** Condition ids of the rule the officer has confirmed (first diagnosis, hospital level…). */
    conditionsMet: z.array(z.string()).default([]),
  }),
  z.strictObject({
    kind: z.literal('grade_table'),
    ...common,
    /** One work-injury event; re-appraisals of it pay only the difference. */
    incidentId: z.string().min(1),
    grade: z.number().int().min(1).max(10).optional(),
    death: z.boolean().default(false),
    conditionsMet: z.array(z.string()).default([]),
  }),
]);
export type ClaimFactsInput = z.input<typeof claimFactsSchema>;
export type ClaimFacts = z.output<typeof claimFactsSchema>;

/** A payment made before, as stored with the claim. */
export const paidRecordSchema = z.strictObject({
  benefitId: z.string().min(1),
  periodStart: isoDateSchema,
  /** What the payment was for inside the period: see `CalcResult.subject`. */
  subject: z.string().min(1),
  amountFen: fenAmount,
  claimId: z.string().optional(),
});
export type PaidRecord = z.infer<typeof paidRecordSchema>;

export interface CalcLine {
  /** Stable code of the step, for clients that style lines. */
  code: string;
  /** One step in Chinese, fit to show a worker and an officer. */
  text: string;
  amountFen?: Fen;
}

export interface CalcWarning {
  code: string;
  text: string;
  /**
   * true = the claim must not be approved as calculated (e.g. `BENEFIT.AMOUNT_UNKNOWN`: the
   * notice publishes no amount, an officer must enter one); absent = for the reviewer's
   * attention only.
   */
  blocking?: boolean;
}

export interface CalcResult {
  /** What to pay now (never negative). */
  amountFen: Fen;
  /** What the facts entitle to in total for this subject, before subtracting earlier payments. */
  entitlementFen: Fen;
  alreadyPaidFen: Fen;
  lines: CalcLine[];
  warnings: CalcWarning[];
  /** Store these with the payment so later claims subtract it (`PaidRecord`). */
  benefitId: string;
  periodStart: IsoDate;
  subject: string;
  /** The excluded cause when the whole claim pays nothing because of one. */
  excludedBy?: { code: string; label: string };
  /**
   * Set when the program publishes no amount for what the facts qualify for: `amountFen` is
   * 0 and a blocking `BENEFIT.AMOUNT_UNKNOWN` warning says an officer must enter the amount.
   */
  amountUnknown?: { reason: string };
}
