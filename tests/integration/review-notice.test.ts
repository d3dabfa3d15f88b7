/**
 * 公示 through the real functions: a batch's notice with masked names and IDs, public reading
 * without sign-in, objections inside the window (holding an unpaid payout, flagging a paid one for
 * recovery), resolution, the recovery states, and an objection outside the window refused.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import {
  approveAsProposed,
  centreAdmin,
  centreFinance,
  districtReviewer,
  fileClaim,
} from '../helpers/review';

jest.setTimeout(180_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const claimDoc = (id: string) => db().collection('claims').get(id);

test('notice, objections holding a payout and flagging a paid one, resolution, recovery', async () => {
  const rv = await districtReviewer(app);
  const fin = await centreFinance(app);
  const admin = await centreAdmin(app);
  const w1 = await claimant(app, '张小三');
  const w2 = await claimant(app, '欧阳小明');
  const c1 = await fileClaim(app, w1, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
  const c2 = await fileClaim(app, w2, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 600_000 })));
  await approveAsProposed(rv.client, c1.id);
  await approveAsProposed(rv.client, c2.id);
  const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  expect(await admin.client.try('review.noticePublish', { batchId: batch.id })).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.NOTICE_TOO_EARLY' },
  });
  await fin.client.call('review.batchFile', { batchId: batch.id });
  const notice = await admin.client.call('review.noticePublish', { batchId: batch.id });
  expect(notice.lines.map((l) => l.name).sort()).toEqual(['张*三', '欧**明'].sort());
  expect(notice.lines[0]).toMatchObject({
    idMasked: expect.stringMatching(/^32\*{14}\w{2}$/),
    unitName: expect.stringContaining('工会'),
  });
  expect(JSON.stringify(notice)).not.toMatch(/张小三|欧阳小明|320412/);
  expect(notice.objectionOpen).toBe(true);
  expect(await admin.client.try('review.noticePublish', { batchId: batch.id })).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.NOTICE_EXISTS' },
  });

  // Public: no sign-in needed to read and download.
  const anon = app.anonymous();
  const list = await anon.call('review.noticeList', {});
  expect(list.items.map((n) => n.id)).toContain(notice.id);
  const got = await anon.call('review.noticeGet', { noticeId: notice.id });
  expect(got.lines).toHaveLength(2);
  const file = await anon.call('review.noticeFile', { noticeId: notice.id });
  expect((await fetch(file.url)).status).toBe(200);
  // …but objecting needs a sign-in.
  expect(await anon.try('review.object', { noticeId: notice.id, lineNo: 1, reason: '不实' })).toMatchObject({
    ok: false,
    status: 401,
  });

  // A signed-in colleague objects to the unpaid line of w2: the payout is held.
  const line2 = notice.lines.find((l) => l.name === '欧**明')!.lineNo;
  const colleague = await claimant(app, '王同事');
  const ob = await colleague.client.call('review.object', {
    noticeId: notice.id,
    lineNo: line2,
    reason: '该职工当月未住院',
  });
  expect(claimDoc(c2.id)).toMatchObject({
    status: 'in_payout',
    hold: { objectionId: ob.objectionId },
    flags: expect.arrayContaining(['objection', 'held']),
  });
  const settled = await fin.client.call('review.batchSettle', { batchId: batch.id, failed: [] });
  expect(settled.items.find((i) => i.claimId === c2.id)?.status).toBe('held');
  expect(settled.items.find((i) => i.claimId === c1.id)?.status).toBe('paid');
  expect(claimDoc(c2.id).status).toBe('approved');
  // Held: not in the next batch, and nothing else to pay.
  expect(
    await fin.client.try('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.BATCH_EMPTY' },
  });
  const open = await admin.client.call('review.objections', { orgId: DEMO.city, status: 'open' });
  expect(open.items).toEqual([
    expect.objectContaining({ id: ob.objectionId, effect: 'held', claimId: c2.id }),
  ]);
  expect(JSON.stringify(open)).not.toContain(colleague.userId);
  const dismissed = await admin.client.call('review.resolveObjection', {
    objectionId: ob.objectionId,
    outcome: 'dismissed',
    note: '经核实住院属实',
  });
  expect(dismissed.status).toBe('dismissed');
  expect(claimDoc(c2.id).hold).toBeUndefined();
  expect(
    await admin.client.try('review.resolveObjection', {
      objectionId: ob.objectionId,
      outcome: 'upheld',
      note: '再改',
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.OBJECTION_RESOLVED' },
  });
  const next = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  expect(next.items.map((i) => i.claimId)).toEqual([c2.id]);

  // An objection to the paid line flags it for recovery; upheld → recovery → recovered.
  const line1 = notice.lines.find((l) => l.name === '张*三')!.lineNo;
  const ob2 = await colleague.client.call('review.object', {
    noticeId: notice.id,
    lineNo: line1,
    reason: '挂床未住院',
  });
  expect(claimDoc(c1.id)).toMatchObject({
    status: 'paid',
    flags: expect.arrayContaining(['recovery_review']),
  });
  await admin.client.call('review.resolveObjection', {
    objectionId: ob2.objectionId,
    outcome: 'upheld',
    note: '经调查属挂床',
  });
  expect(claimDoc(c1.id)).toMatchObject({
    status: 'recovery',
    recovery: { reasonCode: 'OBJECTION_UPHELD', amountFen: 100_000 },
  });
  const back = await admin.client.call('review.recordRecovered', { claimId: c1.id, note: '职工已退回' });
  expect(back.status).toBe('recovered');
  expect(
    back.timeline
      .map((t) => t.status)
      .filter(Boolean)
      .slice(-2),
  ).toEqual(['recovery', 'recovered']);
});

test('objecting outside the window is refused and writes nothing; a paid claim can be recovered for an exclusion', async () => {
  const rv = await districtReviewer(app);
  const fin = await centreFinance(app);
  const admin = await centreAdmin(app);
  const w = await claimant(app, '赵六');
  const c = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
  await approveAsProposed(rv.client, c.id);
  const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  await fin.client.call('review.batchFile', { batchId: batch.id });
  await fin.client.call('review.batchSettle', { batchId: batch.id, failed: [] });
  const notice = await admin.client.call('review.noticePublish', { batchId: batch.id });
  db()
    .collection('notices')
    .update({ _id: notice.id }, { $set: { publishedOn: '2024-01-02', objectionClosesOn: '2024-01-09' } });
  const someone = await claimant(app, '钱七');
  const before = claimDoc(c.id).version;
  const late = await someone.client.try('review.object', {
    noticeId: notice.id,
    lineNo: 1,
    reason: '有疑问',
  });
  expect(late).toMatchObject({ ok: false, status: 409, error: { code: 'REVIEW.OBJECTION_WINDOW_CLOSED' } });
  expect(db().collection('objections').count({ noticeId: notice.id })).toBe(0);
  expect(claimDoc(c.id).version).toBe(before);
  expect(
    await someone.client.try('review.object', { noticeId: 'nt_nope', lineNo: 1, reason: 'x' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.NOTICE_NOT_FOUND' },
  });

  // Recovery for an exclusion found later (the reviewer is not the centre: refused).
  expect(
    await rv.client.try('review.startRecovery', {
      claimId: c.id,
      reasonCode: 'EXCLUSION:FRAUD',
      note: '骗保',
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.FORBIDDEN' },
  });
  // The role is judged before the input: a reason the program lacks is still FORBIDDEN to them.
  expect(
    await rv.client.try('review.startRecovery', { claimId: c.id, reasonCode: 'NO_SUCH_REASON', note: 'x' }),
  ).toMatchObject({ ok: false, error: { code: 'REVIEW.FORBIDDEN' } });
  expect(
    await admin.client.try('review.startRecovery', {
      claimId: c.id,
      reasonCode: 'NO_SUCH_REASON',
      note: 'x',
    }),
  ).toMatchObject({ ok: false, error: { code: 'REVIEW.UNKNOWN_REASON', field: 'payload.reasonCode' } });
  const rec = await admin.client.call('review.startRecovery', {
    claimId: c.id,
    reasonCode: 'EXCLUSION:FRAUD',
    note: '经查伪造票据',
  });
  expect(rec.status).toBe('recovery');
  expect(
    await admin.client.try('review.startRecovery', {
      claimId: c.id,
      reasonCode: 'EXCLUSION:FRAUD',
      note: '再次',
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.NOT_PAID' },
  });
});
