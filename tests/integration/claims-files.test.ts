/**
 * Claim files: straight to storage with a one-time ticket, then checked by the server (type by
 * content, size, count), hashed and moved to a private random path; removed before submission;
 * viewed only through short-lived, audited URLs by those allowed.
 */
import { startApp, type TestApp } from '../helpers/app';
import { claimant, files, hospitalFacts, putStaged, stay, upload, type Claimant } from '../helpers/claims';

jest.setTimeout(120_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const stagingExists = (fileID: string) =>
  db()
    .collection('_rt_files')
    .get(fileID.replace(/^cloud:\/\/[^/]+\//, '')) !== null;

/** A draft hospital claim with one stay not settled through insurance (so it needs 2 documents). */
async function draftWithStay(w: Claimant) {
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(
      stay({
        settlement: 'none',
        invoiceNo: `INV${Date.now()}${Math.random()}`.slice(0, 20).replace('.', ''),
      }),
    ),
  });
  return draft.id;
}

test('the checklist follows the facts: a stay settled through insurance needs nothing, another needs two documents', async () => {
  const w = await claimant(app);
  const settled = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  expect(settled.checklist.filter((i) => i.required)).toEqual([]);
  expect(settled.missing).toEqual([]);
  const other = await w.client.call('claim.update', {
    claimId: settled.id,
    facts: hospitalFacts(
      stay(),
      stay({ settlement: 'none', invoiceNo: 'A1001', dischargedOn: '2024-03-12' }),
    ),
  });
  expect(other.missing).toEqual([
    {
      materialId: 'admission_discharge_record',
      stayIndex: 1,
      label: '出入院记录（第2次住院（2024-03-12出院））',
    },
    {
      materialId: 'settlement_invoice',
      stayIndex: 1,
      label: '本次住院的结算票据（第2次住院（2024-03-12出院））',
    },
  ]);
});

test('a JPEG, PNG, HEIC or PDF is accepted by content, hashed, moved to a private random path; the staging copy goes', async () => {
  const w = await claimant(app);
  const claimId = await draftWithStay(w);
  for (const [bytes, mime] of [
    [files.jpeg(), 'image/jpeg'],
    [files.png(), 'image/png'],
    [files.heic(), 'image/heic'],
    [files.pdf(), 'application/pdf'],
  ] as const) {
    const ticket = await w.client.call('claim.uploadTicket', {
      claimId,
      materialId: 'admission_discharge_record',
      stayIndex: 0,
    });
    expect(ticket.cloudPath).toMatch(/^uploads\/[0-9a-f]{32}\/[0-9a-f]{32}$/);
    const fileID = await putStaged(w.client, ticket.cloudPath, bytes);
    expect(stagingExists(fileID)).toBe(true);
    const res = await w.client.call('claim.attachFile', { claimId, ticketId: ticket.ticketId, fileID });
    expect(res.file).toMatchObject({
      mime,
      bytes: bytes.length,
      uploadedBy: { role: 'worker', isYou: true },
      duplicate: false,
    });
    expect(stagingExists(fileID)).toBe(false);
    const stored = db().collection('claimFiles').get(res.file.id);
    expect(stored.fileId).toMatch(/\/claims\/[0-9a-f]{32}\.(jpg|png|heic|pdf)$/);
    expect(stored.fileId).not.toContain(claimId);
    expect(stored.fileId).not.toContain(w.userId);
    expect(stored.sha256).toBe(require('node:crypto').createHash('sha256').update(bytes).digest('hex'));
  }
  const view = await w.client.call('claim.get', { claimId });
  expect(view.checklist.find((i) => i.materialId === 'admission_discharge_record')!.files).toHaveLength(4);
  expect(view.missing.map((m) => m.materialId)).toEqual(['settlement_invoice']);
  expect(view.timeline.filter((t) => t.action === 'file_added')).toHaveLength(4);
});

test('the wrong type by content is refused (a renamed executable), the staging file deleted, the claim unchanged', async () => {
  const w = await claimant(app);
  const claimId = await draftWithStay(w);
  const before = db().collection('claims').get(claimId);
  const ticket = await w.client.call('claim.uploadTicket', {
    claimId,
    materialId: 'settlement_invoice',
    stayIndex: 0,
  });
  const fileID = await putStaged(w.client, ticket.cloudPath, files.exe());
  expect(stagingExists(fileID)).toBe(true);
  expect(
    await w.client.try('claim.attachFile', { claimId, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    status: 400,
    error: { code: 'CLAIM.BAD_FILE_TYPE' },
  });
  expect(stagingExists(fileID)).toBe(false);
  const after = db().collection('claims').get(claimId);
  expect(after).toMatchObject({ status: 'draft', fileCount: 0, version: before.version });
  expect(db().collection('claimFiles').count({ claimId })).toBe(0);
  // The used ticket does not work again.
  expect(
    await w.client.try('claim.attachFile', { claimId, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.TICKET_INVALID' },
  });
});

test('a file over the size limit is refused (8 MB: photos are compressed before upload)', async () => {
  const w = await claimant(app);
  const claimId = await draftWithStay(w);
  const res = await upload(app, w.client, claimId, 'other', files.jpeg(8 * 1024 * 1024 + 10));
  expect(res).toMatchObject({ ok: false, status: 413, error: { code: 'CLAIM.PAYLOAD_TOO_LARGE' } });
  expect(db().collection('claims').get(claimId).fileCount).toBe(0);
});

test('tickets: another claim’s, another person’s, an expired one, a path that is not the ticket’s, a material not needed', async () => {
  const a = await claimant(app);
  const b = await claimant(app);
  const claimA = await draftWithStay(a);
  const claimA2 = await draftWithStay(a);
  const claimB = await draftWithStay(b);
  const ticket = await a.client.call('claim.uploadTicket', { claimId: claimA, materialId: 'other' });
  const fileID = await putStaged(a.client, ticket.cloudPath, files.jpeg());
  // Another claim of the same worker.
  expect(
    await a.client.try('claim.attachFile', { claimId: claimA2, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.TICKET_INVALID' },
  });
  // Another worker with their own claim, or with the ticket's claim.
  expect(
    await b.client.try('claim.attachFile', { claimId: claimB, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.TICKET_INVALID' },
  });
  expect(
    await b.client.try('claim.attachFile', { claimId: claimA, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_FOUND' },
  });
  // A path that is not the ticket's (another upload of the caller's).
  const other = await a.client.call('claim.uploadTicket', { claimId: claimA, materialId: 'other' });
  const otherFile = await putStaged(a.client, other.cloudPath, files.jpeg());
  expect(
    await a.client.try('claim.attachFile', { claimId: claimA, ticketId: ticket.ticketId, fileID: otherFile }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.TICKET_INVALID' },
  });
  // Expired.
  db()
    .collection('uploadTickets')
    .update({ _id: ticket.ticketId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  expect(
    await a.client.try('claim.attachFile', { claimId: claimA, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.TICKET_INVALID' },
  });
  expect(
    await a.client.try('claim.uploadTicket', { claimId: claimA, materialId: 'capacity_appraisal' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.MATERIAL_NOT_NEEDED' },
  });
  expect(
    await a.client.try('claim.uploadTicket', {
      claimId: claimA,
      materialId: 'settlement_invoice',
      stayIndex: 3,
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.MATERIAL_NOT_NEEDED' },
  });
  expect(
    db()
      .collection('claimFiles')
      .count({ claimId: { $in: [claimA, claimA2, claimB] } }),
  ).toBe(0);
});

test('the same file twice in one claim is refused; at most 30 files per claim', async () => {
  const w = await claimant(app);
  const claimId = await draftWithStay(w);
  const bytes = files.png();
  expect(await upload(app, w.client, claimId, 'other', bytes)).toMatchObject({ ok: true });
  expect(await upload(app, w.client, claimId, 'other', bytes)).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.FILE_ALREADY_ATTACHED' },
  });
  for (let i = 1; i < 30; i++)
    expect(await upload(app, w.client, claimId, 'other', files.jpeg(64))).toMatchObject({ ok: true });
  expect(await w.client.try('claim.uploadTicket', { claimId, materialId: 'other' })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.TOO_MANY_FILES' },
  });
  expect(db().collection('claims').get(claimId).fileCount).toBe(30);
});

test('a file is removed before submission (storage too); the view of a file is a short-lived URL, audited, for the owner only', async () => {
  const a = await claimant(app);
  const b = await claimant(app);
  const claimId = await draftWithStay(a);
  const bytes = files.jpeg();
  const added = await upload(app, a.client, claimId, 'admission_discharge_record', bytes, 0);
  if (!added.ok) throw new Error(added.error.message);
  const fileId = added.data.file.id;
  const privatePath = db()
    .collection('claimFiles')
    .get(fileId)
    .fileId.replace(/^cloud:\/\/[^/]+\//, '');
  expect(db().collection('_rt_files').get(privatePath)).not.toBeNull();

  const audits = () => db().collection('auditLog').count({ action: 'claim.file.view', 'subject.id': fileId });
  const url = await a.client.call('claim.fileUrl', { claimId, fileId });
  expect(new Date(url.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);
  const got = await fetch(url.url);
  expect(got.status).toBe(200);
  expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
  expect(audits()).toBe(1);
  expect(db().collection('auditLog').find({ 'subject.id': fileId })[0]).toMatchObject({
    actorId: a.userId,
    detail: { claimId, as: 'worker' },
  });

  expect(await b.client.try('claim.fileUrl', { claimId, fileId })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_FOUND' },
  });
  const bClaim = await draftWithStay(b);
  expect(await b.client.try('claim.fileUrl', { claimId: bClaim, fileId })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.FILE_NOT_FOUND' },
  });
  expect(await b.client.try('claim.removeFile', { claimId: bClaim, fileId })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.FILE_NOT_FOUND' },
  });
  expect(audits()).toBe(1);

  const removed = await a.client.call('claim.removeFile', { claimId, fileId });
  expect(removed.missing.map((m) => m.materialId)).toEqual([
    'admission_discharge_record',
    'settlement_invoice',
  ]);
  expect(db().collection('claimFiles').get(fileId)).toBeNull();
  expect(db().collection('_rt_files').get(privatePath)).toBeNull();
  expect(db().collection('claims').get(claimId).fileCount).toBe(0);
});
