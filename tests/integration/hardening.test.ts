/**
 * The enrolment path's guards, each tried as an attacker would: enrolling outside one's unit's
 * programs, guessing or reusing join codes, acting on another unit, probing registrations, and
 * finding personal data or file paths where they should not be.
 */
import QRCode from 'qrcode';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { ApiClient, smsSignIn, startApp, type TestApp } from '../helpers/app';

jest.setTimeout(60_000);

let app: TestApp;
let signature: string;
let phoneSeq = 0;

beforeAll(async () => {
  app = await startApp();
  signature = (await QRCode.toBuffer('签名')).toString('base64');
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const demoProgramId = () => db().collection('_rt_meta').get('seed').demoProgramId as string;
const nextPhone = () => `1371234${String(1000 + phoneSeq++).slice(-4)}`;

async function registered(seq: number, opts: { unitToken?: string } = {}) {
  const { client, phoneCode, openid } = await smsSignIn(app, nextPhone());
  const idNumber = demoIdNumber('1991-07-01', seq, 'female');
  await client.call('user.register', {
    name: '孙丽',
    idNumber,
    phoneCode,
    unionCardNo: `6227${String(seq).padStart(12, '0')}`,
  });
  if (opts.unitToken !== undefined) await client.call('org.joinUnit', { via: 'qr', scene: opts.unitToken });
  return { client, openid, last4: `****${idNumber.slice(-4)}` };
}

async function enrolPayload(client: ApiClient, programId: string) {
  const detail = await client.call('enrollment.programDetail', { programId: demoProgramId() });
  return {
    programId,
    consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true as const },
    signaturePng: signature,
  };
}

describe('enrolment scope', () => {
  test("a program not offered to the worker's unit is refused on every path, and nothing is written", async () => {
    const { client } = await registered(101, { unitToken: app.joinToken() });
    const before = db().collection('enrollments').find({}).length;
    for (const res of [
      await client.try('enrollment.programDetail', { programId: 'henan-zhengzhou-2025' }),
      await client.try('enrollment.enrol', await enrolPayload(client, 'henan-zhengzhou-2025')),
      await client.try('enrollment.renew', { fromEnrollmentId: 'en_x', programId: 'henan-zhengzhou-2025' }),
    ]) {
      expect(res).toMatchObject({ ok: false, error: { code: 'ENROLL.PROGRAM_NOT_OFFERED' } });
    }
    expect(db().collection('enrollments').find({}).length).toBe(before);
  });

  test("a program offered to the district but for another region refuses the district's units", async () => {
    const current = db().collection('programs').get(demoProgramId());
    const elsewhere = {
      ...current.program,
      id: 'wujin-elsewhere',
      region: { province: '河南省', city: '郑州市' },
    };
    db()
      .collection('programs')
      .set('wujin-elsewhere', { ...current, program: elsewhere });
    const { client } = await registered(102, { unitToken: app.joinToken() });
    const detail = await client.call('enrollment.programDetail', { programId: 'wujin-elsewhere' });
    expect(detail.issues).toContainEqual(
      expect.objectContaining({ code: 'ENROLL.UNIT_NOT_IN_REGION', blocking: true }),
    );
    const res = await client.try('enrollment.enrol', {
      programId: 'wujin-elsewhere',
      consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true },
      signaturePng: signature,
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'ENROLL.UNIT_NOT_IN_REGION' } });
  });

  test('the signature is stored under a random name that no client-visible id leads to', async () => {
    const { client } = await registered(103, { unitToken: app.joinToken() });
    const enrolled = await client.call('enrollment.enrol', await enrolPayload(client, demoProgramId()));
    const doc = db().collection('enrollments').get(enrolled.id);
    expect(doc.signatureFileId).toMatch(/signatures\/[0-9a-f]{32}\.png$/);
    expect(doc.signatureFileId).not.toContain(doc.userId);
    expect(doc.signatureFileId).not.toContain(enrolled.id);
  });

  test('an unknown key, also inside a nested object, is refused naming the key', async () => {
    const { client } = await registered(104, { unitToken: app.joinToken() });
    const payload = await enrolPayload(client, demoProgramId());
    const res = await client.try('enrollment.enrol', {
      ...payload,
      consent: { ...payload.consent, waitingDays: 30 },
    } as typeof payload);
    expect(res).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'COMMON.INVALID_INPUT', field: 'payload.consent.waitingDays' },
    });
  });
});

describe('unit join codes', () => {
  test('the human-readable unit code is not a join code; tokens are random and differ per unit', async () => {
    const { client } = await registered(110);
    expect(await client.try('org.resolveScene', { scene: 'WJ01' })).toMatchObject({
      ok: false,
      error: { code: 'ORG.SCENE_NOT_FOUND' },
    });
    const a = app.joinToken(DEMO.unit);
    const b = app.joinToken('unit_wj_02');
    expect(a).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(a).not.toBe(b);
    expect(await client.call('org.resolveScene', { scene: a })).toMatchObject({ id: DEMO.unit });
  });

  test('rotating the QR stops the old one at once; only the unit officer may rotate', async () => {
    const officer = await app.as(DEMO.unitOfficer);
    const old = app.joinToken();
    expect(await officer.try('org.rotateUnitQrCode', { unitId: 'unit_wj_02' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    await officer.call('org.rotateUnitQrCode', { unitId: DEMO.unit });
    const fresh = app.joinToken();
    expect(fresh).not.toBe(old);
    const { client } = await registered(111);
    expect(await client.try('org.joinUnit', { via: 'qr', scene: old })).toMatchObject({
      ok: false,
      error: { code: 'ORG.SCENE_NOT_FOUND' },
    });
    expect((await officer.call('org.unitQrCode', { unitId: DEMO.unit })).scene).toBe(fresh);
    expect(await client.call('org.joinUnit', { via: 'qr', scene: fresh })).toMatchObject({
      status: 'approved',
    });
  });

  test('the QR landing names the unit before sign-in; anonymous look-ups are limited by address', async () => {
    const anon = app.anonymous();
    expect(await anon.call('org.resolveScene', { scene: app.joinToken() })).toMatchObject({
      name: '高新区工会',
    });
    expect(await anon.try('org.joinUnit', { via: 'qr', scene: app.joinToken() })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.UNAUTHENTICATED' },
    });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await anon.try('org.resolveScene', { scene: `anon${String(i).padStart(16, '0')}` });
      codes.push(res.ok ? 'ok' : res.error.code);
    }
    expect(codes).toContain('ORG.RATE_LIMITED');
  });

  test('looking up join codes is rate-limited per caller', async () => {
    const { client } = await registered(112);
    const answers: string[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await client.try('org.resolveScene', { scene: `guess${String(i).padStart(15, '0')}` });
      answers.push(res.ok ? 'ok' : res.error.code);
    }
    expect(answers.slice(0, 20).every((c) => c === 'ORG.SCENE_NOT_FOUND')).toBe(true);
    expect(answers[20]).toBe('ORG.RATE_LIMITED');
  });

  test('the officer sees QR joins and can remove a member, which is recorded', async () => {
    const { client, last4 } = await registered(113, { unitToken: app.joinToken() });
    const officer = await app.as(DEMO.unitOfficer);
    const approved = await officer.call('org.listJoinRequests', {
      unitId: DEMO.unit,
      status: 'approved',
      pageSize: 50,
    });
    const joined = approved.items.find(
      (r) => r.via === 'qr' && r.displayName === '孙丽' && r.idLast4 === last4,
    );
    expect(joined).toBeDefined();
    await officer.call('org.removeMember', { requestId: joined!.id, reason: '非本单位职工' });
    expect(await client.call('user.me', {})).toMatchObject({ unitStatus: 'none' });
    expect(await client.try('enrollment.offers', {})).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.NO_UNIT' },
    });
    expect(db().collection('auditLog').find({ action: 'org.removeMember' }).length).toBeGreaterThan(0);
    expect(db().collection('auditLog').find({ action: 'org.viewMembers' }).length).toBeGreaterThan(0);
  });

  test('moving to another unit must be confirmed and is recorded', async () => {
    const { client } = await registered(114, { unitToken: app.joinToken() });
    const other = app.joinToken('unit_wj_02');
    const refused = await client.try('org.joinUnit', { via: 'qr', scene: other });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ORG.CHANGE_UNCONFIRMED' } });
    expect(refused.ok || refused.error.message).toContain('已有的参保保障不受影响');
    expect(await client.call('user.me', {})).toMatchObject({ unitId: DEMO.unit });
    await client.call('org.joinUnit', { via: 'qr', scene: other, confirmChange: true });
    expect(await client.call('user.me', {})).toMatchObject({ unitId: 'unit_wj_02', unitStatus: 'approved' });
    expect(db().collection('auditLog').find({ action: 'org.changeUnit' }).length).toBeGreaterThan(0);
  });

  test('a rejection reason reaches the worker and is queued as a message', async () => {
    const { client, last4 } = await registered(115);
    await client.call('org.joinUnit', { via: 'search', unitId: DEMO.unit });
    const officer = await app.as(DEMO.unitOfficer);
    const pending = await officer.call('org.listJoinRequests', { unitId: DEMO.unit, status: 'pending' });
    const mine = pending.items.find((r) => r.idLast4 === last4);
    await officer.call('org.decideJoinRequest', { requestId: mine!.id, approve: false, reason: '查无此人' });
    expect((await client.call('user.me', {})).unitRejection).toMatchObject({
      unitName: '高新区工会',
      reason: '查无此人',
    });
    expect(db().collection('outbox').get(`join_rejected_${mine!.id}`)).toMatchObject({
      kind: 'join_rejected',
    });
  });
});

describe('roles are bound to one org each', () => {
  test('a unit officer of one unit who reviews for the district is no unit officer of other units', async () => {
    const { client, openid } = await registered(120, { unitToken: app.joinToken() });
    const id = db().collection('users').find({ openid })[0]._id;
    db()
      .collection('users')
      .update(
        { _id: id },
        {
          $set: {
            grants: [
              { role: 'unit_officer', orgId: DEMO.unit },
              { role: 'district_reviewer', orgId: DEMO.district },
            ],
          },
        },
      );
    expect(await client.try('org.listJoinRequests', { unitId: DEMO.unit, status: 'pending' })).toMatchObject({
      ok: true,
    });
    expect(
      await client.try('org.listJoinRequests', { unitId: 'unit_wj_02', status: 'pending' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });

  test('the district reviewer and the centre admin have a working user.me', async () => {
    for (const who of [DEMO.reviewer, DEMO.admin]) {
      const me = await (await app.as(who)).call('user.me', {});
      expect(me.grants.length).toBe(1);
      expect(me.unitId).toBeUndefined();
    }
  });
});

describe('registration', () => {
  test('the phone is verified before the ID number is looked up', async () => {
    const taken = demoIdNumber('1988-05-16', 1, 'male'); // the demo worker's
    const { client } = await smsSignIn(app, nextPhone());
    const res = await client.try('user.register', {
      name: '王建国',
      idNumber: taken,
      phoneCode: 'not-a-code',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'USER.PHONE_UNVERIFIED' } });
  });

  test('attempts are limited per caller', async () => {
    const { client, phoneCode } = await smsSignIn(app, nextPhone());
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await client.try('user.register', {
        name: '赵六',
        idNumber: '320412199001010000',
        phoneCode,
      });
      codes.push(res.ok ? 'ok' : res.error.code);
    }
    expect(codes.slice(0, 10).every((c) => c === 'USER.INVALID_ID')).toBe(true);
    expect(codes[10]).toBe('USER.RATE_LIMITED');
  });

  test('a worker changes the phone number by proving the new one; the change is recorded', async () => {
    const { client, openid } = await registered(131);
    /** A proof of `phone` for the signed-in account, as the profile page gets it. */
    const prove = async (phone: string) => {
      await client.http.post('/auth/sms/send', { phone });
      const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
      const line = [...app.logs].reverse().find((l) => l.includes('[sms]') && l.includes(masked));
      const res = await client.http.post('/auth/phone-code', {
        phone,
        code: line!.match(/code (\d{6})/)![1],
      });
      expect(res.status).toBe(200);
      return res.body.data.phoneCode as string;
    };
    expect(await client.try('user.changePhone', { phoneCode: 'forged-code' })).toMatchObject({
      ok: false,
      error: { code: 'USER.PHONE_UNVERIFIED' },
    });
    // A proof issued to this account is useless to another one (and is spent by the attempt).
    const stolen = await prove(nextPhone());
    const other = await registered(132);
    expect(await other.client.try('user.changePhone', { phoneCode: stolen })).toMatchObject({
      ok: false,
      error: { code: 'USER.PHONE_UNVERIFIED' },
    });
    const newPhone = nextPhone();
    const me = await client.call('user.changePhone', { phoneCode: await prove(newPhone) });
    expect(me.phoneMasked).toBe(`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`);
    const stored = db().collection('users').find({ openid })[0];
    expect(JSON.stringify(stored)).not.toContain(newPhone);
    expect(db().collection('auditLog').find({ action: 'user.changePhone' }).length).toBe(1);
  });

  test('no birth date, union card or ID digits beyond the mask are stored in clear', async () => {
    const { openid } = await registered(130);
    const stored = db().collection('users').find({ openid })[0];
    const text = JSON.stringify(stored);
    expect(stored.birthDate).toBeUndefined();
    expect(text).not.toContain('1991-07-01');
    expect(text).not.toContain('19910701');
    expect(text).not.toContain('6227000000000130');
    expect(stored.unionCardMasked).toBe('**** 0130');
    expect(stored.idMasked).toMatch(/^32\*{14}[\dX]{2}$/);
  });
});
