/**
 * Part 4: a unit's group application. Jinan's rules apply (≥ 70% of union members on the
 * unit-paid route; free places on the 普惠 route), the district reviews its units and the
 * centre the units under bureaus, approval creates the members' enrolments on the enrolment
 * model's own ids, and a rejection gives the places back.
 */
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { enrollmentIdFor } from '../../cloudfunctions/_lib/enrollment-model';
import { encrypt } from '../../cloudfunctions/_lib/pii';
import { startApp, type TestApp } from '../helpers/app';
import { membersOf, officerWith } from '../helpers/officer';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const jinan = () => db().collection('_rt_meta').get('seed').jinanProgramId as string;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } };
const invoke = (openid: string, action: string, payload: object) =>
  app.runtime.invoke('officer', { action, payload }, { openid }) as Promise<Reply>;

function unit(id: string, parent: string, parentName: string) {
  db()
    .collection('orgs')
    .set(id, {
      name: `${id}工会`,
      level: 'grassroots',
      parentId: parent,
      parentName,
      ancestors: [DEMO.jinanProvince, DEMO.jinanCity, parent],
      region: { province: '山东省', city: '济南市' },
    });
  return id;
}

const lxReviewer = () =>
  officerWith(app, 'g-lx-reviewer', [{ role: 'district_reviewer', orgId: DEMO.jinanDistrict }]);
const centreReviewer = () =>
  officerWith(app, 'g-centre-reviewer', [{ role: 'centre_reviewer', orgId: DEMO.jinanCity }]);

describe('the unit-paid route', () => {
  test('≥ 70% of union members, reviewed by the district, enrolments owed by transfer; one per year', async () => {
    const unitId = unit('unit_g_paid', DEMO.jinanDistrict, '历下区总工会');
    const officer = officerWith(app, 'g-officer-paid', [{ role: 'unit_officer', orgId: unitId }]);
    const members = membersOf(app, unitId, 10, 'paid');
    const opened = await invoke(officer, 'openApplication', {
      unitId,
      programId: jinan(),
      route: 'unit_paid',
    });
    expect(opened).toMatchObject({
      ok: true,
      data: { funding: 'transfer', perMemberFen: 2000, status: 'open' },
    });
    const id = opened.data.id;
    // The same unit, program and route: the same application.
    expect(
      (await invoke(officer, 'openApplication', { unitId, programId: jinan(), route: 'unit_paid' })).data.id,
    ).toBe(id);
    expect(await invoke(officer, 'openApplication', { unitId, programId: jinan() })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.ROUTE_REQUIRED' },
    });

    await invoke(officer, 'submitMembers', { applicationId: id, userIds: members.slice(0, 6) });
    const low = await invoke(officer, 'submitApplication', { applicationId: id, unionMembers: 10 });
    expect(low).toMatchObject({ ok: false, error: { code: 'ENROLL.GROUP_PARTICIPATION_LOW' } });
    expect(low.error!.message).toContain('至少需 7 人');
    expect(await invoke(officer, 'submitApplication', { applicationId: id })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.GROUP_MEMBERS_UNKNOWN' },
    });
    await invoke(officer, 'submitMembers', { applicationId: id, userIds: [members[6]!] });
    const submitted = await invoke(officer, 'submitApplication', { applicationId: id, unionMembers: 10 });
    expect(submitted).toMatchObject({
      ok: true,
      data: { status: 'submitted', members: 7, amountOwedFen: 14000 },
    });
    expect(
      await invoke(officer, 'submitMembers', { applicationId: id, userIds: [members[7]!] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'GROUP.NOT_OPEN' },
    });

    // The centre does not review a district's unit; the district does.
    expect(
      await invoke(centreReviewer(), 'reviewApplication', { applicationId: id, approve: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    const listed = await invoke(lxReviewer(), 'listApplications', {
      orgId: DEMO.jinanDistrict,
      status: 'submitted',
    });
    expect(listed.data.items.map((a: { id: string }) => a.id)).toContain(id);
    const approved = await invoke(lxReviewer(), 'reviewApplication', { applicationId: id, approve: true });
    expect(approved).toMatchObject({
      ok: true,
      data: { status: 'approved', pendingSettlement: false, members: 7, amountOwedFen: 14000 },
    });
    const enrolmentId = enrollmentIdFor(members[0]!, jinan(), today());
    expect(db().collection('enrollments').get(enrolmentId)).toMatchObject({
      status: 'pending_payment',
      workerFen: 0,
      totalFen: 2000,
      unitId,
    });
    expect(db().collection('enrollments').count({ unitId })).toBe(7);
    expect(
      db().collection('auditLog').find({ action: 'officer.approveApplication', 'subject.id': id }),
    ).toHaveLength(1);
    // 保障合同生效后本年度内不可再次提交.
    expect(
      await invoke(officer, 'openApplication', { unitId, programId: jinan(), route: 'unit_paid' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'GROUP.ALREADY_SUBMITTED' },
    });
  });
});

describe('the free 普惠 route', () => {
  test('a bureau unit: places reserved, retired age flagged, reviewed by the centre, enrolments active', async () => {
    const unitId = DEMO.jinanBureauUnit;
    const officer = officerWith(app, 'g-officer-bureau', [{ role: 'unit_officer', orgId: unitId }]);
    const members = membersOf(app, unitId, 3, 'bureau');
    db()
      .collection('users')
      .update({ _id: members[2] }, { $set: { idCipher: encrypt(demoIdNumber('1958-03-01', 7, 'male')) } });
    const opened = await invoke(officer, 'openApplication', { unitId, programId: jinan(), route: 'puhui' });
    expect(opened).toMatchObject({ ok: true, data: { funding: 'quota', perMemberFen: 0 } });
    const added = await invoke(officer, 'submitMembers', {
      applicationId: opened.data.id,
      allMembersPage: 1,
    });
    expect(added.data.added).toHaveLength(3);
    expect(added.data.added.find((a: { userId: string }) => a.userId === members[2]).flags).toContain(
      'ENROLL.PROBABLY_RETIRED',
    );
    const status = await invoke(officer, 'quotaStatus', {
      programId: jinan(),
      unitId,
      batchId: opened.data.batchId,
    });
    expect(status.data.items[0]).toMatchObject({ places: 300, remaining: 297 });
    await invoke(officer, 'submitApplication', { applicationId: opened.data.id });
    expect(
      await invoke(lxReviewer(), 'reviewApplication', { applicationId: opened.data.id, approve: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    const approved = await invoke(centreReviewer(), 'reviewApplication', {
      applicationId: opened.data.id,
      approve: true,
    });
    expect(approved).toMatchObject({ ok: true, data: { status: 'approved', amountOwedFen: 0 } });
    const enrolment = db()
      .collection('enrollments')
      .get(enrollmentIdFor(members[0]!, jinan(), today()));
    expect(enrolment).toMatchObject({ status: 'active', workerFen: 0, fundedBy: '市总工会出资（普惠）' });
    expect(enrolment.certificateNo).toMatch(/^HZ\d{4}-[0-9A-F]{10}$/);
    expect(
      db()
        .collection('enrollments')
        .get(enrollmentIdFor(members[2]!, jinan(), today())).warnings,
    ).toContain('ENROLL.PROBABLY_RETIRED');
  });

  test('a rejection needs a reason and gives every place back; the unit reopens and submits again', async () => {
    const unitId = unit('unit_g_reject', DEMO.jinanDistrict, '历下区总工会');
    const admin = officerWith(app, 'g-admin', [{ role: 'centre_admin', orgId: DEMO.jinanCity }]);
    const officer = officerWith(app, 'g-officer-reject', [{ role: 'unit_officer', orgId: unitId }]);
    const members = membersOf(app, unitId, 4, 'reject');
    const batch = (await invoke(officer, 'openApplication', { unitId, programId: jinan(), route: 'puhui' }))
      .error;
    expect(batch).toMatchObject({ code: 'QUOTA.NOT_FOUND' });
    const program = db().collection('programs').get(jinan()).program;
    const batchId = program.enrolment.batches.find(
      (b: { opens: string; closes: string }) => b.opens <= today() && today() <= b.closes,
    ).id;
    await invoke(admin, 'setQuota', { programId: jinan(), batchId, unitId, places: 10 });
    const { data: application } = await invoke(officer, 'openApplication', {
      unitId,
      programId: jinan(),
      route: 'puhui',
    });
    await invoke(officer, 'submitMembers', { applicationId: application.id, userIds: members });
    await invoke(officer, 'submitApplication', { applicationId: application.id });
    const remaining = async () =>
      (await invoke(officer, 'quotaStatus', { programId: jinan(), unitId })).data.items[0].remaining;
    expect(await remaining()).toBe(6);
    expect(
      await invoke(lxReviewer(), 'reviewApplication', { applicationId: application.id, approve: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'GROUP.REASON_REQUIRED' },
    });
    const rejected = await invoke(lxReviewer(), 'reviewApplication', {
      applicationId: application.id,
      approve: false,
      reason: '名单有误',
    });
    expect(rejected).toMatchObject({
      ok: true,
      data: { status: 'rejected', reason: '名单有误', pendingSettlement: false },
    });
    expect(await remaining()).toBe(10);
    expect(db().collection('enrollments').count({ unitId })).toBe(0);
    // Deciding again is refused; reopening and resubmitting takes the places again.
    expect(
      await invoke(lxReviewer(), 'reviewApplication', { applicationId: application.id, approve: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'COMMON.BAD_TRANSITION' },
    });
    expect(
      await invoke(officer, 'openApplication', { unitId, programId: jinan(), route: 'puhui' }),
    ).toMatchObject({
      ok: true,
      data: { id: application.id, status: 'open' },
    });
    await invoke(officer, 'submitMembers', { applicationId: application.id, userIds: members.slice(0, 2) });
    expect(await remaining()).toBe(8);
  });
});

describe('access across units and districts', () => {
  test('an officer acts only for their own unit; a worker of another unit is not a member', async () => {
    const a = unit('unit_g_a', DEMO.jinanDistrict, '历下区总工会');
    const b = unit('unit_g_b', DEMO.jinanDistrict, '历下区总工会');
    const officerA = officerWith(app, 'g-officer-a', [{ role: 'unit_officer', orgId: a }]);
    const officerB = officerWith(app, 'g-officer-b', [{ role: 'unit_officer', orgId: b }]);
    const [memberB] = membersOf(app, b, 1, 'member-b');
    const [memberA] = membersOf(app, a, 1, 'member-a');
    const { data: appA } = await invoke(officerA, 'openApplication', {
      unitId: a,
      programId: jinan(),
      route: 'unit_paid',
    });
    expect(
      await invoke(officerB, 'openApplication', { unitId: a, programId: jinan(), route: 'unit_paid' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    for (const action of ['submitMembers', 'withdrawMember', 'submitApplication', 'withdrawApplication']) {
      const payload =
        action === 'submitMembers'
          ? { applicationId: appA.id, userIds: [memberB!] }
          : action === 'withdrawMember'
            ? { applicationId: appA.id, userId: memberA! }
            : { applicationId: appA.id };
      expect(await invoke(officerB, action, payload)).toMatchObject({
        ok: false,
        error: { code: 'AUTH.FORBIDDEN' },
      });
    }
    const mixed = await invoke(officerA, 'submitMembers', {
      applicationId: appA.id,
      userIds: [memberA!, memberB!],
    });
    expect(mixed.data.added.map((x: { userId: string }) => x.userId)).toEqual([memberA]);
    expect(mixed.data.refused).toEqual([
      expect.objectContaining({ userId: memberB, code: 'GROUP.NOT_A_MEMBER' }),
    ]);
    // A Wujin (Changzhou) program is not offered to a Jinan unit.
    const wujin = db().collection('_rt_meta').get('seed').demoProgramId;
    expect(await invoke(officerA, 'openApplication', { unitId: a, programId: wujin })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.PROGRAM_NOT_OFFERED' },
    });
    // Reviewers see only their subtree's applications.
    const tianning = officerWith(app, 'g-tn', [{ role: 'district_reviewer', orgId: DEMO.district2 }]);
    const seen = await invoke(tianning, 'listApplications', { orgId: DEMO.district2, status: 'open' });
    expect(seen.data.items).toEqual([]);
    expect(
      await invoke(tianning, 'listApplications', { orgId: DEMO.jinanDistrict, status: 'open' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });
});
