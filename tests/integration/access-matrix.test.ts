/**
 * The security access matrix: ten principals × every client-callable action (every key of `api`,
 * table in tests/helpers/access-matrix.ts), through the real bundled functions. The principals:
 * anonymous; worker A (unit 1, active enrolment, claims in review); worker B (a colleague in unit
 * 1); a family member holding A's accepted authorisation; the unit officers of unit 1 and of unit
 * 2, both acting on unit-1 things; the Wujin district reviewer; the Changzhou centre reviewer,
 * finance and admin. Each action gets ONE input aimed at A's / unit 1's objects.
 *
 * How a reply is read (tests/helpers/access-matrix.ts `classify`):
 * - DENY = an access refusal: AUTH.UNAUTHENTICATED, USER.NOT_REGISTERED, any *.FORBIDDEN,
 *   REVIEW/OFFICER.OUTSIDE_SUBTREE, OFFICER.ROLE_ABOVE_OWN, REVIEW.CONFLICT_OF_INTEREST, or someone
 *   else's object hidden as missing (CLAIM.NOT_FOUND, ENROLL.NOT_FOUND, CLAIM.AUTH_NOT_FOUND — every
 *   input names objects that exist), plus the codes a row lists as `hidden` (another person's ticket).
 * - ALLOW = any other outcome: success, or a business / validation refusal that is not about access
 *   (already decided, wrong stage, held by another reviewer, bogus ticket…). Inputs are chosen so
 *   that an allowed call changes nothing later rows depend on: mostly that harmless refusal.
 * - ERROR (fails the row whatever was expected): the schema refused the input, an internal error, a
 *   rate limit, or a not-found the row did not plan for — the fixture, not the product, is wrong.
 * Every cell is asserted, one test per action; a failing row prints the whole row, expected vs actual.
 */
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { certificateCode } from '../../cloudfunctions/_lib/enrollment-model';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { api, type ActionName } from '../../shared/api';
import { startApp, smsSignIn, type ApiClient, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, putStaged, stay, WUJIN } from '../helpers/claims';
import { officerWith, type Grant } from '../helpers/officer';
import { approveAsProposed, fileClaim } from '../helpers/review';
import {
  classify,
  MATRIX,
  PRINCIPALS,
  type Fixtures,
  type Outcome,
  type Principal,
  type Row,
} from '../helpers/access-matrix';

jest.setTimeout(120_000);

const UNIT1 = DEMO.unit;
/** A sibling of unit 1 under the same district: a unit officer there reaches nothing of unit 1. */
const UNIT2 = 'unit_wj_02';
/** Where the district and centre officers are themselves members (so worker-side checks reach ownership). */
const UNIT3 = 'unit_wj_03';
const CITY = DEMO.city;

let app: TestApp;
let fx: Fixtures;
const as = {} as Record<Principal, ApiClient>;
const db = () => app.runtime.db;
const chinaDate = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** An officer who is also an approved member of a unit (as real officers are). */
async function officerIn(openid: string, grants: Grant[], unitId: string, name: string) {
  officerWith(app, openid, grants, {
    name,
    nameMasked: `${name.slice(0, 1)}*`,
    unitId,
    unitStatus: 'approved',
    roles: ['worker'],
  });
  return { client: await app.as(openid), userId: userIdFor(openid) };
}

async function registeredPerson(phone: string, seq: number, name: string) {
  const { client, phoneCode, openid } = await smsSignIn(app, phone);
  await client.call('user.register', {
    name,
    idNumber: demoIdNumber('1992-03-04', seq, 'female'),
    phoneCode,
  });
  return { client, openid, userId: userIdFor(openid) };
}

function cloneClaim(fromId: string, id: string, patch: Record<string, unknown>) {
  const { _id: _drop, assignee: _unheld, ...doc } = db().collection('claims').get(fromId);
  db()
    .collection('claims')
    .set(id, { ...doc, version: 1, ...patch });
  return id;
}

function application(id: string, status: string, officerId: string) {
  const now = new Date();
  db()
    .collection('groupApplications')
    .set(id, {
      unitId: UNIT1,
      unitName: fx.unit1Name,
      unitAncestors: [DEMO.province, CITY, DEMO.district],
      parentLevel: 'district',
      programId: WUJIN,
      programName: '2024 年武进区在职职工医疗互助保障',
      batchId: 'matrix',
      funding: 'transfer',
      perMemberFen: 2000,
      feeLines: [],
      status,
      members: 0,
      openedBy: officerId,
      ...(status === 'open' ? {} : { submittedBy: officerId, submittedAt: now }),
      pendingSettlement: false,
      createdAt: now,
      updatedAt: now,
    });
  return id;
}

/** A paper sign-up's enrolment with fee lines (the ledger's input). */
function paperEnrolment(id: string, unitId: string, programId: string) {
  const now = new Date();
  db()
    .collection('enrollments')
    .set(id, {
      userId: `pm_${id}`,
      unitId,
      programId,
      status: 'pending_payment',
      channel: 'paper',
      totalFen: 10000,
      workerFen: 2000,
      feeLines: [
        { payer: 'worker', label: '个人缴费', amountFen: 2000 },
        { payer: 'county_union', label: '区总工会补助', amountFen: 8000 },
      ],
      createdAt: now,
      updatedAt: now,
    });
}

beforeAll(async () => {
  app = await startApp();
  const programId = db().collection('_rt_meta').get('seed').demoProgramId as string;
  const month = chinaDate().slice(0, 7);
  fx = {
    app,
    unit1: UNIT1,
    unit1Name: db().collection('orgs').get(UNIT1).name,
    programId,
    month,
    today: chinaDate(),
    tomorrow: chinaDate(1),
  } as Fixtures;

  // ---- the principals (and two holders who are not principals) ----
  const [
    a,
    b,
    w3,
    family,
    applicant,
    officer1,
    officer2,
    district,
    centreReviewer,
    finance,
    admin,
    holder,
    holderU,
  ] = await Promise.all([
    claimant(app, '王矩阵'),
    claimant(app, '李矩阵'),
    claimant(app, '张矩阵'),
    registeredPerson('13790000001', 401, '王小矩'),
    registeredPerson('13790000002', 402, '申请人'),
    officerIn('am-officer1', [{ role: 'unit_officer', orgId: UNIT1 }], UNIT1, '陈一'),
    officerIn('am-officer2', [{ role: 'unit_officer', orgId: UNIT2 }], UNIT2, '陈二'),
    officerIn('am-district', [{ role: 'district_reviewer', orgId: DEMO.district }], UNIT3, '刘区'),
    officerIn('am-centre-reviewer', [{ role: 'centre_reviewer', orgId: CITY }], UNIT3, '孙审'),
    officerIn('am-finance', [{ role: 'centre_finance', orgId: CITY }], UNIT3, '钱财'),
    officerIn('am-admin', [{ role: 'centre_admin', orgId: CITY }], UNIT3, '赵管'),
    // The reviewer holding A's claim, and the second officer of unit 1 holding its pre-check.
    officerIn('am-holder', [{ role: 'district_reviewer', orgId: DEMO.district }], UNIT3, '周持'),
    officerIn('am-holder-u', [{ role: 'unit_officer', orgId: UNIT1 }], UNIT1, '吴持'),
  ]);
  Object.assign(as, {
    anonymous: app.anonymous(),
    workerA: a.client,
    workerB: b.client,
    family: family.client,
    officer1: officer1.client,
    officer2: officer2.client,
    district: district.client,
    centreReviewer: centreReviewer.client,
    finance: finance.client,
    admin: admin.client,
  });
  const certificateNo = db().collection('enrollments').get(a.enrollmentId).certificateNo as string;
  fx.workerA = {
    userId: a.userId,
    enrollmentId: a.enrollmentId,
    certificateNo,
    certificateCode: certificateCode(certificateNo),
  };
  fx.workerB = { userId: b.userId, joinRequestId: db().collection('users').get(b.userId).joinRequestId };
  fx.districtUserId = district.userId;

  const chains = {
    /** A's family authorisation (accepted), a revoked one, and A's claim held in centre review. */
    async workerA() {
      await family.client.call('org.joinUnit', { via: 'qr', scene: app.joinToken(UNIT2) });
      const granted = await a.client.call('claim.grantAuthorisation', {
        enrollmentId: a.enrollmentId,
        to: 'family',
      });
      await family.client.call('claim.acceptAuthorisation', { code: granted.code! });
      const spare = await a.client.call('claim.grantAuthorisation', {
        enrollmentId: a.enrollmentId,
        to: 'family',
      });
      await a.client.call('claim.revokeAuthorisation', { authorisationId: spare.authorisation.id });
      fx.revokedAuthorisation = spare.authorisation.id;
      const claim = await fileClaim(
        app,
        a,
        'hospitalisation',
        hospitalFacts(stay({ settlement: 'none', invoiceNo: 'MATRIX-0001', selfPaidFen: 2_000_000 })),
      );
      await holder.client.call('review.assign', { claimId: claim.id });
      fx.claim = claim.id;
      fx.claimFile = db().collection('claimFiles').find({ claimId: claim.id })[0]._id;
      fx.waitingClaim = cloneClaim(claim.id, 'cl_matrix_waiting', { status: 'submitted' });
      fx.precheckClaim = cloneClaim(claim.id, 'cl_matrix_precheck', {
        status: 'unit_precheck',
        queue: 'unit_precheck',
        assignee: { userId: holderU.userId, name: '吴*', at: new Date() },
      });
    },
    /** A paid claim of unit 1: its settled batch, the 公示 (window since closed), a dismissed objection. */
    async payout() {
      const paid = await fileClaim(app, w3, 'hospitalisation', hospitalFacts(stay()));
      await approveAsProposed(holder.client, paid.id);
      const batch = await finance.client.call('review.batchCreate', { orgId: UNIT1, programId: WUJIN });
      await finance.client.call('review.batchFile', { batchId: batch.id });
      const notice = await admin.client.call('review.noticePublish', { batchId: batch.id });
      const { objectionId } = await b.client.call('review.object', {
        noticeId: notice.id,
        lineNo: 1,
        reason: '核实',
      });
      await admin.client.call('review.resolveObjection', {
        objectionId,
        outcome: 'dismissed',
        note: '经核实无误',
      });
      await finance.client.call('review.batchSettle', { batchId: batch.id, failed: [] });
      db()
        .collection('notices')
        .update({ _id: notice.id }, { $set: { publishedOn: '2024-01-02', objectionClosesOn: '2024-01-09' } });
      Object.assign(fx, { batch: batch.id, notice: notice.id, objection: objectionId });
    },
    /** The officers' objects of unit 1. */
    async officers() {
      await applicant.client.call('org.joinUnit', { via: 'search', unitId: UNIT1 });
      fx.pendingRequestId = db().collection('users').get(applicant.userId).joinRequestId;
      fx.invite = (
        await officer1.client.call('officer.createInvite', { role: 'unit_officer', orgId: UNIT1 })
      ).id;
      fx.revokedInvite = (
        await officer1.client.call('officer.createInvite', { role: 'unit_officer', orgId: UNIT1 })
      ).id;
      await officer1.client.call('officer.revokeInvite', { inviteId: fx.revokedInvite });
      fx.reasonCode = (
        await district.client.call('review.reasons', { programId: WUJIN, benefitId: 'hospitalisation' })
      ).reasons[0]!.code;
      const ticket = await centreReviewer.client.call('review.importTicket', {
        orgId: UNIT1,
        programId: WUJIN,
      });
      fx.settlement = {
        ticketId: ticket.ticketId,
        fileID: await putStaged(centreReviewer.client, ticket.cloudPath, Buffer.from('not a spreadsheet')),
      };
      const sheet = await officer1.client.call('unitdata.importTicket', { unitId: UNIT1 });
      const refused = await officer1.client.call('unitdata.validateImport', {
        ticketId: sheet.ticketId,
        fileID: await putStaged(officer1.client, sheet.path, Buffer.from('not a spreadsheet')),
        programId,
        unitId: UNIT1,
      });
      fx.importId = refused.importId;
      paperEnrolment('en_matrix_paper_1', UNIT1, programId);
      paperEnrolment('en_matrix_paper_2', UNIT2, programId);
      const built = await admin.client.call('unitdata.buildStatements', {
        programId,
        orgId: DEMO.district,
        month,
      });
      fx.statement = built.statements.find((s) => s.orgId === UNIT1)!.id;
    },
  };
  await Promise.all(Object.values(chains).map((chain) => chain()));

  // ---- written directly: a closed meeting, group applications, a resolved payment anomaly ----
  fx.meeting = 'mt_matrix';
  db()
    .collection('appraisalMeetings')
    .set(fx.meeting, {
      orgId: DEMO.district,
      scope: [DEMO.province, CITY, DEMO.district],
      programId: WUJIN,
      benefitId: 'critical_illness',
      quarter: '2024Q2',
      heldOn: '2024-06-28',
      status: 'closed',
      convenerId: centreReviewer.userId,
      members: [
        { userId: district.userId, name: '刘*' },
        { userId: holder.userId, name: '周*' },
      ],
      agenda: [],
      version: 2,
      createdAt: new Date(),
      closedAt: new Date(),
    });
  fx.applications = {
    open: application('ga_matrix_open', 'open', officer1.userId),
    submitted: application('ga_matrix_submitted', 'submitted', officer1.userId),
    withdrawn: application('ga_matrix_withdrawn', 'withdrawn', officer1.userId),
  };
  fx.anomaly = 'pa_matrix';
  db()
    .collection('payAnomalies')
    .set(fx.anomaly, {
      kind: 'amount_mismatch',
      enrollmentId: a.enrollmentId,
      at: new Date(),
      resolved: true,
      resolution: { note: '已处理', by: admin.userId, at: new Date() },
    });
  fx.target = db().collection('targets').find({ programId, unitId: UNIT1 })[0].target;
});
afterAll(() => app?.close());

const actionsOfApi = (): string[] =>
  Object.entries(api).flatMap(([fn, actions]) => Object.keys(actions).map((a) => `${fn}.${a}`));

test('every client-callable action has a row (and every row is an action)', () => {
  expect(Object.keys(MATRIX).sort()).toEqual(actionsOfApi().sort());
});

type Cell = { expected: string; outcome: Outcome; reply: string };

function rowTable(action: string, cells: Record<Principal, Cell>): string {
  const lines = PRINCIPALS.map((p) => {
    const c = cells[p];
    const mark = c.outcome === c.expected ? ' ' : '✗';
    return `${mark} ${p.padEnd(15)} ${c.expected.padEnd(6)} ${c.outcome.padEnd(6)} ${c.reply}`;
  });
  return [`${action}: expected vs actual`, `  ${'principal'.padEnd(15)} expect actual reply`, ...lines].join(
    '\n',
  );
}

const rows = Object.entries(MATRIX) as [ActionName, Row<ActionName>][];

test.each(rows)('%s', async (action, row) => {
  const input = row.input(fx);
  const results = await Promise.all(PRINCIPALS.map((p) => as[p].try(action, input as never)));
  const cells = Object.fromEntries(
    PRINCIPALS.map((p, i) => [p, { expected: row.expect[p], ...classify(results[i]!, row) }]),
  ) as Record<Principal, Cell>;
  if (PRINCIPALS.some((p) => cells[p].outcome !== cells[p].expected))
    throw new Error(rowTable(action, cells));
});

describe('holes found while building the matrix', () => {
  test("rebuilding a unit's statements leaves the statements of the payers above it alone", async () => {
    // Before the fix a unit officer's buildStatements for their unit rewrote the district's
    // statement (payer county_union) with their unit's share only: a write outside their subtree.
    const input = { programId: fx.programId, month: fx.month };
    await as.admin.call('unitdata.buildStatements', { ...input, orgId: DEMO.district });
    const districtStatement = () =>
      db()
        .collection('statements')
        .find({ ...input, payer: 'county_union', orgId: DEMO.district })[0];
    const before = districtStatement();
    expect(before.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual([UNIT1, UNIT2]);

    const built = await as.officer1.call('unitdata.buildStatements', { ...input, orgId: UNIT1 });
    expect(districtStatement()).toMatchObject({ dueFen: before.dueFen, units: before.units });
    expect(built.statements.map((s) => s.orgId)).toEqual([UNIT1]);
  });
});
