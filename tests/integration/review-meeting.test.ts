/**
 * The quarterly critical-illness appraisal meeting (每季度末组织一次重大疾病鉴定会) through the real
 * functions: referral, the agenda, recusals (same unit, related by an authorisation), votes,
 * the outcome by the program's rule, and the minutes.
 */
import ExcelJS from 'exceljs';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { startApp, type TestApp } from '../helpers/app';
import { claimant } from '../helpers/claims';
import { centreReviewer, districtReviewer, fileClaim, officer } from '../helpers/review';

jest.setTimeout(180_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const claimDoc = (id: string) => app.runtime.db.collection('claims').get(id);
const critical = (category = 'listed') => ({
  kind: 'fixed_grant' as const,
  category,
  diagnosedOn: '2024-04-02',
  firstDiagnosis: true,
  hospital: '常州市第一人民医院',
  hospitalLevel: 'level3' as const,
});

test('referral, agenda with recusals, votes by the rule, outcomes applied, minutes', async () => {
  const rv = await districtReviewer(app);
  const w1 = await claimant(app, '周一');
  const w2 = await claimant(app, '吴二');
  const relative = await centreReviewer(app, '亲属委员');
  const { code } = await w2.client.call('claim.grantAuthorisation', {
    enrollmentId: w2.enrollmentId,
    to: 'family',
  });
  await relative.client.call('claim.acceptAuthorisation', { code: code! });
  const c1 = await fileClaim(app, w1, 'critical_illness', critical());
  const c2 = await fileClaim(app, w2, 'critical_illness', critical());

  await rv.client.call('review.assign', { claimId: c1.id });
  expect(await rv.client.try('review.approve', { claimId: c1.id, amountFen: 500_000 })).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.MEETING_DECIDES' },
  });
  const referred = await rv.client.call('review.refer', { claimId: c1.id });
  expect(referred).toMatchObject({ status: 'appraisal', decidedByMeeting: true });
  await rv.client.call('review.assign', { claimId: c2.id });
  await rv.client.call('review.refer', { claimId: c2.id });

  const convener = await centreReviewer(app, '召集人');
  const m1 = await centreReviewer(app, '委员甲');
  const m2 = await centreReviewer(app, '委员乙');
  const sameUnit = await officer(app, [{ role: 'unit_officer', orgId: DEMO.unit }], '同单位');
  const quarter = c1.reviewBatch!.key;
  const memberIds = [m1.userId, m2.userId, relative.userId, sameUnit.userId, convener.userId];
  const meeting = await convener.client.call('review.meetingCreate', {
    orgId: DEMO.city,
    programId: 'wujin-2024',
    benefitId: 'critical_illness',
    quarter,
    heldOn: '2024-06-28',
    memberIds,
  });
  expect(meeting.agenda.map((a) => a.claimId).sort()).toEqual([c1.id, c2.id].sort());
  const item = (id: string) => meeting.agenda.find((a) => a.claimId === id)!;
  expect(item(c1.id).recused.map((r) => [r.userId, r.reason])).toEqual([
    [sameUnit.userId, '与申请人同一单位'],
  ]);
  expect(
    item(c2.id)
      .recused.map((r) => r.userId)
      .sort(),
  ).toEqual([relative.userId, sameUnit.userId].sort());
  expect(item(c1.id).proposedFen).toBe(500_000);

  const vote = (
    who: typeof m1,
    claimId: string,
    v: 'approve' | 'reject' | 'abstain',
    memberId = who.userId,
  ) => who.client.try('review.meetingVote', { meetingId: meeting.id, claimId, memberId, vote: v });
  expect(await vote(sameUnit, c1.id, 'approve')).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.MEMBER_RECUSED' },
  });
  expect(await vote(relative, c2.id, 'approve')).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.MEMBER_RECUSED' },
  });
  expect(await vote(m1, c1.id, 'approve', m2.userId)).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.FORBIDDEN' },
  });
  await vote(m1, c1.id, 'approve');
  await vote(m2, c1.id, 'approve');
  await vote(relative, c1.id, 'reject');
  // The convener records a member's vote (a paper meeting).
  await vote(convener, c2.id, 'reject', m1.userId);
  await vote(m2, c2.id, 'reject');
  const after = await convener.client.call('review.meetingGet', { meetingId: meeting.id });
  expect(after.agenda.find((a) => a.claimId === c1.id)).toMatchObject({
    outcome: 'approved',
    tally: expect.stringContaining('赞成 2'),
  });
  // Two votes on c2: short of the quorum of 3, undecided so far.
  expect(after.agenda.find((a) => a.claimId === c2.id)?.outcome).toBe('undecided');
  await vote(convener, c2.id, 'approve');

  const closed = await convener.client.call('review.meetingClose', { meetingId: meeting.id });
  expect(closed.status).toBe('closed');
  expect(claimDoc(c1.id)).toMatchObject({ status: 'approved', decision: { amountFen: 500_000 } });
  expect(claimDoc(c2.id)).toMatchObject({ status: 'rejected', decision: { reasonCode: 'MEETING_REJECTED' } });
  expect(await vote(m1, c1.id, 'reject')).toMatchObject({
    ok: false,
    error: { code: 'REVIEW.MEETING_CLOSED' },
  });

  const minutes = await convener.client.call('review.meetingMinutes', { meetingId: meeting.id });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await (await fetch(minutes.url)).arrayBuffer()) as never);
  const text: string[] = [];
  wb.worksheets[0]!.eachRow((r) => text.push((r.values as unknown[]).join('|')));
  expect(text.join('\n')).toContain('回避（与申请人同一单位）');
  expect(text.join('\n')).toContain('同意');

  // No meeting without referred claims.
  expect(
    await convener.client.try('review.meetingCreate', {
      orgId: DEMO.city,
      programId: 'wujin-2024',
      benefitId: 'critical_illness',
      quarter: '2023Q1',
      heldOn: '2023-03-30',
      memberIds,
    }),
  ).toMatchObject({ ok: false, error: { code: 'REVIEW.EMPTY_AGENDA' } });
});
