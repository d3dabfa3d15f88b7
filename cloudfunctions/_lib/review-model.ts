import type {
  AppraisalMeetingStatus,
  ObjectionStatus,
  PayoutBatchStatus,
  PayoutItemStatus,
} from '@shared/lifecycle';
import type { NoticeLine, Vote } from '@shared/review';

/** One line of a payout batch. The account number is never stored here (it is read sealed when the bank file is made). */
export interface PayoutItem {
  claimId: string;
  workerId: string;
  /** Masked. */
  workerName: string;
  unitId: string;
  benefitName: string;
  amountFen: number;
  accountMasked: string;
  status: PayoutItemStatus;
  failReason?: string;
  payoutDue?: string;
}

/** A payout batch (发放批次): at most MAX_BATCH_ITEMS claims, written whole in one transaction. */
export interface PayoutBatchDoc {
  _id: string;
  /** Human-readable: FF-20240610-<4 hex>. */
  no: string;
  programId: string;
  programName: string;
  orgId: string;
  scope: string[];
  status: PayoutBatchStatus;
  items: PayoutItem[];
  totalFen: number;
  version: number;
  createdBy: string;
  createdAt: Date;
  exportedAt?: Date;
  settledAt?: Date;
  noticeId?: string;
  updatedAt: Date;
}

export interface MeetingAgendaItem {
  claimId: string;
  workerId: string;
  workerName: string;
  unitId: string;
  proposedFen: number;
  recused: { userId: string; name: string; reason: string }[];
  votes: { userId: string; name: string; vote: Vote; at: Date }[];
  applied: boolean;
}

/** A quarterly appraisal meeting (重大疾病鉴定会) and its minutes. */
export interface AppraisalMeetingDoc {
  _id: string;
  orgId: string;
  scope: string[];
  programId: string;
  benefitId: string;
  quarter: string;
  heldOn: string;
  status: AppraisalMeetingStatus;
  convenerId: string;
  members: { userId: string; name: string }[];
  agenda: MeetingAgendaItem[];
  version: number;
  createdAt: Date;
  closedAt?: Date;
}

/** A published 公示: masked names and IDs and amounts only. Public. */
export interface NoticeDoc {
  _id: string;
  batchId: string;
  orgId: string;
  scope: string[];
  programId: string;
  programName: string;
  title: string;
  publishedOn: string;
  objectionClosesOn: string;
  lines: NoticeLine[];
  /** Which claim each line is (never shown publicly). */
  claimIds: string[];
  totalFen: number;
  publishedAt: Date;
  publishedBy: string;
}

/** An objection against one notice line. */
export interface ObjectionDoc {
  _id: string;
  noticeId: string;
  lineNo: number;
  claimId: string;
  scope: string[];
  /** The objector (a signed-in user); never shown to the worker. */
  byUserId: string;
  reason: string;
  status: ObjectionStatus;
  effect: 'held' | 'recovery_review';
  createdAt: Date;
  resolution?: { note: string; by: string; at: Date };
}

/** A staged settlement export for one program, and its result once imported. */
export interface SettlementImportDoc {
  _id: string;
  orgId: string;
  scope: string[];
  programId: string;
  userId: string;
  path: string;
  expiresAt: Date;
  usedAt?: Date;
  createdAt: Date;
  result?: { created: number; unmatched: number; rows: number };
}
