import { createHash, createHmac } from 'node:crypto';
import type { DeclarationCode } from '@shared/api/enrollment';

import type { EnrollmentStatus, OrderStatus } from '@shared/lifecycle';

export type EnrollmentState = EnrollmentStatus;
export type OrderState = OrderStatus;

export interface EnrollmentDoc {
  _id: string;
  userId: string;
  unitId: string;
  programId: string;
  programName: string;
  series: string;
  coverage: { start: string; end: string };
  status: EnrollmentState;
  totalFen: number;
  workerFen: number;
  feeLines: { payer: string; label: string; amountFen: number }[];
  /** Who covered the fee when the worker pays nothing (fully funded group, unit, free quota). */
  fundedBy?: string;
  consent: { version: string; hash: string; at: Date };
  /** What the worker declared (e.g. BASIC_MEDICAL_INSURANCE) when the program required it. */
  declarations?: DeclarationCode[];
  signatureFileId: string;
  warnings: string[];
  orderAttempts: number;
  currentOrderId?: string;
  certificateNo?: string;
  /** How the worker signed up: online (absent) or on the unit's paper sheet (unitdata import). */
  channel?: 'paper';
  /** The certificate's verification mini-program code (private storage), made on first view. */
  verifyQrFileId?: string;
  paidAt?: Date;
  activatedAt?: Date;
  note?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderDoc {
  _id: string;
  /** = _id; kept as a field for the unique index CloudBase is given. */
  outTradeNo: string;
  enrollmentId: string;
  userId: string;
  amountFen: number;
  status: OrderState;
  payment?: Record<string, unknown>;
  sandboxPayUrl?: string;
  transactionId?: string;
  paidAt?: Date;
  expiresAt: Date;
  closedAt?: Date;
  /** Last time WeChat Pay was asked about a CLOSED order (the timers re-check for 24 h). */
  checkedAt?: Date;
  refundedAt?: Date;
  /** Set with PAID until the enrolment is credited (payments.ts applyPayment). Index: orders (credit). */
  credit?: 'pending';
  createdAt: Date;
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * One enrolment per worker, program and coverage period: the id is derived from the three, so a
 * second enrolment for the same period is the same document and cannot be created twice.
 */
export const enrollmentIdFor = (userId: string, programId: string, coverageStart: string) =>
  'en_' + hex(`${programId}|${coverageStart}|${userId}`).slice(0, 24);

/** out_trade_no: ≤ 32 chars of [0-9A-Za-z_-], derived from the enrolment and the attempt number. */
export const orderIdFor = (enrollmentId: string, attempt: number) =>
  `P${enrollmentId.slice(3, 27)}-${attempt}`;

/** The enrolment id a trade number was made from (orderIdFor's inverse), or null if it is not one. */
export function enrollmentIdOfOrder(outTradeNo: string): string | null {
  const m = /^P([0-9a-f]{24})-\d+$/.exec(outTradeNo);
  return m ? `en_${m[1]}` : null;
}

/** Certificate numbers are derived, not counted: no global counter to contend on. */
export const certificateNoFor = (enrollment: Pick<EnrollmentDoc, '_id' | 'coverage'>) =>
  `HZ${enrollment.coverage.start.slice(0, 4)}-${hex(enrollment._id).slice(0, 10).toUpperCase()}`;

/** The check code printed in the certificate's QR: proves the number was issued by us. */
export function certificateCode(certificateNo: string): string {
  const key = process.env.PII_HASH_KEY ?? '';
  return createHmac('sha256', Buffer.from(key, 'base64'))
    .update(`cert:${certificateNo}`)
    .digest('hex')
    .slice(0, 16);
}

export const ORDER_TTL_MS = 30 * 60 * 1000;
