/**
 * A full worker journey (register, join, enrol, pay, file a claim with photos) and the officer's
 * views of it, with every response and every runtime log line kept: the worker's ID number,
 * phone, union card and invoice number must appear in no log line and in no response to anyone
 * else (the officer of the unit sees the ID's last 4 only); the worker sees ID, phone and card
 * masked too, and only their own claim shows their invoice number back.
 */
import QRCode from 'qrcode';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { ApiClient, smsSignIn, startApp, type TestApp } from '../helpers/app';
import { files, hospitalFacts, stay, upload } from '../helpers/claims';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const secrets = {
  idNumber: demoIdNumber('1987-09-09', 77, 'female'),
  phone: '13912347777',
  card: '6227003300447777',
  invoice: 'WJ-INV-20240777',
};

/** Every response a client received, as text, by who received it. */
const seen: Record<'owner' | 'others', string[]> = { owner: [], others: [] };
function recording(client: ApiClient, who: 'owner' | 'others'): ApiClient {
  const original = client.try.bind(client);
  client.try = (async (name: never, input: never) => {
    const res = await original(name, input);
    seen[who].push(JSON.stringify(res));
    return res;
  }) as typeof client.try;
  return client;
}

test('no log line and no response carries the ID number, phone, card or invoice number', async () => {
  const signed = await smsSignIn(app, secrets.phone);
  const worker = recording(signed.client, 'owner');
  await worker.call('user.register', {
    name: '冯婷',
    idNumber: secrets.idNumber,
    phoneCode: signed.phoneCode,
    unionCardNo: secrets.card,
  });
  await worker.call('org.joinUnit', { via: 'qr', scene: app.joinToken() });
  await worker.call('user.me', {});

  // Enrol in the open demo program and pay through the sandbox.
  const programId = app.runtime.db.collection('_rt_meta').get('seed').demoProgramId as string;
  const detail = await worker.call('enrollment.programDetail', { programId });
  const enrolled = await worker.call('enrollment.enrol', {
    programId,
    consent: { version: detail.notice.version, hash: detail.notice.hash, agreed: true },
    signaturePng: (await QRCode.toBuffer('冯婷')).toString('base64'),
    declarations: [],
  });
  const start = await worker.call('enrollment.pay', { enrollmentId: enrolled.id });
  await worker.http.post(`/pay/${start.orderId}/confirm`);
  await worker.call('enrollment.syncPayment', { enrollmentId: enrolled.id });
  await worker.call('enrollment.certificate', { enrollmentId: enrolled.id });
  await app.runtime.runTimer('timers');

  // A claim against 2024 cover (written as after payment, like the claims tests do).
  const { activeEnrolment } = await import('../helpers/claims');
  const { userIdFor } = await import('../../cloudfunctions/_lib/model');
  const cover = activeEnrolment(app, userIdFor(signed.openid));
  const draft = await worker.call('claim.create', {
    enrollmentId: cover,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay({ settlement: 'none', invoiceNo: secrets.invoice, selfPaidFen: 1_500_000 })),
  });
  for (const m of draft.missing) await upload(app, worker, draft.id, m.materialId, files.jpeg(), m.stayIndex);
  await worker.call('claim.estimate', { claimId: draft.id });
  await worker.call('claim.submit', { claimId: draft.id });
  await worker.call('claim.get', { claimId: draft.id });

  // The unit officer's views of the member.
  const officer = recording(await app.as(DEMO.unitOfficer), 'others');
  await officer.call('org.listJoinRequests', { unitId: DEMO.unit, status: 'approved', pageSize: 50 });

  expect(seen.owner.length).toBeGreaterThan(10);
  expect(seen.others.length).toBeGreaterThan(0);
  const logs = app.logs.join('\n');
  const toOthers = seen.others.join('\n');
  // The worker's own claim shows the worker's own invoice number back; nothing else does.
  const toOwner = seen.owner.join('\n');
  for (const [what, secret] of Object.entries(secrets)) {
    expect({ what, inLogs: logs.includes(secret) }).toEqual({ what, inLogs: false });
    expect({ what, toOthers: toOthers.includes(secret) }).toEqual({ what, toOthers: false });
    if (what !== 'invoice')
      expect({ what, toOwner: toOwner.includes(secret) }).toEqual({ what, toOwner: false });
  }
  // The phone number also never appears without its mask (e.g. split by a formatter).
  expect(logs).not.toMatch(/1391234\s?7777/);
});
