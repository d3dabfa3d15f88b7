import { z } from 'zod';
import { enrollmentLifecycle } from '../lifecycle';
import { action } from './define';
import { dateSchema, fenSchema, idSchema, noInput, strict } from './common';

export const enrollmentStatusSchema = z.enum(enrollmentLifecycle.states);
export type EnrollmentStatus = z.infer<typeof enrollmentStatusSchema>;

export const feeLineSchema = z.object({ payer: z.string(), label: z.string(), amountFen: fenSchema });

export const noticeSchema = z.object({ version: z.string(), hash: z.string(), text: z.string() });

export const eligibilityIssueSchema = z.object({
  code: z.string(),
  message: z.string(),
  blocking: z.boolean(),
});

/**
 * Facts only the worker can state, which some programs require (Guangdong: basic medical
 * insurance; Jinan, Guangdong, Shaanxi: union membership). The worker declares them when
 * enrolling; the declaration is recorded with the enrolment and the unit keeps the proof.
 */
export const declarationCodeSchema = z.enum(['UNION_MEMBER', 'BASIC_MEDICAL_INSURANCE']);
export type DeclarationCode = z.infer<typeof declarationCodeSchema>;
export const declarationSchema = z.object({ code: declarationCodeSchema, label: z.string() });

export const offerSchema = z.object({
  programId: idSchema,
  name: z.string(),
  region: z.string(),
  coverage: z.object({ start: dateSchema, end: dateSchema }),
  window: z.object({ start: dateSchema, end: dateSchema }),
  totalFen: fenSchema,
  workerFen: fenSchema,
  feeLines: z.array(feeLineSchema),
  summary: z.array(z.string()),
  issues: z.array(eligibilityIssueSchema),
  /** What the worker must declare to enrol (shown as checkboxes before signing). */
  declarations: z.array(declarationSchema),
  /** This worker's enrolment for that coverage period, when there is one. */
  enrollmentId: idSchema.optional(),
  enrollmentStatus: enrollmentStatusSchema.optional(),
  /** The worker's enrolment in the same series' previous period, for one-tap renewal. */
  renewableFrom: idSchema.optional(),
});
export type Offer = z.infer<typeof offerSchema>;

export const enrollmentSchema = z.object({
  id: idSchema,
  programId: idSchema,
  programName: z.string(),
  coverage: z.object({ start: dateSchema, end: dateSchema }),
  status: enrollmentStatusSchema,
  workerFen: fenSchema,
  totalFen: fenSchema,
  feeLines: z.array(feeLineSchema),
  certificateNo: z.string().optional(),
  paidAt: z.string().optional(),
  createdAt: z.string(),
  /** Why it is pending or cancelled, in Chinese. */
  note: z.string().optional(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

/** A handwritten signature drawn on a canvas, as a base64 PNG (no data: prefix). */
export const signaturePngSchema = z
  .string()
  .min(200, '请先签名')
  .max(400_000, '签名图片过大')
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, '签名图片格式无效');

export const paymentStartSchema = z.object({
  orderId: idSchema,
  amountFen: fenSchema,
  /** When the order stops being payable (WeChat Pay's time_expire is the same instant). */
  expiresAt: z.string().optional(),
  /** wx.requestPayment parameters (WeChat). */
  payment: z.record(z.string(), z.unknown()).optional(),
  /** The sandbox pay page (local runtime only). */
  sandboxPayUrl: z.string().optional(),
});

export const certificateSchema = z.object({
  certificateNo: z.string(),
  programName: z.string(),
  region: z.string(),
  insuredName: z.string(),
  idMasked: z.string(),
  unitName: z.string(),
  coverage: z.object({ start: dateSchema, end: dateSchema }),
  benefits: z.array(z.string()),
  issuedAt: z.string(),
  /** What the certificate's QR code encodes: a page that verifies it with the code. */
  verifyPath: z.string(),
  verifyCode: z.string(),
  /** A server-made mini-program code for the verify page (short-lived URL): what WeChat's camera opens. */
  verifyQrImageUrl: z.string().optional(),
});

export const enrollmentApi = {
  /** Programs open to the caller's unit today, with the caller's share and eligibility. */
  offers: action(noInput, z.object({ offers: z.array(offerSchema) })),
  /** The coverage summary and the 参保须知 to read and agree to. */
  programDetail: action(
    strict({ programId: idSchema }),
    offerSchema.extend({ notice: noticeSchema, benefits: z.array(z.string()) }),
  ),
  /** Enrol: agreement (version + hash of what was shown) and the handwritten authorisation. */
  enrol: action(
    strict({
      programId: idSchema,
      consent: strict({
        version: z.string().min(1),
        hash: z.string().regex(/^[0-9a-f]{64}$/, '须知摘要无效'),
        agreed: z.literal(true),
      }),
      signaturePng: signaturePngSchema,
      declarations: z.array(declarationCodeSchema).max(5).default([]),
    }),
    enrollmentSchema,
  ),
  /** One tap: enrol in the next period reusing the signature, when the notice has not changed. */
  renew: action(strict({ fromEnrollmentId: idSchema, programId: idSchema }), enrollmentSchema),
  /** Start (or resume) paying the worker's share. */
  pay: action(strict({ enrollmentId: idSchema }), paymentStartSchema),
  /** Ask the server to check the order with WeChat Pay (after the client says it paid). */
  syncPayment: action(strict({ enrollmentId: idSchema }), enrollmentSchema),
  /** Withdraw an enrolment not yet paid (its order is closed at WeChat Pay first). */
  cancel: action(strict({ enrollmentId: idSchema }), enrollmentSchema),
  mine: action(noInput, z.object({ items: z.array(enrollmentSchema) })),
  get: action(strict({ enrollmentId: idSchema }), enrollmentSchema),
  certificate: action(strict({ enrollmentId: idSchema }), certificateSchema),
  /** Public: anyone scanning the certificate QR learns whether it is valid, with masked data only. */
  verifyCertificate: action(
    strict({
      certificateNo: z.string().regex(/^[0-9A-Z-]{6,40}$/),
      code: z.string().regex(/^[0-9a-f]{8,64}$/),
    }),
    z.object({
      valid: z.boolean(),
      programName: z.string().optional(),
      insuredName: z.string().optional(),
      coverage: z.object({ start: dateSchema, end: dateSchema }).optional(),
      /** From the coverage dates and today's China date: upcoming (待生效), in_force, expired. */
      state: z.enum(['upcoming', 'in_force', 'expired']).optional(),
      status: z.string().optional(),
    }),
  ),
};
