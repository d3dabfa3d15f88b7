/**
 * Documents of the unit-data function (paper imports, members, targets, fund ledger). Personal
 * fields are sealed with pii.ts exactly as registration seals them; no clear ID, phone or card
 * number is stored anywhere here.
 */
import type { Payer } from '@shared/program/schema';
import type { RowIssue, TemplateId, ValidationCounts } from '@shared/unitdata';
import type { EnrollmentDoc } from './enrollment-model';

export type ImportState =
  'awaiting_upload' | 'validating' | 'validated' | 'refused' | 'committing' | 'committed';

/** One paper sheet's import: the ticket, the validation result, then the commit's progress. */
export interface ImportDoc {
  _id: string;
  unitId: string;
  /** Set at validation. */
  programId?: string;
  createdBy: string;
  status: ImportState;
  /** uploads/<32 hex>/<32 hex>, handed to the caller once. */
  path: string;
  expiresAt: Date;
  /** The sheet kept privately after validation (imports/<random>.xlsx): the paper sign-up's record. */
  sourceFileId?: string;
  template?: TemplateId;
  counts?: ValidationCounts;
  refusal?: { code: string; message: string };
  /**
   * The first 5,000 row errors and the first 5,000 warnings, in sheet order, as one JSON string
   * `{errors, warnings}` (unitdata-views.ts issuesOf): up to about 1.5 MB that the database
   * copies as one value whenever this document is updated (once per commit chunk), instead of
   * walking 10,000 objects each time. `errors`/`warnings` are the earlier form, still read.
   */
  issues?: string;
  errors?: RowIssue[];
  warnings?: RowIssue[];
  errorsTruncated?: boolean;
  /** Staged valid rows are in importChunks `${_id}_${n}`, n = 0 … chunks-1. */
  chunks?: number;
  /**
   * How long validation took, by step (ms), for the import bench: reading the sheet, the row
   * rules, the store checks (ID hashes and look-ups, with the sealing running alongside),
   * the part of that spent sealing, and writing the staged chunks.
   */
  timings?: { parseMs: number; validateMs: number; storeCheckMs: number; sealMs: number; stageMs: number };
  rowsToImport?: number;
  coverage?: { start: string; end: string };
  commit?: {
    mode: 'all_or_nothing' | 'valid_rows';
    /** The next chunk to process. */
    cursor: number;
    rowsDone: number;
    enrolmentsCreated: number;
    membersCreated: number;
    linkedToRegistered: number;
    alreadyEnrolled: number;
    lateErrors: RowIssue[];
    /** A call holding the lease processes chunks; another waits until it expires. */
    leaseId?: string;
    leaseUntil?: Date;
    startedAt: Date;
    finishedAt?: Date;
  };
  createdAt: Date;
  updatedAt: Date;
}

/** A valid row, sealed, waiting for the commit. */
export interface StagedRow {
  row: number;
  idHash: string;
  idCipher: string;
  idMasked: string;
  name: string;
  nameMasked: string;
  sex: 'male' | 'female';
  phoneCipher?: string;
  phoneMasked?: string;
  cardCipher?: string;
  cardMasked?: string;
  township?: string;
  employer?: string;
  warnings: string[];
}

/**
 * One chunk of staged rows. `packed` (unitdata-staging.ts) is the rows as one string of
 * positional arrays: a few hundred KB the SDK and the database pass as one value instead of
 * a thousand objects of fourteen fields each. `rows` is the earlier form, still read.
 */
export interface ImportChunkDoc {
  _id: string;
  importId: string;
  index: number;
  packed?: string;
  rows?: StagedRow[];
  createdAt: Date;
}

/**
 * A person signed up on paper who has no account (no OPENID) yet. The id is derived from the
 * ID hash, so a second import of the same person is the same member; `members.idHash` is unique.
 * When the person registers, `user.register` can link the account by the same idHash.
 */
export interface MemberDoc {
  _id: string;
  idHash: string;
  idCipher: string;
  idMasked: string;
  name: string;
  nameMasked: string;
  sex: 'male' | 'female';
  phoneCipher?: string;
  phoneMasked?: string;
  unionCardCipher?: string;
  unionCardMasked?: string;
  unitId: string;
  township?: string;
  employer?: string;
  source: 'paper';
  importId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A paper enrolment: an enrolment like any other, plus where it came from. */
export type PaperEnrollmentDoc = EnrollmentDoc & {
  channel: 'paper';
  importId: string;
  importRow: number;
  /** The member (or registered user) the enrolment is for: = userId. */
  personKind: 'member' | 'user';
  /** The worker's share is collected by the unit and transferred with its statement. */
  collectedBy: 'unit';
  /** The person's name as signed, masked (for lists without a user document). */
  nameMasked: string;
};

/** A program's progress settings (Luohe's traffic lights); id = programId. */
export interface TargetPlanDoc {
  _id: string;
  programId: string;
  window: { opens: string; closes: string };
  greenBp: number;
  yellowBp: number;
  reportEveryDays: number;
  source: string;
  updatedAt: Date;
}

/** One unit's target for one program; id = tg_<programId>_<unitId> (one per pair). */
export interface TargetDoc {
  _id: string;
  programId: string;
  unitId: string;
  unitName: string;
  unitCode?: string;
  /** The unit's ancestors (root first), for subtree queries. */
  ancestors: string[];
  target: number;
  headcount?: number;
  /** Display order (序号 of the target list). */
  seq: number;
  updatedAt: Date;
  updatedBy: string;
}

/** What one payer org owes for one month's enrolments of one program. */
export interface StatementDoc {
  _id: string;
  /** programId|month|payer|orgId: unique, so a rebuild updates the same statement. */
  key: string;
  programId: string;
  month: string;
  payer: Payer;
  orgId: string;
  /** The paying org's ancestors and itself, for subtree listing. */
  scope: string[];
  dueOn: string;
  dueFen: number;
  paidFen: number;
  enrolments: number;
  units: { unitId: string; amountFen: number; count: number }[];
  /** The due day a reminder was queued for (once per due day). */
  remindedFor?: string;
  /** Bumped by every write (transfers compare it). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A bank transfer recorded against a statement. */
export interface TransferDoc {
  _id: string;
  statementId: string;
  amountFen: number;
  paidOn: string;
  reference: string;
  recordedBy: string;
  recordedAt: Date;
}

/** One target per (program, unit): the id says which, so setting it twice is one document. */
export const targetIdFor = (programId: string, unitId: string) => `tg_${programId}_${unitId}`;
