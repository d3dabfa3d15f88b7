/**
 * The security access matrix as data: for every client-callable action (every key of `api`), one
 * input aimed at worker A's / unit 1's objects and the verdict each principal SHOULD get (least
 * access). tests/integration/access-matrix.test.ts builds the fixtures, makes the calls and
 * compares; the reading of a reply as allow / deny is `classify` below (the rule is written out at
 * the top of that test file).
 */
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import type { ActionName, InputOf } from '../../shared/api';
import type { ErrorBody } from '../../shared/errors';
import type { TestApp } from './app';
import { hospitalFacts, stay, WUJIN } from './claims';

export const PRINCIPALS = [
  'anonymous',
  /** A registered member of unit 1 with an active enrolment, claims in review, a family authorisation. */
  'workerA',
  /** Another registered member of unit 1 (a colleague of A). */
  'workerB',
  /** A registered person (a member of unit 2) holding A's accepted family authorisation. */
  'family',
  /** The unit officer of unit 1, acting on unit-1 things. */
  'officer1',
  /** The unit officer of unit 2, acting on the same unit-1 things (a unit officer on another unit's things). */
  'officer2',
  /** District reviewer of Wujin (above units 1 and 2). */
  'district',
  /** Centre reviewer, centre finance and centre admin of Changzhou (above Wujin). */
  'centreReviewer',
  'finance',
  'admin',
] as const;
export type Principal = (typeof PRINCIPALS)[number];
export type Verdict = 'allow' | 'deny';
export type Outcome = Verdict | 'error';
export type Expected = Record<Principal, Verdict>;

/** What the fixtures built once in beforeAll: the objects the inputs point at. */
export interface Fixtures {
  app: TestApp;
  unit1: string;
  unit1Name: string;
  /** The demo copy of the Wujin program open for enrolment today (unitdata and enrolment rows). */
  programId: string;
  /** This month (YYYY-MM) and tomorrow (China dates). */
  month: string;
  tomorrow: string;
  today: string;
  workerA: { userId: string; enrollmentId: string; certificateNo: string; certificateCode: string };
  workerB: { userId: string; joinRequestId: string };
  districtUserId: string;
  /** A pending join request to unit 1. */
  pendingRequestId: string;
  /** A's hospitalisation claim in centre review, held by a fourth reviewer (not a principal). */
  claim: string;
  claimFile: string;
  /** A copy of it waiting in the queue (submitted, held by nobody). */
  waitingClaim: string;
  /** A copy of it in the unit's pre-check, held by a second officer of unit 1. */
  precheckClaim: string;
  revokedAuthorisation: string;
  /** An active invite (unit_officer of unit 1) and a revoked one. */
  invite: string;
  revokedInvite: string;
  applications: { open: string; submitted: string; withdrawn: string };
  /** A payment anomaly of A's enrolment, already resolved. */
  anomaly: string;
  /** A closed appraisal meeting of Wujin: convened by the centre reviewer, the district reviewer a member. */
  meeting: string;
  /** A settled payout batch of unit 1, its 公示 (objection window long closed) and a dismissed objection. */
  batch: string;
  notice: string;
  objection: string;
  reasonCode: string;
  /** The centre reviewer's settlement-import ticket, with a file that is not an .xlsx uploaded to it. */
  settlement: { ticketId: string; fileID: string };
  /** Unit 1's paper sign-up import (officer 1's), refused: the file was no spreadsheet. */
  importId: string;
  /** The statement of unit 1 as a payer (this month). */
  statement: string;
  /** Unit 1's current target (setting it again changes nothing). */
  target: number;
}

export interface Row<N extends ActionName> {
  expect: Expected;
  input: (fx: Fixtures) => InputOf<N>;
  /** For this action, codes that mean "someone else's object" (a ticket of another person): deny. */
  hidden?: readonly string[];
  /** Not-found codes that are this input's intended, harmless business outcome: allow. */
  harmless?: readonly string[];
}
export type Matrix = { [N in ActionName]: Row<N> };

// ---- verdict shorthands ----
export const only = (...allowed: Principal[]): Expected =>
  Object.fromEntries(PRINCIPALS.map((p) => [p, allowed.includes(p) ? 'allow' : 'deny'])) as Expected;
/** No sign-in needed (the QR landing page, certificate verification, the 公示). */
const publicAction = only(...PRINCIPALS);
/** Anyone signed in, each on their own account (`me`, `mine`, a code to redeem). */
const signedIn = only(...PRINCIPALS.filter((p) => p !== 'anonymous'));
/** Worker A alone: their enrolment, their authorisations. */
const ownerOnly = only('workerA');
/** A, or the family member A authorised on the enrolment. */
const workerOrDelegate = only('workerA', 'family');
/** Unit 1's own officer. */
const unitOfficer = only('officer1');
/** Every officer whose grant reaches unit 1. */
const officersOverUnit = only('officer1', 'district', 'centreReviewer', 'finance', 'admin');
const anyOfficer = only('officer1', 'officer2', 'district', 'centreReviewer', 'finance', 'admin');
/** Those who decide claims in the centre's review. */
const reviewers = only('district', 'centreReviewer');
/** The centre's reviewer and admin: meetings, objections, recovery, imports, reassigning. */
const centre = only('centreReviewer', 'admin');
/** Payout batches. */
const financeRoles = only('finance', 'admin');
const adminOnly = only('admin');
/** unitdata: import into a unit (the centre's read-only roles may not). */
const importers = only('officer1', 'district', 'admin');

// ---- reading a reply ----
/**
 * Access refusals: not signed in / not registered, the role or the subtree does not reach, a
 * conflict of interest. A refusal that is not one of these is a business answer (ALLOW).
 */
export const REFUSAL_CODES: readonly string[] = [
  'AUTH.UNAUTHENTICATED',
  'AUTH.SESSION_EXPIRED',
  'USER.NOT_REGISTERED',
  'AUTH.FORBIDDEN',
  'CLAIM.FORBIDDEN',
  'REVIEW.FORBIDDEN',
  'REVIEW.OUTSIDE_SUBTREE',
  'OFFICER.OUTSIDE_SUBTREE',
  'OFFICER.ROLE_ABOVE_OWN',
  'REVIEW.CONFLICT_OF_INTEREST',
];
/** Someone else's object reported as missing (every input names objects that exist): DENY. */
export const HIDDEN_CODES: readonly string[] = [
  'CLAIM.NOT_FOUND',
  'ENROLL.NOT_FOUND',
  'CLAIM.AUTH_NOT_FOUND',
];
/** Replies that say the test itself is wrong: neither allow nor deny. */
const BROKEN_CODES = [
  'COMMON.INTERNAL',
  'COMMON.UNAVAILABLE',
  'COMMON.UNKNOWN_ACTION',
  'COMMON.UNKNOWN_FUNCTION',
];

export function classify(
  res: { ok: boolean; error?: ErrorBody },
  row: Pick<Row<ActionName>, 'hidden' | 'harmless'>,
): { outcome: Outcome; reply: string } {
  if (res.ok) return { outcome: 'allow', reply: 'ok' };
  const { code, message } = res.error!;
  if (REFUSAL_CODES.includes(code) || HIDDEN_CODES.includes(code) || row.hidden?.includes(code))
    return { outcome: 'deny', reply: code };
  if (row.harmless?.includes(code)) return { outcome: 'allow', reply: code };
  const broken =
    BROKEN_CODES.includes(code) ||
    code.endsWith('RATE_LIMITED') ||
    // The schema refused the input (the handler never ran): the fixture is wrong.
    (code === 'COMMON.INVALID_INPUT' && message.startsWith('payload')) ||
    // Every input names an existing object; another not-found means a broken fixture.
    code.endsWith('NOT_FOUND');
  return broken ? { outcome: 'error', reply: `${code} ${message}` } : { outcome: 'allow', reply: code };
}

// ---- the table ----
const none = {} as const;
const wujin2024 = WUJIN;
const note = '矩阵测试';

/**
 * Inputs are chosen so that an allowed call changes nothing another row depends on: where the
 * action would act, the target's state makes the allowed answer a harmless business refusal
 * (already decided, closed, held by someone else, wrong stage, a bogus ticket), named per row.
 */
export const MATRIX: Matrix = {
  // ---- user: each on their own account; the phone codes are bogus (USER.PHONE_UNVERIFIED) ----
  'user.me': { expect: signedIn, input: () => none },
  'user.register': {
    expect: signedIn,
    input: () => ({
      name: '矩阵测试',
      idNumber: demoIdNumber('1980-01-01', 450, 'male'),
      phoneCode: 'matrix-not-a-code',
    }),
  },
  'user.updateUnionCard': { expect: signedIn, input: () => ({ unionCardNo: '6227000000009999' }) },
  'user.changePhone': { expect: signedIn, input: () => ({ phoneCode: 'matrix-not-a-code' }) },

  // ---- org ----
  'org.resolveScene': { expect: publicAction, input: (fx) => ({ scene: fx.app.joinToken(fx.unit1) }) },
  'org.searchUnits': { expect: publicAction, input: () => ({ keyword: '武进' }) },
  // A district is no unit (ORG.NOT_A_UNIT): nobody moves.
  'org.joinUnit': { expect: signedIn, input: () => ({ via: 'search', unitId: DEMO.district }) },
  'org.unitQrCode': { expect: unitOfficer, input: (fx) => ({ unitId: fx.unit1 }) },
  // Allowed: the token changes; resolveScene reads the current one.
  'org.rotateUnitQrCode': { expect: unitOfficer, input: (fx) => ({ unitId: fx.unit1 }) },
  'org.listJoinRequests': {
    expect: unitOfficer,
    input: (fx) => ({ unitId: fx.unit1, status: 'approved' }),
  },
  // B's request was approved when B scanned the QR: ORG.REQUEST_DECIDED.
  'org.decideJoinRequest': {
    expect: unitOfficer,
    input: (fx) => ({ requestId: fx.workerB.joinRequestId, approve: true }),
  },
  // A pending request is no member yet: ORG.NOT_A_MEMBER.
  'org.removeMember': {
    expect: unitOfficer,
    input: (fx) => ({ requestId: fx.pendingRequestId, reason: note }),
  },

  // ---- enrollment: A's active enrolment ----
  'enrollment.offers': { expect: signedIn, input: () => none },
  'enrollment.programDetail': { expect: signedIn, input: (fx) => ({ programId: fx.programId }) },
  // A consent hash nobody was shown: ENROLL.NOTICE_CHANGED.
  'enrollment.enrol': {
    expect: signedIn,
    input: (fx) => ({
      programId: fx.programId,
      consent: { version: 'matrix', hash: '0'.repeat(64), agreed: true },
      signaturePng: 'A'.repeat(300),
    }),
  },
  'enrollment.renew': {
    expect: ownerOnly,
    input: (fx) => ({ fromEnrollmentId: fx.workerA.enrollmentId, programId: fx.programId }),
  },
  // Active: ENROLL.ALREADY_PAID.
  'enrollment.pay': { expect: ownerOnly, input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }) },
  'enrollment.syncPayment': {
    expect: ownerOnly,
    input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }),
  },
  'enrollment.cancel': { expect: ownerOnly, input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }) },
  'enrollment.mine': { expect: signedIn, input: () => none },
  'enrollment.get': { expect: ownerOnly, input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }) },
  'enrollment.certificate': {
    expect: ownerOnly,
    input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }),
  },
  'enrollment.verifyCertificate': {
    expect: publicAction,
    input: (fx) => ({ certificateNo: fx.workerA.certificateNo, code: fx.workerA.certificateCode }),
  },

  // ---- officer: the org tree (a grassroots union under a grassroots union: OFFICER.BAD_PARENT) ----
  'officer.createOrg': {
    expect: adminOnly,
    input: (fx) => ({ parentId: fx.unit1, name: '矩阵测试组织', level: 'grassroots' }),
  },
  'officer.renameOrg': { expect: adminOnly, input: (fx) => ({ orgId: fx.unit1, name: fx.unit1Name }) },
  // Under itself: OFFICER.MOVE_INTO_SELF.
  'officer.moveOrg': { expect: adminOnly, input: (fx) => ({ orgId: fx.unit1, newParentId: fx.unit1 }) },
  'officer.listOrgs': { expect: officersOverUnit, input: (fx) => ({ parentId: fx.unit1 }) },
  // Roles and invites: the rank rules (shared/officer/roles.ts) let every officer reaching unit 1
  // hand out its unit-officer role (a unit officer to a colleague, the ranks above downwards).
  'officer.createInvite': {
    expect: officersOverUnit,
    input: (fx) => ({ role: 'unit_officer', orgId: fx.unit1 }),
  },
  // Revoked: OFFICER.INVITE_REVOKED once the authority is checked (no QR drawn).
  'officer.inviteQrCode': { expect: officersOverUnit, input: (fx) => ({ inviteId: fx.revokedInvite }) },
  // Already revoked: nothing changes.
  'officer.revokeInvite': { expect: officersOverUnit, input: (fx) => ({ inviteId: fx.revokedInvite }) },
  'officer.listInvites': { expect: officersOverUnit, input: (fx) => ({ orgId: fx.unit1 }) },
  // A scanned invite names what it grants to whoever holds the token.
  'officer.resolveInvite': { expect: signedIn, input: (fx) => ({ token: fx.invite }) },
  // Revoked: OFFICER.INVITE_REVOKED (officer 1, who holds the role, is told so).
  'officer.acceptInvite': { expect: signedIn, input: (fx) => ({ token: fx.revokedInvite }) },
  'officer.listOfficers': { expect: officersOverUnit, input: (fx) => ({ orgId: fx.unit1 }) },
  // B holds no such grant: OFFICER.GRANT_NOT_FOUND once the authority is checked.
  'officer.revokeGrant': {
    expect: officersOverUnit,
    harmless: ['OFFICER.GRANT_NOT_FOUND'],
    input: (fx) => ({ userId: fx.workerB.userId, role: 'unit_officer', orgId: fx.unit1 }),
  },
  // A batch the program does not have: COMMON.INVALID_INPUT from the handler.
  'officer.setQuota': {
    expect: adminOnly,
    input: (fx) => ({ programId: wujin2024, batchId: 'matrix-no-batch', unitId: fx.unit1, places: 1 }),
  },
  'officer.quotaStatus': {
    expect: officersOverUnit,
    input: (fx) => ({ programId: wujin2024, unitId: fx.unit1 }),
  },
  // Group applications of unit 1 (open / submitted / withdrawn): the allowed answer is a state refusal.
  'officer.openApplication': {
    expect: unitOfficer,
    input: (fx) => ({ unitId: fx.unit1, programId: wujin2024 }),
  },
  'officer.submitMembers': {
    expect: unitOfficer,
    input: (fx) => ({ applicationId: fx.applications.submitted, userIds: [fx.workerB.userId] }),
  },
  'officer.withdrawMember': {
    expect: unitOfficer,
    input: (fx) => ({ applicationId: fx.applications.submitted, userId: fx.workerB.userId }),
  },
  // The unit and the reviewers above it; finance sees the applications, not who is in them.
  'officer.listApplicationMembers': {
    expect: only('officer1', 'district', 'centreReviewer', 'admin'),
    input: (fx) => ({ applicationId: fx.applications.submitted }),
  },
  'officer.submitApplication': {
    expect: unitOfficer,
    input: (fx) => ({ applicationId: fx.applications.submitted }),
  },
  'officer.withdrawApplication': {
    expect: unitOfficer,
    input: (fx) => ({ applicationId: fx.applications.withdrawn }),
  },
  'officer.listApplications': {
    expect: only('district', 'centreReviewer', 'finance', 'admin'),
    input: (fx) => ({ orgId: fx.unit1 }),
  },
  // A unit under a district is reviewed by the district (the centre reviews bureaus' units).
  'officer.reviewApplication': {
    expect: only('district'),
    input: (fx) => ({ applicationId: fx.applications.open, approve: true }),
  },
  'officer.settleApplication': {
    expect: only('officer1', 'district'),
    input: (fx) => ({ applicationId: fx.applications.submitted }),
  },
  'officer.paymentIssues': { expect: financeRoles, input: (fx) => ({ kind: 'anomaly', orgId: fx.unit1 }) },
  'officer.resolvePaymentIssue': {
    expect: financeRoles,
    input: (fx) => ({ kind: 'anomaly', id: fx.anomaly, note }),
  },

  // ---- claim: A's claim in review (edits refused as CLAIM.NOT_EDITABLE and the like) ----
  'claim.create': {
    expect: workerOrDelegate,
    harmless: ['CLAIM.BENEFIT_NOT_FOUND'],
    input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId, benefitId: 'matrix-no-benefit' }),
  },
  'claim.update': {
    expect: workerOrDelegate,
    input: (fx) => ({ claimId: fx.claim, facts: hospitalFacts(stay()) }),
  },
  'claim.startRelated': {
    expect: workerOrDelegate,
    input: (fx) => ({ claimId: fx.claim, benefitId: 'matrix-no-benefit', stayIndex: 0 }),
  },
  'claim.get': { expect: workerOrDelegate, input: (fx) => ({ claimId: fx.claim }) },
  'claim.mine': { expect: signedIn, input: () => none },
  'claim.list': { expect: workerOrDelegate, input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }) },
  'claim.benefits': {
    expect: workerOrDelegate,
    input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId }),
  },
  'claim.uploadTicket': {
    expect: workerOrDelegate,
    input: (fx) => ({ claimId: fx.claim, materialId: 'other' }),
  },
  // A bogus ticket: CLAIM.TICKET_INVALID once the claim is reached.
  'claim.attachFile': {
    expect: workerOrDelegate,
    input: (fx) => ({ claimId: fx.claim, ticketId: 'ut_matrix_none', fileID: 'cloud://local/uploads/none' }),
  },
  'claim.removeFile': {
    expect: workerOrDelegate,
    input: (fx) => ({ claimId: fx.claim, fileId: fx.claimFile }),
  },
  'claim.fileUrl': { expect: workerOrDelegate, input: (fx) => ({ claimId: fx.claim, fileId: fx.claimFile }) },
  'claim.template': {
    expect: workerOrDelegate,
    input: (fx) => ({ claimId: fx.claim, materialId: 'other' }),
  },
  'claim.estimate': { expect: workerOrDelegate, input: (fx) => ({ claimId: fx.claim }) },
  'claim.submit': { expect: workerOrDelegate, input: (fx) => ({ claimId: fx.claim }) },
  // Withdrawing is the worker's own decision (the family member is CLAIM.FORBIDDEN).
  'claim.withdraw': { expect: ownerOnly, input: (fx) => ({ claimId: fx.claim }) },
  'claim.resubmit': { expect: workerOrDelegate, input: (fx) => ({ claimId: fx.claim }) },
  // A family code (pending until someone accepts it): the unit officer's access does not change.
  'claim.grantAuthorisation': {
    expect: ownerOnly,
    input: (fx) => ({ enrollmentId: fx.workerA.enrollmentId, to: 'family' }),
  },
  'claim.acceptAuthorisation': { expect: signedIn, input: () => ({ code: 'ABCDEFGHJK' }) },
  'claim.revokeAuthorisation': {
    expect: ownerOnly,
    input: (fx) => ({ authorisationId: fx.revokedAuthorisation }),
  },
  'claim.authorisations': { expect: signedIn, input: () => none },

  // ---- review: decisions on A's claim held by another reviewer (REVIEW.HELD_BY_OTHER) ----
  'review.queue': { expect: officersOverUnit, input: (fx) => ({ orgId: fx.unit1 }) },
  'review.get': { expect: officersOverUnit, input: (fx) => ({ claimId: fx.claim }) },
  'review.assign': { expect: reviewers, input: (fx) => ({ claimId: fx.claim }) },
  // Nobody holds the waiting claim (REVIEW.WRONG_STAGE): those who may hold a claim, or reassign one.
  'review.release': {
    expect: only('officer1', 'district', 'centreReviewer', 'admin'),
    input: (fx) => ({ claimId: fx.waitingClaim }),
  },
  // To a worker, who is no reviewer: REVIEW.ASSIGNEE_NOT_REVIEWER.
  'review.reassign': {
    expect: centre,
    input: (fx) => ({ claimId: fx.waitingClaim, toUserId: fx.workerB.userId, reason: note }),
  },
  'review.fileUrl': {
    expect: officersOverUnit,
    input: (fx) => ({ claimId: fx.claim, fileId: fx.claimFile }),
  },
  'review.correctFacts': {
    expect: reviewers,
    input: (fx) => ({ claimId: fx.claim, facts: hospitalFacts(stay()), reason: note }),
  },
  'review.approve': { expect: reviewers, input: (fx) => ({ claimId: fx.claim, amountFen: 1 }) },
  'review.reject': {
    expect: reviewers,
    input: (fx) => ({ claimId: fx.claim, reasonCode: 'MATRIX_NONE', note }),
  },
  'review.requestMaterial': {
    expect: reviewers,
    input: (fx) => ({ claimId: fx.claim, note, items: [{ materialId: 'other' }] }),
  },
  // The pre-check is the unit's: officer 1 is told another officer of the unit holds it.
  'review.passOn': { expect: unitOfficer, input: (fx) => ({ claimId: fx.precheckClaim }) },
  'review.refer': { expect: reviewers, input: (fx) => ({ claimId: fx.claim }) },
  'review.bulkPreview': {
    expect: reviewers,
    input: (fx) => ({
      orgId: fx.unit1,
      programId: wujin2024,
      benefitId: 'hospitalisation',
      batchKey: '2024-01',
    }),
  },
  // A hash of nothing previewed: REVIEW.NOTHING_TO_APPROVE / SET_CHANGED.
  'review.bulkApprove': {
    expect: reviewers,
    input: (fx) => ({
      orgId: fx.unit1,
      programId: wujin2024,
      benefitId: 'hospitalisation',
      batchKey: '2024-01',
      setHash: '0'.repeat(64),
    }),
  },
  // Hospitalisation is not decided by a meeting: REVIEW.NOT_FOR_MEETING.
  'review.meetingCreate': {
    expect: centre,
    input: (fx) => ({
      orgId: fx.unit1,
      programId: wujin2024,
      benefitId: 'hospitalisation',
      quarter: '2024Q1',
      heldOn: '2024-03-29',
      memberIds: [fx.districtUserId],
    }),
  },
  // The meeting is closed (REVIEW.MEETING_CLOSED): the centre, and its member for what members do.
  'review.meetingGet': {
    expect: only('district', 'centreReviewer', 'admin'),
    input: (fx) => ({ meetingId: fx.meeting }),
  },
  // A member records their own vote; the convener records anyone's.
  'review.meetingVote': {
    expect: only('district', 'centreReviewer'),
    input: (fx) => ({
      meetingId: fx.meeting,
      claimId: fx.claim,
      memberId: fx.districtUserId,
      vote: 'abstain',
    }),
  },
  'review.meetingClose': { expect: centre, input: (fx) => ({ meetingId: fx.meeting }) },
  'review.meetingMinutes': {
    expect: only('district', 'centreReviewer', 'admin'),
    input: (fx) => ({ meetingId: fx.meeting }),
  },
  // No approved claim left in unit 1: REVIEW.BATCH_EMPTY. The batch is settled: LOCKED / ALREADY_SETTLED.
  'review.batchCreate': { expect: financeRoles, input: (fx) => ({ orgId: fx.unit1, programId: wujin2024 }) },
  'review.batchList': {
    expect: only('centreReviewer', 'finance', 'admin'),
    input: (fx) => ({ orgId: fx.unit1 }),
  },
  'review.batchGet': {
    expect: only('centreReviewer', 'finance', 'admin'),
    input: (fx) => ({ batchId: fx.batch }),
  },
  'review.batchCancel': { expect: financeRoles, input: (fx) => ({ batchId: fx.batch }) },
  'review.batchFile': { expect: financeRoles, input: (fx) => ({ batchId: fx.batch }) },
  'review.batchSettle': { expect: financeRoles, input: (fx) => ({ batchId: fx.batch, failed: [] }) },
  // Published already: REVIEW.NOTICE_EXISTS.
  'review.noticePublish': {
    expect: only('centreReviewer', 'finance', 'admin'),
    input: (fx) => ({ batchId: fx.batch }),
  },
  'review.noticeList': { expect: publicAction, input: () => none },
  'review.noticeGet': { expect: publicAction, input: (fx) => ({ noticeId: fx.notice }) },
  'review.noticeFile': { expect: publicAction, input: (fx) => ({ noticeId: fx.notice }) },
  // Anyone signed in may object (the window is closed: REVIEW.OBJECTION_WINDOW_CLOSED).
  'review.object': {
    expect: signedIn,
    input: (fx) => ({ noticeId: fx.notice, lineNo: 1, reason: note }),
  },
  'review.objections': { expect: centre, input: (fx) => ({ orgId: fx.unit1 }) },
  'review.resolveObjection': {
    expect: centre,
    input: (fx) => ({ objectionId: fx.objection, outcome: 'dismissed', note }),
  },
  // A's claim is not paid: REVIEW.NOT_PAID / WRONG_STAGE.
  'review.startRecovery': {
    expect: centre,
    input: (fx) => ({ claimId: fx.claim, reasonCode: fx.reasonCode, note }),
  },
  'review.recordRecovered': { expect: centre, input: (fx) => ({ claimId: fx.claim, note }) },
  'review.auditLog': { expect: adminOnly, input: (fx) => ({ orgId: fx.unit1 }) },
  'review.auditExport': {
    expect: adminOnly,
    input: (fx) => ({ orgId: fx.unit1, from: '2024-01-01', to: fx.today }),
  },
  'review.report': {
    expect: only('centreReviewer', 'finance', 'admin'),
    input: (fx) => ({ orgId: fx.unit1, programId: wujin2024, from: '2024-01-01', to: '2024-12-31' }),
  },
  'review.reportExport': {
    expect: only('centreReviewer', 'finance', 'admin'),
    input: (fx) => ({ orgId: fx.unit1, programId: wujin2024, from: '2024-01-01', to: '2024-12-31' }),
  },
  'review.importTicket': { expect: centre, input: (fx) => ({ orgId: fx.unit1, programId: wujin2024 }) },
  // A ticket is its holder's: anyone else's use is refused as an invalid ticket. The holder's file
  // is no spreadsheet (REVIEW.IMPORT_NOT_XLSX).
  'review.importSettlements': {
    expect: only('centreReviewer'),
    hidden: ['REVIEW.IMPORT_TICKET_INVALID'],
    input: (fx) => fx.settlement,
  },
  // Public program data, for any officer.
  'review.reasons': {
    expect: anyOfficer,
    input: () => ({ programId: wujin2024, benefitId: 'hospitalisation' }),
  },

  // ---- unitdata: unit 1 ----
  'unitdata.importTicket': { expect: importers, input: (fx) => ({ unitId: fx.unit1 }) },
  // A bogus ticket: IMPORT.TICKET_INVALID once the unit is reached.
  'unitdata.validateImport': {
    expect: importers,
    input: (fx) => ({
      ticketId: 'im_matrix_none',
      fileID: 'cloud://local/uploads/none',
      programId: fx.programId,
      unitId: fx.unit1,
    }),
  },
  // Not validated yet: IMPORT.NOT_VALIDATED.
  'unitdata.commitImport': {
    expect: importers,
    input: (fx) => ({ importId: fx.importId, mode: 'valid_rows' }),
  },
  'unitdata.importStatus': { expect: officersOverUnit, input: (fx) => ({ importId: fx.importId }) },
  'unitdata.exportSheet': {
    expect: officersOverUnit,
    input: (fx) => ({ unitId: fx.unit1, programId: fx.programId, template: 'wujin' }),
  },
  // Targets come from above, never from the unit itself.
  'unitdata.setTarget': {
    expect: only('district', 'admin'),
    input: (fx) => ({ programId: fx.programId, unitId: fx.unit1, target: fx.target }),
  },
  'unitdata.dashboard': {
    expect: officersOverUnit,
    input: (fx) => ({ programId: fx.programId, orgId: fx.unit1 }),
  },
  'unitdata.exportDashboard': {
    expect: officersOverUnit,
    input: (fx) => ({ programId: fx.programId, orgId: fx.unit1 }),
  },
  'unitdata.progressReport': {
    expect: officersOverUnit,
    input: (fx) => ({ programId: fx.programId, orgId: fx.unit1 }),
  },
  'unitdata.buildStatements': {
    expect: officersOverUnit,
    input: (fx) => ({ programId: fx.programId, orgId: fx.unit1, month: fx.month }),
  },
  'unitdata.listStatements': {
    expect: officersOverUnit,
    input: (fx) => ({ programId: fx.programId, orgId: fx.unit1, month: fx.month }),
  },
  // The receiving side only (never the payer); paid tomorrow is refused by the handler.
  'unitdata.recordTransfer': {
    expect: only('district', 'finance', 'admin'),
    input: (fx) => ({ statementId: fx.statement, amountFen: 1, paidOn: fx.tomorrow, reference: 'MATRIX' }),
  },
  'unitdata.whatIf': { expect: adminOnly, input: (fx) => ({ programId: fx.programId, variant: {} }) },
};
