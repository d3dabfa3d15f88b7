/**
 * The worker's path through the real cloud functions on the local runtime: register, join a
 * unit, enrol, pay, see the certificate — and every refusal on the way, with nothing half-written.
 */
import QRCode from 'qrcode';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { chinaToday } from '../../shared/calendar';
import { coverageState, coverageStateText } from '../../shared/enrolment/coverage';
import { ApiClient, smsSignIn, startApp, type TestApp } from '../helpers/app';

jest.setTimeout(30_000);

let app: TestApp;
let signature: string;

beforeAll(async () => {
  app = await startApp();
  signature = (await QRCode.toBuffer('王建国的签名')).toString('base64');
});
afterAll(() => app?.close());

const demoProgramId = () => app.runtime.db.collection('_rt_meta').get('seed').demoProgramId as string;

/** A registered worker who joined the demo unit by its QR code. */
async function newWorker(phone: string, seq: number, opts: { unionCard?: boolean } = {}) {
  const { client, phoneCode } = await smsSignIn(app, phone);
  await client.call('user.register', {
    name: '李秀英',
    idNumber: demoIdNumber('1990-02-14', seq, 'female'),
    phoneCode,
    ...(opts.unionCard === false ? {} : { unionCardNo: `6227${String(seq).padStart(12, '0')}` }),
  });
  await client.call('org.joinUnit', { via: 'qr', scene: app.joinToken() });
  return client;
}

async function enrolIn(
  client: ApiClient,
  programId = demoProgramId(),
  declarations: ('UNION_MEMBER' | 'BASIC_MEDICAL_INSURANCE')[] = [],
) {
  const detail = await client.call('enrollment.programDetail', { programId });
  return client.call('enrollment.enrol', {
    programId,
    consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true },
    signaturePng: signature,
    declarations,
  });
}

async function confirmSandboxPayment(client: ApiClient, enrollmentId: string) {
  const start = await client.call('enrollment.pay', { enrollmentId });
  const confirmed = await client.http.post(`/pay/${start.orderId}/confirm`);
  expect(confirmed.status).toBe(303);
  return start;
}

describe('registration', () => {
  test('a valid registration stores the ID sealed and shows it masked', async () => {
    const { client, phoneCode } = await smsSignIn(app, '13912340001');
    const before = await client.call('user.me', {});
    expect(before).toMatchObject({ registered: false, unitStatus: 'none' });

    const idNumber = demoIdNumber('1991-07-01', 11, 'male');
    const me = await client.call('user.register', {
      name: '周明',
      idNumber,
      phoneCode,
      unionCardNo: '622700000011',
    });
    expect(me).toMatchObject({
      registered: true,
      displayName: '周*',
      phoneMasked: '139****0001',
      roles: ['worker'],
    });
    expect(me.idMasked).toBe(`${idNumber.slice(0, 2)}**************${idNumber.slice(-2)}`);

    const stored = app.runtime.db.collection('users').find({ nameMasked: '周*' })[0];
    expect(JSON.stringify(stored)).not.toContain(idNumber);
    expect(JSON.stringify(stored)).not.toContain('13912340001');
    expect(stored.idCipher).toMatch(/^v1:/);
  });

  test('an invalid ID number is refused naming the field, and nothing is written', async () => {
    const { client, phoneCode } = await smsSignIn(app, '13912340002');
    const badCheck = demoIdNumber('1991-07-01', 12, 'male').slice(0, 17) + 'Y';
    const shape = await client.try('user.register', { name: '周明', idNumber: badCheck, phoneCode });
    expect(shape).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'COMMON.INVALID_INPUT', field: 'payload.idNumber' },
    });

    const valid = demoIdNumber('1991-07-01', 12, 'male');
    const wrongDigit = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const checksum = await client.try('user.register', { name: '周明', idNumber: wrongDigit, phoneCode });
    expect(checksum).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'USER.INVALID_ID', field: 'payload.idNumber' },
    });
    expect(checksum.ok || checksum.error.message).toContain('校验位');
    expect(await client.call('user.me', {})).toMatchObject({ registered: false });
  });

  test('the same ID number on a second account is refused', async () => {
    const idNumber = demoIdNumber('1992-03-03', 13, 'female');
    const first = await smsSignIn(app, '13912340003');
    await first.client.call('user.register', { name: '吴芳', idNumber, phoneCode: first.phoneCode });
    const second = await smsSignIn(app, '13912340004');
    const res = await second.client.try('user.register', {
      name: '吴芳',
      idNumber,
      phoneCode: second.phoneCode,
    });
    expect(res).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'USER.REGISTRATION_REFUSED' },
    });
    expect(await second.client.call('user.me', {})).toMatchObject({ registered: false });
  });

  test('a phone proof cannot be used twice', async () => {
    const { client, phoneCode } = await smsSignIn(app, '13912340005');
    await client.call('user.register', {
      name: '郑强',
      idNumber: demoIdNumber('1993-01-09', 14, 'male'),
      phoneCode,
    });
    const again = await client.try('user.register', {
      name: '郑强',
      idNumber: demoIdNumber('1993-01-09', 14, 'male'),
      phoneCode,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'USER.PHONE_UNVERIFIED' } });
  });

  test('an unknown action and a payload failing its schema are refused with a code and the field', async () => {
    const client = await app.as(DEMO.worker);
    const unknown = await client.http.post('/fn/user', { action: 'dropTables', payload: {} });
    expect(unknown).toMatchObject({
      status: 404,
      body: { ok: false, error: { code: 'COMMON.UNKNOWN_ACTION', field: 'action' } },
    });
    const extra = await client.http.post('/fn/enrollment', { action: 'pay', payload: { enrollmentId: 42 } });
    expect(extra).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'COMMON.INVALID_INPUT', field: 'payload.enrollmentId' } },
    });
    expect(extra.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('anonymous callers are asked to sign in', async () => {
    const res = await app.anonymous().try('user.me', {});
    expect(res).toMatchObject({ ok: false, status: 401, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });
});

describe('joining a unit', () => {
  test('the unit QR code resolves to the unit and joins at once', async () => {
    const { client, phoneCode } = await smsSignIn(app, '13912340010');
    await client.call('user.register', {
      name: '孙丽',
      idNumber: demoIdNumber('1994-04-04', 20, 'female'),
      phoneCode,
    });
    expect(await client.call('org.resolveScene', { scene: app.joinToken() })).toMatchObject({
      id: DEMO.unit,
      name: '高新区工会',
    });
    expect(await client.call('org.joinUnit', { via: 'qr', scene: app.joinToken() })).toMatchObject({
      status: 'approved',
    });
    expect(await client.call('user.me', {})).toMatchObject({ unitId: DEMO.unit, unitStatus: 'approved' });
  });

  test('an unknown QR scene is refused', async () => {
    const client = await app.as(DEMO.worker);
    const res = await client.try('org.resolveScene', { scene: 'NOPE99' });
    expect(res).toMatchObject({ ok: false, status: 404, error: { code: 'ORG.SCENE_NOT_FOUND' } });
  });

  test('a unit found by search waits for its officer, who approves', async () => {
    const { client, phoneCode } = await smsSignIn(app, '13912340011');
    await client.call('user.register', {
      name: '钱进',
      idNumber: demoIdNumber('1989-08-08', 21, 'male'),
      phoneCode,
      unionCardNo: '622700000021',
    });
    const found = await client.call('org.searchUnits', { keyword: '高新区', page: 1, pageSize: 20 });
    expect(found.items.map((u) => u.name)).toEqual(expect.arrayContaining(['高新区工会', '高新区北区工会']));
    expect(await client.call('org.joinUnit', { via: 'search', unitId: DEMO.unit })).toMatchObject({
      status: 'pending',
    });
    expect(await client.try('enrollment.offers', {})).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.NO_UNIT' },
    });

    const reviewer = await app.as(DEMO.worker);
    const forbidden = await reviewer.try('org.listJoinRequests', {
      unitId: DEMO.unit,
      status: 'pending',
      page: 1,
      pageSize: 20,
    });
    expect(forbidden).toMatchObject({ ok: false, status: 403, error: { code: 'AUTH.FORBIDDEN' } });

    const officer = await app.as(DEMO.unitOfficer);
    const pending = await officer.call('org.listJoinRequests', {
      unitId: DEMO.unit,
      status: 'pending',
      page: 1,
      pageSize: 20,
    });
    // The officer of the worker's own unit sees the full name and the ID's last 4 (audited).
    const mine = pending.items.find((r) => r.displayName.startsWith('钱'));
    expect(mine).toMatchObject({ via: 'search', status: 'pending' });
    expect(mine!.displayName).not.toContain('*');
    expect(mine!.idMasked).toMatch(/^\d{2}\*{14}[\dX]{2}$/);
    expect(mine!.idLast4).toMatch(/^\*{4}\d{3}[\dX]$/);
    expect(await officer.try('org.decideJoinRequest', { requestId: mine!.id, approve: false })).toMatchObject(
      {
        ok: false,
        error: { field: 'payload.reason' },
      },
    );
    expect(await officer.call('org.decideJoinRequest', { requestId: mine!.id, approve: true })).toEqual({
      status: 'approved',
    });
    expect(await officer.try('org.decideJoinRequest', { requestId: mine!.id, approve: true })).toMatchObject({
      ok: false,
      error: { code: 'ORG.REQUEST_DECIDED' },
    });
    expect(await client.call('user.me', {})).toMatchObject({
      unitStatus: 'approved',
      unitName: '高新区工会',
    });
  });

  test('the unit officer gets the unit QR code as a PNG', async () => {
    const officer = await app.as(DEMO.unitOfficer);
    const qr = await officer.call('org.unitQrCode', { unitId: DEMO.unit });
    expect(qr.scene).toBe(app.joinToken());
    expect(qr.joinPath).toBe(`pages/join/index?scene=${app.joinToken()}`);
    const png = await fetch(qr.imageUrl);
    expect(png.status).toBe(200);
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const other = await officer.try('org.unitQrCode', { unitId: 'unit_wj_02' });
    expect(other).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('enrolment and payment', () => {
  test('offers show the program open today with the worker share from the split', async () => {
    const client = await newWorker('13912340020', 30);
    const { offers } = await client.call('enrollment.offers', {});
    const offer = offers.find((o) => o.programId === demoProgramId());
    expect(offer).toMatchObject({ totalFen: 10000, workerFen: 2000, issues: [] });
    expect(offer!.feeLines.map((l) => l.amountFen)).toEqual([2000, 8000]);
    expect(offers.find((o) => o.programId === 'wujin-2024')).toBeUndefined();
  });

  test('a closed window, a changed notice, and a missing union card are refused; nothing is created', async () => {
    const client = await newWorker('13912340021', 31, { unionCard: false });
    const detail = await client.call('enrollment.programDetail', { programId: demoProgramId() });
    expect(detail.issues).toEqual([
      expect.objectContaining({ code: 'ENROLL.UNION_CARD_REQUIRED', blocking: true }),
    ]);
    const consent = { version: detail.notice.version, hash: detail.notice.hash, agreed: true as const };
    expect(
      await client.try('enrollment.enrol', { programId: demoProgramId(), consent, signaturePng: signature }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.UNION_CARD_REQUIRED' },
    });
    expect(
      await client.try('enrollment.enrol', {
        programId: demoProgramId(),
        consent: { ...consent, hash: '0'.repeat(64) },
        signaturePng: signature,
      }),
    ).toMatchObject({ ok: false, error: { code: 'ENROLL.NOTICE_CHANGED' } });

    const old = await client.call('enrollment.programDetail', { programId: 'wujin-2024' });
    const closed = await client.try('enrollment.enrol', {
      programId: 'wujin-2024',
      consent: { version: old.notice.version, hash: old.notice.hash, agreed: true },
      signaturePng: signature,
    });
    expect(closed).toMatchObject({ ok: false, error: { code: 'ENROLL.WINDOW_CLOSED' } });
    expect((await client.call('enrollment.mine', {})).items).toEqual([]);

    // Adding the card afterwards lifts the refusal.
    expect(await client.try('user.updateUnionCard', { unionCardNo: '12ab' })).toMatchObject({
      ok: false,
      error: { field: 'payload.unionCardNo' },
    });
    expect(await client.call('user.updateUnionCard', { unionCardNo: '622700000031' })).toMatchObject({
      hasUnionCard: true,
    });
    const after = await client.call('enrollment.programDetail', { programId: demoProgramId() });
    expect(after.issues).toEqual([]);
  });

  test('enrol → pay in the sandbox → 已参保 with a certificate; duplicates and replays credit once', async () => {
    const client = await newWorker('13912340022', 32);
    const enrolled = await enrolIn(client);
    expect(enrolled).toMatchObject({ status: 'pending_payment', workerFen: 2000 });
    // A double tap is the same enrolment, not a second one.
    expect((await enrolIn(client)).id).toBe(enrolled.id);
    expect(await client.try('enrollment.certificate', { enrollmentId: enrolled.id })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.NOT_ACTIVE' },
    });

    const first = await client.call('enrollment.pay', { enrollmentId: enrolled.id });
    expect(first).toMatchObject({ amountFen: 2000 });
    expect(first.sandboxPayUrl).toContain(`/pay/${first.orderId}`);
    expect((await client.call('enrollment.pay', { enrollmentId: enrolled.id })).orderId).toBe(first.orderId);

    const someoneElse = await app.as(DEMO.worker);
    expect(await someoneElse.try('enrollment.pay', { enrollmentId: enrolled.id })).toMatchObject({
      ok: false,
      status: 404,
      error: { code: 'ENROLL.NOT_FOUND' },
    });

    expect((await client.http.post(`/pay/${first.orderId}/confirm`)).status).toBe(303);
    const synced = await client.call('enrollment.syncPayment', { enrollmentId: enrolled.id });
    expect(synced).toMatchObject({ status: 'active' });
    expect(synced.certificateNo).toMatch(/^HZ\d{4}-[0-9A-F]{10}$/);

    // WeChat sends the notification again: nothing changes, no anomaly.
    const replay = await client.http.post(`/pay/${first.orderId}/renotify`);
    expect(replay.status).toBe(200);
    const after = await client.call('enrollment.get', { enrollmentId: enrolled.id });
    expect(after.paidAt).toBe(synced.paidAt);
    expect(app.runtime.db.collection('payAnomalies').count({ outTradeNo: first.orderId })).toBe(0);
    expect(app.runtime.db.collection('outbox').count({ enrollmentId: enrolled.id })).toBe(1);

    expect(await client.try('enrollment.pay', { enrollmentId: enrolled.id })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.ALREADY_PAID' },
    });
    expect(
      await client.try('enrollment.enrol', {
        programId: demoProgramId(),
        consent: { version: 'x', hash: 'a'.repeat(64), agreed: true },
        signaturePng: signature,
      }),
    ).toMatchObject({ ok: false });

    const cert = await client.call('enrollment.certificate', { enrollmentId: enrolled.id });
    expect(cert).toMatchObject({
      insuredName: '李*英',
      unitName: '高新区工会',
      certificateNo: synced.certificateNo,
    });
    // The certificate's mini-program code (what WeChat's camera opens) is a real PNG, made once.
    const qr = await fetch(cert.verifyQrImageUrl!);
    expect(qr.status).toBe(200);
    expect(
      Buffer.from(await qr.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const again = await client.call('enrollment.certificate', { enrollmentId: enrolled.id });
    expect(app.runtime.db.collection('enrollments').get(enrolled.id).verifyQrFileId).toBeTruthy();
    expect(again.verifyQrImageUrl).toBeTruthy();
    const verified = await app
      .anonymous()
      .call('enrollment.verifyCertificate', { certificateNo: cert.certificateNo, code: cert.verifyCode });
    // Paid cover is 待生效 until its first day, 保障中 within it: from the dates, not the payment.
    expect(verified).toMatchObject({
      valid: true,
      insuredName: '李*英',
      state: coverageState(cert.coverage, chinaToday()),
      status: coverageStateText(cert.coverage, chinaToday()),
    });
    const forged = await app
      .anonymous()
      .call('enrollment.verifyCertificate', { certificateNo: cert.certificateNo, code: '0123456789abcdef' });
    expect(forged).toEqual({ valid: false });
  });

  test('a forged notification (not from WeChat Pay) and a wrong amount change nothing', async () => {
    const client = await newWorker('13912340023', 33);
    const enrolled = await enrolIn(client);
    const order = await client.call('enrollment.pay', { enrollmentId: enrolled.id });
    const event = {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: order.orderId,
      transactionId: 'forged-1',
      totalFee: 2000,
    };

    const forged = await app.runtime.invoke('payNotify', event, { openid: 'attacker', source: 'wx_client' });
    expect(forged).toMatchObject({ errcode: 403 });
    // From the pay callback source but not confirmed by queryOrder (the order is unpaid).
    const unconfirmed = await app.runtime.invoke(
      'payNotify',
      { ...event, totalFee: 1 },
      { source: 'wx_paycallback' },
    );
    expect(unconfirmed).toMatchObject({ errcode: 0 });
    expect((await client.call('enrollment.get', { enrollmentId: enrolled.id })).status).toBe(
      'pending_payment',
    );
    expect(
      app.runtime.db
        .collection('payAnomalies')
        .count({ outTradeNo: order.orderId, kind: 'NOTIFICATION_NOT_CONFIRMED' }),
    ).toBe(1);
  });

  test('an unpaid order expires and the worker can pay again with a new order', async () => {
    const client = await newWorker('13912340024', 34);
    const enrolled = await enrolIn(client);
    const first = await client.call('enrollment.pay', { enrollmentId: enrolled.id });
    app.runtime.db
      .collection('orders')
      .update({ _id: first.orderId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await app.runtime.runTimer('timers');
    expect(app.runtime.db.collection('orders').get(first.orderId).status).toBe('CLOSED');
    expect((await client.call('enrollment.get', { enrollmentId: enrolled.id })).note).toContain('超时');

    // An order WeChat Pay never created (unifiedOrder failed half-way) expires too.
    app.runtime.db.collection('orders').add({
      _id: 'P-orphan-1',
      outTradeNo: 'P-orphan-1',
      enrollmentId: enrolled.id,
      userId: 'nobody',
      amountFen: 2000,
      status: 'PENDING',
      expiresAt: new Date(Date.now() - 1000),
      createdAt: new Date(Date.now() - 3_600_000),
    });
    await app.runtime.runTimer('timers');
    expect(app.runtime.db.collection('orders').get('P-orphan-1').status).toBe('CLOSED');

    const second = await client.call('enrollment.pay', { enrollmentId: enrolled.id });
    expect(second.orderId).not.toBe(first.orderId);
    await client.http.post(`/pay/${second.orderId}/confirm`);
    expect((await client.call('enrollment.syncPayment', { enrollmentId: enrolled.id })).status).toBe(
      'active',
    );
  });

  test('renewal reuses the signature when the notice is unchanged', async () => {
    const client = await newWorker('13912340025', 35);
    const enrolled = await enrolIn(client);
    await confirmSandboxPayment(client, enrolled.id);
    await client.call('enrollment.syncPayment', { enrollmentId: enrolled.id });

    // The next period of the same series, with the same notice text and version.
    const current = app.runtime.db.collection('programs').get(demoProgramId());
    const nextYear = Number(current.program.coverage.start.slice(0, 4)) + 1;
    const next = {
      ...current.program,
      id: `wujin-${nextYear}-renewal-test`,
      year: nextYear,
      coverage: { ...current.program.coverage, start: `${nextYear}-01-01`, end: `${nextYear}-12-31` },
    };
    app.runtime.db.collection('programs').set(next.id, { ...current, program: next });

    const { offers } = await client.call('enrollment.offers', {});
    const offer = offers.find((o) => o.programId === next.id);
    expect(offer?.renewableFrom).toBe(enrolled.id);
    const renewed = await client.call('enrollment.renew', {
      fromEnrollmentId: enrolled.id,
      programId: next.id,
    });
    expect(renewed).toMatchObject({ status: 'pending_payment', coverage: { start: `${nextYear}-01-01` } });
    const stored = app.runtime.db.collection('enrollments').get(renewed.id);
    expect(stored.signatureFileId).toBe(
      app.runtime.db.collection('enrollments').get(enrolled.id).signatureFileId,
    );
  });

  test('a program that needs declarations (Guangdong: union member, basic medical insurance) takes them', async () => {
    // Offer Guangdong's program to the demo district with a window open today.
    const stored = app.runtime.db.collection('programs').get('guangdong-2018');
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const program = {
      ...stored.program,
      id: 'guangdong-test',
      enrolment: { ...stored.program.enrolment, window: { opens: today, closes: later } },
    };
    app.runtime.db
      .collection('programs')
      .set('guangdong-test', { ...stored, program, offeredTo: [DEMO.district] });

    const client = await newWorker('13912340026', 36);
    const offer = (await client.call('enrollment.offers', {})).offers.find(
      (o) => o.programId === 'guangdong-test',
    );
    expect(offer?.declarations.map((d) => d.code).sort()).toEqual([
      'BASIC_MEDICAL_INSURANCE',
      'UNION_MEMBER',
    ]);
    expect(offer).toMatchObject({ totalFen: 9500, workerFen: 2000, issues: [] });

    const detail = await client.call('enrollment.programDetail', { programId: 'guangdong-test' });
    const consent = { version: detail.notice.version, hash: detail.notice.hash, agreed: true as const };
    const undeclared = await client.try('enrollment.enrol', {
      programId: 'guangdong-test',
      consent,
      signaturePng: signature,
      declarations: ['UNION_MEMBER'],
    });
    expect(undeclared).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.BASIC_MEDICAL_INSURANCE_REQUIRED' },
    });

    const enrolled = await enrolIn(client, 'guangdong-test', ['UNION_MEMBER', 'BASIC_MEDICAL_INSURANCE']);
    expect(enrolled).toMatchObject({ status: 'pending_payment', workerFen: 2000, totalFen: 9500 });
    expect(app.runtime.db.collection('enrollments').get(enrolled.id).declarations.sort()).toEqual([
      'BASIC_MEDICAL_INSURANCE',
      'UNION_MEMBER',
    ]);
  });
});
