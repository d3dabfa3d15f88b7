import type { Database } from './cloud';
import type { AuthorisationDoc, ClaimDoc, ClaimFileDoc, UploadTicketDoc } from './claim-model';
import type { EnrollmentDoc, OrderDoc } from './enrollment-model';
import type { JoinRequestDoc, OrgDoc, UserDoc } from './model';
import type {
  ApplicationMemberDoc,
  GroupApplicationDoc,
  InviteAcceptanceDoc,
  InviteDoc,
  QuotaAllocationDoc,
  QuotaCounterDoc,
} from './officer-model';
import type { ProgramDoc } from './programs';
import type {
  ImportChunkDoc,
  ImportDoc,
  MemberDoc,
  StatementDoc,
  TargetDoc,
  TargetPlanDoc,
  TransferDoc,
} from './unitdata-model';
import type {
  AppraisalMeetingDoc,
  NoticeDoc,
  ObjectionDoc,
  PayoutBatchDoc,
  SettlementImportDoc,
} from './review-model';
import type { AuditDoc, JoinTokenDoc, OutboxDoc, PayAnomalyDoc, RateLimitDoc, RefundDoc } from './records';

/**
 * The one registry of collections: name → document type. Functions reach the database only
 * through these names (`coll(db, 'orders')`; a lint rule refuses string literals elsewhere), and
 * cloudfunctions/collections.json — the list CloudBase must be given — is checked against it.
 */
export interface Collections {
  users: UserDoc;
  orgs: OrgDoc;
  joinRequests: JoinRequestDoc;
  joinTokens: JoinTokenDoc;
  programs: ProgramDoc;
  enrollments: EnrollmentDoc;
  orders: OrderDoc;
  refunds: RefundDoc;
  payAnomalies: PayAnomalyDoc;
  outbox: OutboxDoc;
  rateLimits: RateLimitDoc;
  auditLog: AuditDoc;
  claims: ClaimDoc;
  claimFiles: ClaimFileDoc;
  uploadTickets: UploadTicketDoc;
  authorisations: AuthorisationDoc;
  invites: InviteDoc;
  inviteAcceptances: InviteAcceptanceDoc;
  quotaAllocations: QuotaAllocationDoc;
  quotaCounters: QuotaCounterDoc;
  groupApplications: GroupApplicationDoc;
  applicationMembers: ApplicationMemberDoc;
  imports: ImportDoc;
  importChunks: ImportChunkDoc;
  members: MemberDoc;
  targetPlans: TargetPlanDoc;
  targets: TargetDoc;
  statements: StatementDoc;
  transfers: TransferDoc;
  payoutBatches: PayoutBatchDoc;
  appraisalMeetings: AppraisalMeetingDoc;
  notices: NoticeDoc;
  objections: ObjectionDoc;
  settlementImports: SettlementImportDoc;
}
export type CollectionName = keyof Collections;

export const COLLECTION_NAMES = [
  'users',
  'orgs',
  'joinRequests',
  'joinTokens',
  'programs',
  'enrollments',
  'orders',
  'refunds',
  'payAnomalies',
  'outbox',
  'rateLimits',
  'auditLog',
  'claims',
  'claimFiles',
  'uploadTickets',
  'authorisations',
  'invites',
  'inviteAcceptances',
  'quotaAllocations',
  'quotaCounters',
  'groupApplications',
  'applicationMembers',
  'imports',
  'importChunks',
  'members',
  'targetPlans',
  'targets',
  'statements',
  'transfers',
  'payoutBatches',
  'appraisalMeetings',
  'notices',
  'objections',
  'settlementImports',
] as const satisfies readonly CollectionName[];

/** The SDK's collection builder for a registered name. */
export const coll = (db: Database, name: CollectionName) => db.collection(name);
