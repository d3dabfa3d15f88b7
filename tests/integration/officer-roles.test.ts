/**
 * Part 1 and 2 of the officer function: the org tree edited by the centre admin, roles granted
 * through invite QR codes, and the rank and subtree rules, each tried from the wrong side too.
 */
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { smsSignIn, startApp, type TestApp } from '../helpers/app';
import { grantsOf, officerWith } from '../helpers/officer';

jest.setTimeout(60_000);

let app: TestApp;
let phoneSeq = 0;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const nextPhone = () => `1365432${String(1000 + phoneSeq++).slice(-4)}`;

async function newcomer(seq: number) {
  const { client, phoneCode, openid } = await smsSignIn(app, nextPhone());
  await client.call('user.register', {
    name: '周敏',
    idNumber: demoIdNumber('1990-02-03', seq, 'female'),
    phoneCode,
  });
  return { client, openid, userId: userIdFor(openid) };
}

describe('the org tree', () => {
  test('the centre admin creates a district and a unit; the unit gets a random join token and search text', async () => {
    const admin = await app.as(DEMO.admin);
    const district = await admin.call('officer.createOrg', {
      parentId: DEMO.city,
      name: '新北区总工会',
      level: 'district',
      district: '新北区',
    });
    expect(district.id).toMatch(/^org_[0-9a-f]{24}$/);
    expect(district).toMatchObject({
      ancestors: [DEMO.province, DEMO.city],
      parentName: '常州市总工会',
      region: { province: '江苏省', city: '常州市', district: '新北区' },
    });
    const unit = await admin.call('officer.createOrg', {
      parentId: district.id,
      name: '新北示范厂工会',
      level: 'grassroots',
    });
    const stored = db().collection('orgs').get(unit.id);
    expect(stored.joinToken).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(db().collection('joinTokens').get(stored.joinToken)).toMatchObject({ unitId: unit.id });
    expect(stored.searchText).toContain('新北区总工会');
    expect(stored.searchText).toContain('xbqzgh');
    expect(stored.region).toEqual({ province: '江苏省', city: '常州市', district: '新北区' });
    // Levels must fit: a grassroots union cannot have children, a city no grassroots... under a unit nothing.
    expect(
      await admin.try('officer.createOrg', { parentId: unit.id, name: '下级工会', level: 'grassroots' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.BAD_PARENT' },
    });
    expect(db().collection('auditLog').find({ action: 'officer.createOrg' }).length).toBe(2);
  });

  test('a move rewrites the subtree: ancestors, parent names, regions, search text', async () => {
    const admin = await app.as(DEMO.admin);
    const a = await admin.call('officer.createOrg', {
      parentId: DEMO.city,
      name: '甲区总工会',
      level: 'district',
      district: '甲区',
    });
    const b = await admin.call('officer.createOrg', {
      parentId: DEMO.city,
      name: '乙区总工会',
      level: 'district',
      district: '乙区',
    });
    const units = [];
    for (let i = 0; i < 3; i++)
      units.push(
        await admin.call('officer.createOrg', {
          parentId: a.id,
          name: `甲区${i}号厂工会`,
          level: 'grassroots',
        }),
      );
    // A district cannot sit under a district; nothing moves into its own subtree.
    expect(await admin.try('officer.moveOrg', { orgId: a.id, newParentId: b.id })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.BAD_PARENT' },
    });
    expect(
      await admin.try('officer.moveOrg', { orgId: DEMO.city, newParentId: DEMO.district }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.MOVE_INTO_SELF' },
    });
    const moved = await admin.call('officer.moveOrg', { orgId: units[0]!.id, newParentId: b.id });
    expect(moved.org).toMatchObject({
      parentId: b.id,
      parentName: '乙区总工会',
      ancestors: [DEMO.province, DEMO.city, b.id],
    });
    const stored = db().collection('orgs').get(units[0]!.id);
    expect(stored.region.district).toBe('乙区');
    expect(stored.searchText).toContain('乙区总工会');
    expect(stored.searchText).not.toContain('甲区总工会');
    // Renaming the district reaches every unit's search text and parent name.
    await admin.call('officer.renameOrg', { orgId: a.id, name: '丙区总工会' });
    for (const u of units.slice(1)) {
      const doc = db().collection('orgs').get(u.id);
      expect(doc.parentName).toBe('丙区总工会');
      expect(doc.searchText).toContain('丙区总工会');
    }
  });

  test('moving a district with its units rewrites their ancestors in batches', async () => {
    const admin = await app.as(DEMO.admin);
    const d = await admin.call('officer.createOrg', {
      parentId: DEMO.city,
      name: '丁区总工会',
      level: 'district',
      district: '丁区',
    });
    const now = new Date();
    for (let i = 0; i < 230; i++)
      db()
        .collection('orgs')
        .set(`org_bulk_${i}`, {
          name: `丁区${i}厂工会`,
          level: 'grassroots',
          parentId: d.id,
          parentName: '丁区总工会',
          ancestors: [DEMO.province, DEMO.city, d.id],
          createdAt: now,
        });
    const otherCity = await admin.call('officer.createOrg', {
      parentId: DEMO.province,
      name: '无锡市总工会',
      level: 'city',
    });
    const res = await admin.call('officer.moveOrg', { orgId: d.id, newParentId: otherCity.id });
    expect(res.descendantsMoved).toBe(230);
    const stale = db()
      .collection('orgs')
      .find({ parentId: d.id, ancestors: { $ne: [DEMO.province, otherCity.id, d.id] } });
    expect(stale).toHaveLength(0);
  });

  test('an officer cannot edit outside their subtree, nor without the admin role', async () => {
    const jinanAdmin = await app.as(
      officerWith(app, 'jn-admin', [{ role: 'centre_admin', orgId: DEMO.jinanCity }]),
    );
    for (const res of [
      await jinanAdmin.try('officer.createOrg', {
        parentId: DEMO.city,
        name: '越权区总工会',
        level: 'district',
      }),
      await jinanAdmin.try('officer.renameOrg', { orgId: DEMO.unit, name: '改名工会' }),
      await jinanAdmin.try('officer.moveOrg', { orgId: DEMO.jinanUnit, newParentId: DEMO.district }),
    ])
      expect(res).toMatchObject({ ok: false });
    expect(
      await jinanAdmin.try('officer.moveOrg', { orgId: DEMO.jinanUnit, newParentId: DEMO.district }),
    ).toMatchObject({
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    const reviewer = await app.as(DEMO.reviewer);
    expect(
      await reviewer.try('officer.createOrg', {
        parentId: DEMO.district,
        name: '审核员建的工会',
        level: 'grassroots',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(db().collection('orgs').get(DEMO.unit).name).toBe('高新区工会');
  });
});

describe('invites', () => {
  test('a unit officer invites a colleague; the QR is a PNG for the accept page; the grant is audited', async () => {
    const officer = await app.as(DEMO.unitOfficer);
    const invite = await officer.call('officer.createInvite', {
      role: 'unit_officer',
      orgId: DEMO.unit,
      expiresInDays: 3,
      maxUses: 1,
    });
    expect(invite.id).toMatch(/^[0-9A-Za-z]{24}$/);
    const qr = await officer.call('officer.inviteQrCode', { inviteId: invite.id });
    expect(qr.path).toBe(`packageOfficer/pages/accept-invite/index?scene=${invite.id}`);
    const png = await fetch(qr.imageUrl.startsWith('http') ? qr.imageUrl : `${app.url}${qr.imageUrl}`);
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const { client, userId } = await newcomer(201);
    expect(await client.call('officer.resolveInvite', { token: invite.id })).toMatchObject({
      role: 'unit_officer',
      orgName: '高新区工会',
    });
    expect(await client.call('officer.acceptInvite', { token: invite.id })).toMatchObject({
      alreadyHeld: false,
    });
    expect(await client.call('officer.acceptInvite', { token: invite.id })).toMatchObject({
      alreadyHeld: true,
    });
    expect(grantsOf(app, (await db().collection('users').get(userId)).openid)).toEqual([
      { role: 'unit_officer', orgId: DEMO.unit },
    ]);
    const audit = db().collection('auditLog').find({ action: 'officer.grant', 'subject.id': userId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: userIdFor(DEMO.unitOfficer),
      orgId: DEMO.unit,
      detail: { role: 'unit_officer', inviteId: invite.id },
    });
    expect(audit[0].at).toBeDefined();
    // The new officer acts for the unit at once.
    expect(await client.try('org.listJoinRequests', { unitId: DEMO.unit, status: 'pending' })).toMatchObject({
      ok: true,
    });
  });

  test('a single-use invite accepted by 8 people at once is accepted exactly once', async () => {
    const admin = await app.as(DEMO.admin);
    const invite = await admin.call('officer.createInvite', {
      role: 'district_reviewer',
      orgId: DEMO.district,
      maxUses: 1,
    });
    const people = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => newcomer(210 + i)));
    const results = await Promise.all(
      people.map((p) => p.client.try('officer.acceptInvite', { token: invite.id })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
      Array(7).fill('OFFICER.INVITE_USED_UP'),
    );
    expect(db().collection('invites').get(invite.id).uses).toBe(1);
    const holders = people.filter((p) => (db().collection('users').get(p.userId).grants ?? []).length > 0);
    expect(holders).toHaveLength(1);
  });

  test('expired, used-up and revoked invites are refused with the reason', async () => {
    const officer = await app.as(DEMO.unitOfficer);
    const { client } = await newcomer(220);
    const expired = await officer.call('officer.createInvite', { role: 'unit_officer', orgId: DEMO.unit });
    db()
      .collection('invites')
      .update({ _id: expired.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await client.try('officer.resolveInvite', { token: expired.id })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.INVITE_EXPIRED' },
    });
    expect(await client.try('officer.acceptInvite', { token: expired.id })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.INVITE_EXPIRED' },
    });

    const used = await officer.call('officer.createInvite', {
      role: 'unit_officer',
      orgId: DEMO.unit,
      maxUses: 1,
    });
    const first = await newcomer(221);
    await first.client.call('officer.acceptInvite', { token: used.id });
    expect(await client.try('officer.acceptInvite', { token: used.id })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.INVITE_USED_UP' },
    });

    const revoked = await officer.call('officer.createInvite', { role: 'unit_officer', orgId: DEMO.unit });
    await officer.call('officer.revokeInvite', { inviteId: revoked.id });
    expect(await client.try('officer.acceptInvite', { token: revoked.id })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.INVITE_REVOKED' },
    });
    expect(await client.try('officer.resolveInvite', { token: 'NoSuchInviteToken0000000' })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.INVITE_NOT_FOUND' },
    });
    expect(
      db().collection('auditLog').find({ action: 'officer.revokeInvite', 'subject.id': revoked.id }),
    ).toHaveLength(1);
  });

  test('looking up invites is rate-limited per caller', async () => {
    const { client } = await newcomer(230);
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await client.try('officer.resolveInvite', { token: `guess${String(i).padStart(19, '0')}` });
      codes.push(res.ok ? 'ok' : res.error.code);
    }
    expect(codes.slice(0, 20).every((c) => c === 'OFFICER.INVITE_NOT_FOUND')).toBe(true);
    expect(codes[20]).toBe('OFFICER.RATE_LIMITED');
  });
});

describe('rank and subtree', () => {
  test('nobody grants a role above their own or outside their subtree', async () => {
    const unitOfficer = await app.as(DEMO.unitOfficer);
    const reviewer = await app.as(DEMO.reviewer);
    const centreReviewer = await app.as(
      officerWith(app, 'cz-reviewer', [{ role: 'centre_reviewer', orgId: DEMO.city }]),
    );
    for (const role of ['centre_admin', 'centre_finance'] as const)
      expect(await centreReviewer.try('officer.createInvite', { role, orgId: DEMO.city })).toMatchObject({
        ok: false,
        error: { code: 'OFFICER.ROLE_ABOVE_OWN' },
      });
    expect(
      await centreReviewer.try('officer.createInvite', { role: 'district_reviewer', orgId: DEMO.district }),
    ).toMatchObject({ ok: true });
    expect(
      await unitOfficer.try('officer.createInvite', { role: 'district_reviewer', orgId: DEMO.district }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    expect(
      await unitOfficer.try('officer.createInvite', { role: 'unit_officer', orgId: 'unit_wj_02' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    // The Wujin reviewer reaches Wujin's units, not the second district's.
    expect(
      await reviewer.try('officer.createInvite', { role: 'unit_officer', orgId: 'unit_wj_02' }),
    ).toMatchObject({ ok: true });
    expect(
      await reviewer.try('officer.createInvite', { role: 'unit_officer', orgId: DEMO.unit2 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    expect(
      await reviewer.try('officer.createInvite', { role: 'centre_admin', orgId: DEMO.city }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    const tianning = await app.as(
      officerWith(app, 'tn-reviewer', [{ role: 'district_reviewer', orgId: DEMO.district2 }]),
    );
    expect(
      await tianning.try('officer.createInvite', { role: 'unit_officer', orgId: DEMO.unit2 }),
    ).toMatchObject({ ok: true });
    expect(
      await tianning.try('officer.createInvite', { role: 'unit_officer', orgId: DEMO.unit }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    // A role only fits its level of org.
    const admin = await app.as(DEMO.admin);
    expect(
      await admin.try('officer.createInvite', { role: 'unit_officer', orgId: DEMO.district }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.ROLE_LEVEL' },
    });
  });

  test('revoking follows the same rules and is audited', async () => {
    const target = officerWith(app, 'revoke-me', [
      { role: 'unit_officer', orgId: DEMO.unit },
      { role: 'district_reviewer', orgId: DEMO.district },
    ]);
    const unitOfficer = await app.as(DEMO.unitOfficer);
    const userId = userIdFor(target);
    expect(
      await unitOfficer.try('officer.revokeGrant', {
        userId,
        role: 'district_reviewer',
        orgId: DEMO.district,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.OUTSIDE_SUBTREE' },
    });
    const centreReviewer = await app.as(
      officerWith(app, 'cz-reviewer-2', [{ role: 'centre_reviewer', orgId: DEMO.city }]),
    );
    const boss = officerWith(app, 'cz-admin-2', [{ role: 'centre_admin', orgId: DEMO.city }]);
    expect(
      await centreReviewer.try('officer.revokeGrant', {
        userId: userIdFor(boss),
        role: 'centre_admin',
        orgId: DEMO.city,
      }),
    ).toMatchObject({ ok: false, error: { code: 'OFFICER.ROLE_ABOVE_OWN' } });
    expect(grantsOf(app, boss)).toHaveLength(1);
    const listed = await unitOfficer.call('officer.listOfficers', { orgId: DEMO.unit });
    expect(listed.items).toContainEqual({ userId, displayName: '测*部', role: 'unit_officer' });
    await unitOfficer.call('officer.revokeGrant', { userId, role: 'unit_officer', orgId: DEMO.unit });
    expect(grantsOf(app, target)).toEqual([{ role: 'district_reviewer', orgId: DEMO.district }]);
    const admin = await app.as(DEMO.admin);
    await admin.call('officer.revokeGrant', { userId, role: 'district_reviewer', orgId: DEMO.district });
    expect(grantsOf(app, target)).toEqual([]);
    expect(
      await admin.try('officer.revokeGrant', { userId, role: 'district_reviewer', orgId: DEMO.district }),
    ).toMatchObject({
      ok: false,
      error: { code: 'OFFICER.GRANT_NOT_FOUND' },
    });
    expect(
      db().collection('auditLog').find({ action: 'officer.revokeGrant', 'subject.id': userId }),
    ).toHaveLength(2);
  });
});
