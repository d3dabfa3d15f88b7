/** Documents of the supporting collections (the aggregates' own types sit beside their code). */

/** A unit's live join code (the scene of its QR): the random token is the id. */
export interface JoinTokenDoc {
  _id: string;
  unitId: string;
  createdBy: string;
  createdAt: Date;
}

/** A side effect of a committed change, sent once by the timers (see timers/drain-outbox.ts). */
export interface OutboxDoc {
  _id: string;
  kind: string;
  userId: string;
  enrollmentId?: string;
  /** The order whose payment the message announces (enrollment_paid). */
  orderId?: string;
  claimId?: string;
  /** Message fields for kinds that carry their own text (e.g. a join decision). */
  data?: Record<string, string>;
  status: 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';
  attempts?: number;
  lastError?: string;
  createdAt: Date;
  claimedAt?: Date;
  doneAt?: Date;
}

/** Something about money that did not add up, for the centre to look at. */
export interface PayAnomalyDoc {
  _id: string;
  kind: string;
  outTradeNo?: string;
  transactionId?: string;
  totalFee?: number;
  enrollmentId?: string;
  detail?: Record<string, unknown>;
  at: Date;
  resolved: boolean;
  /** The centre's note when it marked the anomaly resolved (officer.resolvePaymentIssue). */
  resolution?: { note: string; by: string; at: Date };
}

/** A refund of a payment that should not have happened (e.g. a second payment). */
export interface RefundDoc {
  _id: string;
  outTradeNo: string;
  outRefundNo: string;
  /** The payment being refunded. */
  transactionId?: string;
  enrollmentId: string;
  userId: string;
  amountFen: number;
  reason: string;
  status: 'pending' | 'requested' | 'refunded' | 'failed';
  refundId?: string;
  /** Refund calls made so far (the timer retries a refused or failed one, up to a bound). */
  attempts?: number;
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
  /** Set by the centre when it has dealt with the refund (officer.resolvePaymentIssue). */
  resolved?: boolean;
  resolution?: { note: string; by: string; at: Date };
}

/** A fixed-window counter: the id names the bucket, the subject (hashed) and the window. */
export interface RateLimitDoc {
  _id: string;
  count: number;
  expiresAt: Date;
}

/** Append-only record of an officer's action or a view of personal data. */
export interface AuditDoc {
  _id: string;
  actorId: string;
  action: string;
  /** What was acted on (a user, a unit, a claim), by id. */
  subject: { kind: string; id: string };
  orgId?: string;
  /** The org and those above it, so a subtree's admin pages the log on one index (auditLog scope, at). */
  scope?: string[];
  /** The claim concerned, when there is one (auditLog claimId, at). */
  claimId?: string;
  detail?: Record<string, unknown>;
  at: Date;
}
