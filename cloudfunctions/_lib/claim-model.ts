import type { ClaimQueue, ClaimStatus, AuthorisationStatus } from '@shared/lifecycle';
import type { ReviewBatch } from '@shared/program/review';
import type { ExpectedPayment } from '@shared/claims';
import type { AuditDoc, OutboxDoc } from './records';

/** Who acted on a claim, as recorded at the time (names masked). */
export interface ClaimActor {
  userId: string;
  role: 'worker' | 'family' | 'unit_officer' | 'officer' | 'system';
  name: string;
  /** The authorisation a family member or unit officer acted under. */
  authorisationId?: string;
}

/** One step of the claim's timeline. */
export interface ClaimEvent {
  at: Date;
  actor: ClaimActor;
  /** Stable code: created, updated, file_added, file_removed, submitted, withdrawn, resubmitted… */
  action: string;
  /** Chinese, without medical details (those stay sealed). */
  text: string;
  /** The status after the step, when it changed it. */
  status?: ClaimStatus;
}

export interface MaterialRequestItem {
  materialId: string;
  stayIndex?: number;
  label: string;
  note?: string;
}

/**
 * A claim (补助申请). Medical facts and the estimate's explanation are sealed (AES-256-GCM, the
 * PII keys): `sealed` opens to `{ facts, estimate? }`. In clear: what queues, lists and money
 * need — ids, status, amounts, and keyed hashes of invoice numbers for duplicate look-ups.
 */
/** What a claim change carries until the records are written (claims.ts commitClaim). */
export interface ClaimRecords {
  outbox: OutboxDoc[];
  audit: AuditDoc[];
}

export interface ClaimDoc {
  _id: string;
  enrollmentId: string;
  /** The insured worker (the enrolment's user). */
  workerId: string;
  workerName: string;
  unitId: string;
  programId: string;
  programName: string;
  benefitId: string;
  benefitName: string;
  ruleKind: 'tiered_annual' | 'ratio' | 'fixed_grant' | 'grade_table';
  coverage: { start: string; end: string };
  year: number;
  status: ClaimStatus;
  /** Bumped by every write: conditional updates and transactions compare it. */
  version: number;
  sealed: string;
  /** Keyed hashes (pii.lookupHash 'invoice') of the stays' invoice numbers. Index: claims.invoiceKeys. */
  invoiceKeys: string[];
  fileCount: number;
  filedBy: ClaimActor;
  /** Stored at submission; lines and warnings are in `sealed`. */
  estimate?: {
    amountFen: number;
    entitlementFen: number;
    alreadyPaidFen: number;
    blocking: boolean;
    at: Date;
  };
  /** Found at submission, for the reviewer: the other claims are named here only. */
  duplicates?: {
    kind: 'image' | 'invoice';
    fileId?: string;
    stayIndex?: number;
    otherClaimIds: string[];
    ownClaim: boolean;
  }[];
  queue?: ClaimQueue;
  reviewBatch?: ReviewBatch;
  /** Set by a reviewer moving the claim to needs_material; cleared on resubmission. */
  materialRequest?: {
    note: string;
    items: MaterialRequestItem[];
    requestedAt: Date;
    requestedBy: ClaimActor;
    /** The queue the claim returns to. */
    from: ClaimQueue;
  };
  /**
   * Set by the review. `proposedFen` is what the calculator proposed at the decision (an amount that
   * differs carries `reason`); a rejection has amount 0 and `reasonCode` (shared/review/reasons.ts).
   */
  decision?: {
    amountFen: number;
    decidedAt: Date;
    decidedBy?: ClaimActor;
    reason?: string;
    proposedFen?: number;
    reasonCode?: string;
  };
  /**
   * The unit and every org above it (the unit's ancestors + the unit), stamped by the review
   * function, so a subtree's queue is one indexed query (`scope: orgId`).
   * Index: claims (scope, queue, status, submittedAt) and siblings.
   */
  scope?: string[];
  /**
   * The records a change caused (the worker's message, the audit entry), written with the claim
   * in one atomic write and then to `outbox` / `auditLog`; the timer writes and clears what is
   * still here after a while (claims.ts commitClaim). Index: claims (recordsSince).
   */
  records?: ClaimRecords;
  /** When the oldest record still carried was added. */
  recordsSince?: Date;
  /** The reviewer holding the claim (one at a time). */
  assignee?: { userId: string; name: string; at: Date };
  /** Queue filters: duplicate, high_amount, late, objection, held (see shared/api/review.ts). */
  flags?: string[];
  /** The payout deadline (China date), set at approval. Index: claims (status, payoutDue). */
  payoutDue?: string;
  payoutBatchId?: string;
  /** An objection to the 公示 holds the payout until resolved. */
  hold?: { objectionId: string; at: Date };
  /** 已发放的补助，予以追回. */
  recovery?: { reasonCode: string; note: string; amountFen: number; startedAt: Date; recoveredAt?: Date };
  /** Pre-filled from a medical-insurance settlement record: one claim per enrolment and stay. */
  importKey?: string;
  /** When the timers told the centre admin the payout is late. */
  escalatedAt?: Date;
  /** Set at approval (approval + the payout deadline); computed from `decision` when absent. */
  expectedPayment?: ExpectedPayment;
  paidAt?: Date;
  relatedFrom?: string;
  timeline: ClaimEvent[];
  createdAt: Date;
  updatedAt: Date;
  submittedAt?: Date;
}

/** One file of a claim, stored privately under a random name. */
export interface ClaimFileDoc {
  _id: string;
  claimId: string;
  materialId: string;
  stayIndex?: number;
  /** cloud://…/claims/<random>.<ext> */
  fileId: string;
  sha256: string;
  bytes: number;
  mime: string;
  uploadedBy: ClaimActor;
  uploadedAt: Date;
  /** The same content was already in another claim when it was attached. */
  duplicateAtUpload: boolean;
  /** Added after submission (for a material request); removable until resubmitted. */
  afterSubmission: boolean;
  /** The claim's worker, so a duplicate found by content tells whether it is their own claim. */
  workerId: string;
}

/** A one-time upload path handed to one caller for one checklist item of one claim. */
export interface UploadTicketDoc {
  _id: string;
  claimId: string;
  materialId: string;
  stayIndex?: number;
  userId: string;
  /** uploads/<32 hex>/<32 hex> */
  path: string;
  expiresAt: Date;
  usedAt?: Date;
  createdAt: Date;
}

/** Permission to file for one enrolment, granted by its worker. */
export interface AuthorisationDoc {
  _id: string;
  enrollmentId: string;
  workerId: string;
  workerName: string;
  programName: string;
  kind: 'family' | 'unit_officer';
  status: AuthorisationStatus;
  /** Family: SHA-256 of the one-time code while pending (the code itself is never stored). */
  codeHash?: string;
  codeExpiresAt?: Date;
  granteeId?: string;
  granteeName?: string;
  /** Unit officer: the enrolment's unit (any officer with a unit_officer grant over it). */
  unitId?: string;
  createdAt: Date;
  acceptedAt?: Date;
  revokedAt?: Date;
  updatedAt: Date;
}
