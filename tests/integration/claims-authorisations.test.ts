/**
 * Filing on someone's behalf: a family member through a one-time code the worker passes on, or
 * the worker's unit officer; every step records who acted; a revocation stops it at once.
 */
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { smsSignIn, startApp, type TestApp } from '../helpers/app';
import { claimant, files, hospitalFacts, putStaged, stay, upload } from '../helpers/claims';

jest.setTimeout(120_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
let personSeq = 0;

/** A registered person with no enrolment (e.g. the worker's daughter). */
async function person(name = '孙小梅') {
  const n = 300 + personSeq++;
  const { client, phoneCode, openid } = await smsSignIn(app, `137${String(10_000_000 + n).slice(-8)}`);
  await client.call('user.register', { name, idNumber: demoIdNumber('1999-02-03', n, 'female'), phoneCode });
  return { client, openid, userId: userIdFor(openid) };
}

test('a family member accepts a one-time code, files and adds material; the worker sees who did what', async () => {
  const w = await claimant(app, '孙丽华');
  const family = await person();
  const granted = await w.client.call('claim.grantAuthorisation', {
    enrollmentId: w.enrollmentId,
    to: 'family',
  });
  expect(granted.code).toMatch(/^[0-9A-Z]{10}$/);
  expect(granted.authorisation).toMatchObject({
    kind: 'family',
    status: 'pending',
    statusLabel: '待对方确认',
  });
  // Only a hash of the code is stored.
  expect(JSON.stringify(db().collection('authorisations').get(granted.authorisation.id))).not.toContain(
    granted.code,
  );

  // Before accepting, the family member reaches nothing.
  expect(await family.client.try('claim.list', { enrollmentId: w.enrollmentId })).toMatchObject({
    ok: false,
    error: { code: 'ENROLL.NOT_FOUND' },
  });
  const accepted = await family.client.call('claim.acceptAuthorisation', {
    code: granted.code!.toLowerCase(),
  });
  expect(accepted).toMatchObject({ status: 'active', workerName: '孙*华', enrollmentId: w.enrollmentId });
  // The code works once.
  const other = await person('钱多多');
  expect(await other.client.try('claim.acceptAuthorisation', { code: granted.code! })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.INVALID_AUTH_CODE' },
  });
  expect((await family.client.call('claim.authorisations', {})).received).toEqual([
    expect.objectContaining({ id: granted.authorisation.id, status: 'active' }),
  ]);

  const draft = await family.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay({ settlement: 'none', invoiceNo: 'FAM-0001', selfPaidFen: 2_000_000 })),
  });
  expect(draft).toMatchObject({
    actingAs: 'family',
    workerName: '孙*华',
    filedBy: { role: 'family', name: '孙*梅', isYou: true },
  });
  for (const m of draft.missing)
    await upload(app, family.client, draft.id, m.materialId, files.jpeg(), m.stayIndex);
  const { claim } = await family.client.call('claim.submit', { claimId: draft.id });
  expect(claim.status).toBe('submitted');
  // Withdrawing is the worker's own decision.
  expect(await family.client.try('claim.withdraw', { claimId: draft.id })).toMatchObject({
    ok: false,
    status: 403,
    error: { code: 'CLAIM.FORBIDDEN' },
  });

  // The worker sees the claim, who filed it and who acted at each step.
  expect((await w.client.call('claim.mine', {})).items).toEqual([
    expect.objectContaining({ id: draft.id, filedBy: { role: 'family', name: '孙*梅', isYou: false } }),
  ]);
  const seen = await w.client.call('claim.get', { claimId: draft.id });
  expect(seen.actingAs).toBe('worker');
  expect(seen.timeline.map((t) => [t.action, t.actor.role])).toEqual([
    ['created', 'family'],
    ['file_added', 'family'],
    ['file_added', 'family'],
    ['submitted', 'family'],
  ]);
  expect(seen.checklist.flatMap((i) => i.files).every((f) => f.uploadedBy.role === 'family')).toBe(true);
  expect((await w.client.call('claim.authorisations', {})).granted).toEqual([
    expect.objectContaining({ kind: 'family', status: 'active', granteeName: '孙*梅' }),
  ]);
  // The family member cannot pass the authority on.
  expect(
    await family.client.try('claim.grantAuthorisation', { enrollmentId: w.enrollmentId, to: 'family' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'ENROLL.NOT_FOUND' },
  });
});

test('a revoked authorisation stops working at once: reads, new drafts, tickets and attaching', async () => {
  const w = await claimant(app);
  const family = await person();
  const { authorisation, code } = await w.client.call('claim.grantAuthorisation', {
    enrollmentId: w.enrollmentId,
    to: 'family',
  });
  await family.client.call('claim.acceptAuthorisation', { code: code! });
  const draft = await family.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  const ticket = await family.client.call('claim.uploadTicket', { claimId: draft.id, materialId: 'other' });
  const fileID = await putStaged(family.client, ticket.cloudPath, files.jpeg());

  const revoked = await w.client.call('claim.revokeAuthorisation', { authorisationId: authorisation.id });
  expect(revoked).toMatchObject({ status: 'revoked', statusLabel: '已撤销' });
  for (const res of [
    await family.client.try('claim.get', { claimId: draft.id }),
    await family.client.try('claim.attachFile', { claimId: draft.id, ticketId: ticket.ticketId, fileID }),
    await family.client.try('claim.uploadTicket', { claimId: draft.id, materialId: 'other' }),
    await family.client.try('claim.submit', { claimId: draft.id }),
  ])
    expect(res).toMatchObject({ ok: false, error: { code: 'CLAIM.NOT_FOUND' } });
  expect(
    await family.client.try('claim.create', { enrollmentId: w.enrollmentId, benefitId: 'hospitalisation' }),
  ).toMatchObject({ ok: false, error: { code: 'ENROLL.NOT_FOUND' } });
  expect(db().collection('claimFiles').count({ claimId: draft.id })).toBe(0);
  // The worker's draft is untouched and theirs to continue.
  expect(await w.client.call('claim.get', { claimId: draft.id })).toMatchObject({
    status: 'draft',
    actingAs: 'worker',
  });
  // Only the worker revokes their own authorisations.
  expect(
    await family.client.try('claim.revokeAuthorisation', { authorisationId: authorisation.id }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.AUTH_NOT_FOUND' },
  });
});

test('codes: not one’s own, expired ones refused, guessing rate-limited', async () => {
  const w = await claimant(app);
  const { code, authorisation } = await w.client.call('claim.grantAuthorisation', {
    enrollmentId: w.enrollmentId,
    to: 'family',
  });
  expect(await w.client.try('claim.acceptAuthorisation', { code: code! })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.AUTH_SELF' },
  });
  const late = await person();
  db()
    .collection('authorisations')
    .update({ _id: authorisation.id }, { $set: { codeExpiresAt: new Date(Date.now() - 1000) } });
  expect(await late.client.try('claim.acceptAuthorisation', { code: code! })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.INVALID_AUTH_CODE' },
  });
  expect(db().collection('authorisations').get(authorisation.id)).toMatchObject({ status: 'expired' });
  expect(db().collection('authorisations').get(authorisation.id).codeHash).toBeUndefined();

  const guesser = await person();
  const results = [];
  for (let i = 0; i < 11; i++)
    results.push(
      await guesser.client.try('claim.acceptAuthorisation', {
        code: `ABCDEFGH${String(i).padStart(2, '2')}`,
      }),
    );
  expect(results.slice(0, 10).every((r) => !r.ok && r.error.code === 'CLAIM.INVALID_AUTH_CODE')).toBe(true);
  expect(results[10]).toMatchObject({ ok: false, status: 429, error: { code: 'CLAIM.RATE_LIMITED' } });
});

test('the unit officer files only once the worker authorised the unit, and only for their own unit', async () => {
  const w = await claimant(app);
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  const officer = await app.as(DEMO.unitOfficer);
  expect(await officer.try('claim.get', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_FOUND' },
  });

  const { authorisation } = await w.client.call('claim.grantAuthorisation', {
    enrollmentId: w.enrollmentId,
    to: 'unit_officer',
  });
  expect(authorisation).toMatchObject({
    kind: 'unit_officer',
    status: 'active',
    granteeName: expect.stringContaining('高新区'),
  });
  // Granting again returns the same authorisation.
  expect(
    (await w.client.call('claim.grantAuthorisation', { enrollmentId: w.enrollmentId, to: 'unit_officer' }))
      .authorisation.id,
  ).toBe(authorisation.id);
  expect(await officer.call('claim.get', { claimId: draft.id })).toMatchObject({ actingAs: 'unit_officer' });
  expect((await officer.call('claim.authorisations', {})).received).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: authorisation.id, kind: 'unit_officer' })]),
  );
  const filed = await officer.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'critical_illness',
  });
  expect(filed.filedBy).toMatchObject({ role: 'unit_officer', isYou: true });

  // An officer of another unit gets nothing from the authorisation.
  const elsewhere = await person('周强');
  db()
    .collection('users')
    .update({ _id: elsewhere.userId }, { $set: { grants: [{ role: 'unit_officer', orgId: 'unit_wj_02' }] } });
  expect(await elsewhere.client.try('claim.get', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_FOUND' },
  });

  await w.client.call('claim.revokeAuthorisation', { authorisationId: authorisation.id });
  expect(await officer.try('claim.get', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_FOUND' },
  });
});

test("an upload ticket is its caller's: the family member cannot attach with the worker's ticket", async () => {
  const w = await claimant(app);
  const family = await person();
  const { code } = await w.client.call('claim.grantAuthorisation', {
    enrollmentId: w.enrollmentId,
    to: 'family',
  });
  await family.client.call('claim.acceptAuthorisation', { code: code! });
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  const ticket = await w.client.call('claim.uploadTicket', { claimId: draft.id, materialId: 'other' });
  const fileID = await putStaged(w.client, ticket.cloudPath, files.jpeg());
  expect(
    await family.client.try('claim.attachFile', { claimId: draft.id, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({ ok: false, error: { code: 'CLAIM.TICKET_INVALID' } });
  expect(
    await w.client.call('claim.attachFile', { claimId: draft.id, ticketId: ticket.ticketId, fileID }),
  ).toMatchObject({
    file: { uploadedBy: { role: 'worker' } },
  });
});
