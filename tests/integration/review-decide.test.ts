/**
 * The reviewer's work on a claim through the real functions: queues scoped to the subtree,
 * taking a claim (one reviewer at a time), approving the calculator's amount (or another with a
 * reason), rejecting with a reason code, asking for material, correcting facts, and who may not.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, files, hospitalFacts, stay, upload } from '../helpers/claims';
import {
  approveAsProposed,
  auditOf,
  centreAdmin,
  districtReviewer,
  fileClaim,
  officer,
} from '../helpers/review';

jest.setTimeout(180_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const claimDoc = (id: string) => db().collection('claims').get(id);

describe('queues', () => {
  test("a submitted claim is in its district's queue with how long it waited, not in another district's", async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
    const { client: rv } = await districtReviewer(app);
    const page = await rv.call('review.queue', { orgId: DEMO.district, queue: 'centre_review' });
    const item = page.items.find((i) => i.id === claim.id);
    expect(item).toMatchObject({ status: 'submitted', waitedDays: 0, estimateFen: 100_000, flags: [] });
    expect(item?.reviewBatch?.key).toMatch(/^\d{4}-\d{2}$/);
    expect(claimDoc(claim.id).scope).toEqual([DEMO.province, DEMO.city, DEMO.district, DEMO.unit]);

    const { client: other } = await officer(app, [{ role: 'district_reviewer', orgId: DEMO.district2 }]);
    const theirs = await other.call('review.queue', { orgId: DEMO.district2 });
    expect(theirs.items.map((i) => i.id)).not.toContain(claim.id);
    const outside = await other.try('review.get', { claimId: claim.id });
    expect(outside).toMatchObject({ ok: false, status: 409, error: { code: 'REVIEW.OUTSIDE_SUBTREE' } });
    const notTheirOrg = await other.try('review.queue', { orgId: DEMO.district });
    expect(notTheirOrg).toMatchObject({ ok: false, error: { code: 'REVIEW.OUTSIDE_SUBTREE' } });
    const assign = await other.try('review.assign', { claimId: claim.id });
    expect(assign).toMatchObject({ ok: false, error: { code: 'REVIEW.OUTSIDE_SUBTREE' } });
    expect(claimDoc(claim.id).version).toBe(item!.version);
  });
});

describe('taking a claim', () => {
  test('two reviewers racing for the same claim: one wins, the other is told who holds it', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
    const a = await districtReviewer(app, '甲审核');
    const b = await districtReviewer(app, '乙审核');
    const results = await Promise.all([
      a.client.try('review.assign', { claimId: claim.id }),
      b.client.try('review.assign', { claimId: claim.id }),
    ]);
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({
      error: { code: expect.stringMatching(/^(REVIEW.HELD_BY_OTHER|CLAIM.BUSY)$/) },
    });
    const doc = claimDoc(claim.id);
    expect(doc.status).toBe('centre_review');
    expect(auditOf(app, claim.id).filter((e) => e.action === 'review.assign')).toHaveLength(1);

    // The loser cannot decide it, nor take it again.
    const loser = results[0]!.ok ? b : a;
    const again = await loser.client.try('review.assign', { claimId: claim.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'REVIEW.HELD_BY_OTHER' } });
    const decide = await loser.client.try('review.approve', { claimId: claim.id, amountFen: 100_000 });
    expect(decide).toMatchObject({ ok: false, error: { code: 'REVIEW.HELD_BY_OTHER' } });
    expect(claimDoc(claim.id).version).toBe(doc.version);
  });

  test('a claim must be taken before it is decided; release puts it back; an admin reassigns', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
    const a = await districtReviewer(app);
    const b = await districtReviewer(app);
    expect(await a.client.try('review.approve', { claimId: claim.id, amountFen: 100_000 })).toMatchObject({
      ok: false,
      error: { code: 'REVIEW.NOT_ASSIGNED' },
    });
    await a.client.call('review.assign', { claimId: claim.id });
    const released = await a.client.call('review.release', { claimId: claim.id });
    expect(released.status).toBe('submitted');
    expect(released.assignee).toBeUndefined();
    await a.client.call('review.assign', { claimId: claim.id });
    const admin = await centreAdmin(app);
    const moved = await admin.client.call('review.reassign', {
      claimId: claim.id,
      toUserId: b.userId,
      reason: '甲休假',
    });
    expect(moved.assignee).toMatchObject({ isYou: false });
    const view = await b.client.call('review.get', { claimId: claim.id });
    expect(view).toMatchObject({ canDecide: true, assignee: { isYou: true } });
    // A unit officer is no reviewer: cannot be handed a centre claim.
    const unitOfficer = await officer(app, [{ role: 'unit_officer', orgId: DEMO.unit }]);
    expect(
      await admin.client.try('review.reassign', {
        claimId: claim.id,
        toUserId: unitOfficer.userId,
        reason: '试试',
      }),
    ).toMatchObject({ ok: false, error: { code: 'REVIEW.ASSIGNEE_NOT_REVIEWER' } });
  });
});

describe('deciding', () => {
  test("approving the calculator's amount; a different amount needs a recorded reason", async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
    const { client: rv } = await districtReviewer(app);
    const taken = await rv.call('review.assign', { claimId: claim.id });
    expect(taken.proposal).toMatchObject({ amountFen: 100_000 });
    expect(taken.canDecide).toBe(true);
    const before = claimDoc(claim.id).version;

    const noReason = await rv.try('review.approve', { claimId: claim.id, amountFen: 120_000 });
    expect(noReason).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'REVIEW.AMOUNT_REASON_REQUIRED', field: 'payload.reason' },
    });
    expect(claimDoc(claim.id)).toMatchObject({ version: before, status: 'centre_review' });
    expect(auditOf(app, claim.id).map((e) => e.action)).not.toContain('review.approve');

    const ok = await rv.call('review.approve', {
      claimId: claim.id,
      amountFen: 120_000,
      reason: '核实票据后调整',
    });
    expect(ok).toMatchObject({
      status: 'approved',
      decision: { amountFen: 120_000, proposedFen: 100_000, reason: '核实票据后调整' },
    });
    const doc = claimDoc(claim.id);
    expect(doc.payoutDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc.assignee).toBeUndefined();
    expect(auditOf(app, claim.id).find((e) => e.action === 'review.approve')?.detail).toMatchObject({
      amountFen: 120_000,
      proposedFen: 100_000,
    });
    const msg = db().collection('outbox').find({ claimId: claim.id, kind: 'claim_status' });
    expect(msg.map((m: { data: { status: string } }) => m.data.status)).toContain('审核通过');
    // The worker sees the decision.
    const mine = await w.client.call('claim.get', { claimId: claim.id });
    expect(mine).toMatchObject({ status: 'approved', decidedFen: 120_000 });
  });

  test('a double tap on approve decides once (one audit entry, one message); a refusal opens nothing', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
    const { client: rv } = await districtReviewer(app);
    const taken = await rv.call('review.assign', { claimId: claim.id });
    const traces: string[][] = [];
    const stop = app.runtime.observeInvocations((r) => {
      if (r.functionName === 'review' && r.action === 'approve') traces.push(r.calls.trace);
    });
    try {
      // Refused after the reads: nothing written, no transaction opened.
      expect(await rv.try('review.approve', { claimId: claim.id, amountFen: 1 })).toMatchObject({
        ok: false,
        error: { code: 'REVIEW.AMOUNT_REASON_REQUIRED' },
      });
      expect(traces[0]!.filter((t) => /Transaction|insertDocument|modifyDocument/.test(t))).toEqual([]);
      const amountFen = taken.proposal.amountFen;
      const taps = await Promise.all(
        [1, 2].map(() => rv.try('review.approve', { claimId: claim.id, amountFen })),
      );
      expect(taps.filter((t) => t.ok)).toHaveLength(1);
      expect(taps.find((t) => !t.ok)).toMatchObject({
        error: { code: expect.stringMatching(/^(CLAIM\.BUSY|REVIEW\.WRONG_STAGE)$/) },
      });
    } finally {
      stop();
    }
    expect(claimDoc(claim.id).status).toBe('approved');
    expect(auditOf(app, claim.id).filter((e) => e.action === 'review.approve')).toHaveLength(1);
    const told = db().collection('outbox').find({ claimId: claim.id, kind: 'claim_status' });
    expect(told.filter((m: { data: { status: string } }) => m.data.status === '审核通过')).toHaveLength(1);
  });

  test('a second hospital claim after the first was approved pays the difference, through approve', async () => {
    const w = await claimant(app);
    const { client: rv } = await districtReviewer(app);
    const first = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
    await approveAsProposed(rv, first.id);
    const second = await fileClaim(
      app,
      w,
      'hospitalisation',
      hospitalFacts(stay({ admittedOn: '2024-08-01', dischargedOn: '2024-08-06', selfPaidFen: 400_000 })),
    );
    const taken = await rv.call('review.assign', { claimId: second.id });
    expect(taken.proposal).toMatchObject({
      amountFen: 50_000,
      entitlementFen: 150_000,
      alreadyPaidFen: 100_000,
    });
    expect(taken.history.map((h) => h.claimId)).toContain(first.id);
    const done = await rv.call('review.approve', { claimId: second.id, amountFen: 50_000 });
    expect(done.decision).toMatchObject({ amountFen: 50_000, proposedFen: 50_000 });
  });

  test('a reviewer cannot decide their own claim, nor one they filed under an authorisation', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
    // The worker is also a district reviewer.
    db()
      .collection('users')
      .update({ _id: w.userId }, { $set: { grants: [{ role: 'district_reviewer', orgId: DEMO.district }] } });
    const own = await w.client.try('review.assign', { claimId: claim.id });
    expect(own).toMatchObject({ ok: false, error: { code: 'REVIEW.CONFLICT_OF_INTEREST' } });
    const view = await w.client.call('review.get', { claimId: claim.id });
    expect(view).toMatchObject({ canDecide: false, cannotDecideReason: '这是您本人的申请' });

    // A family member holding the worker's authorisation, who is a reviewer too.
    const w2 = await claimant(app);
    const { code } = await w2.client.call('claim.grantAuthorisation', {
      enrollmentId: w2.enrollmentId,
      to: 'family',
    });
    const relative = await districtReviewer(app, '亲属');
    await relative.client.call('claim.acceptAuthorisation', { code: code! });
    const c2 = await fileClaim(app, w2, 'hospitalisation', hospitalFacts(stay()));
    expect(await relative.client.try('review.assign', { claimId: c2.id })).toMatchObject({
      ok: false,
      error: { code: 'REVIEW.CONFLICT_OF_INTEREST' },
    });
    expect(claimDoc(c2.id).status).toBe('submitted');
  });

  test('reject with a reason from the program, or the refusal of an unknown one', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
    const { client: rv } = await districtReviewer(app);
    const taken = await rv.call('review.assign', { claimId: claim.id });
    expect(taken.rejectReasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['OUTSIDE_COVERAGE', 'EXCLUSION:FRAUD']),
    );
    expect(
      await rv.try('review.reject', { claimId: claim.id, reasonCode: 'NOPE', note: '无' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'REVIEW.UNKNOWN_REASON' },
    });
    const done = await rv.call('review.reject', {
      claimId: claim.id,
      reasonCode: 'EXCLUSION:BED_WITHOUT_STAY',
      note: '经调查挂床',
    });
    expect(done).toMatchObject({
      status: 'rejected',
      decision: { amountFen: 0, reasonCode: 'EXCLUSION:BED_WITHOUT_STAY' },
    });
  });

  test('asking for specific material: the worker is told what, adds it and the claim returns to the queue', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(
      app,
      w,
      'hospitalisation',
      hospitalFacts(stay({ settlement: 'none', invoiceNo: `FP${Date.now()}` })),
    );
    const { client: rv } = await districtReviewer(app);
    await rv.call('review.assign', { claimId: claim.id });
    expect(
      await rv.try('review.requestMaterial', {
        claimId: claim.id,
        note: '请补充',
        items: [{ materialId: 'no_such' }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'REVIEW.BAD_MATERIAL' } });
    const asked = await rv.call('review.requestMaterial', {
      claimId: claim.id,
      note: '票据不清晰',
      items: [{ materialId: 'settlement_invoice', stayIndex: 0, note: '请重新拍摄' }],
    });
    expect(asked).toMatchObject({ status: 'needs_material', materialRequest: { note: '票据不清晰' } });
    const seen = await w.client.call('claim.get', { claimId: claim.id });
    expect(seen.missing).toEqual([
      expect.objectContaining({
        materialId: 'settlement_invoice',
        stayIndex: 0,
        label: '第1次住院的本次住院的结算票据',
        note: '请重新拍摄',
      }),
    ]);
    const res = await upload(app, w.client, claim.id, 'settlement_invoice', files.jpeg(), 0);
    expect(res.ok).toBe(true);
    await w.client.call('claim.resubmit', { claimId: claim.id });
    const back = await rv.call('review.queue', { orgId: DEMO.district, status: 'submitted' });
    expect(back.items.map((i) => i.id)).toContain(claim.id);
  });

  test('correcting a fact re-runs the calculator and is recorded', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
    const { client: rv } = await districtReviewer(app);
    await rv.call('review.assign', { claimId: claim.id });
    const fixed = await rv.call('review.correctFacts', {
      claimId: claim.id,
      facts: hospitalFacts(stay({ selfPaidFen: 1_200_000 })),
      reason: '按医保结算单更正自理金额',
    });
    expect(fixed.proposal.amountFen).toBe(150_000);
    expect(fixed.timeline.at(-1)?.text).toContain('¥1,000.00 → ¥1,500.00');
    expect(auditOf(app, claim.id).find((e) => e.action === 'review.correct_facts')?.detail).toMatchObject({
      fields: ['stays.0.selfPaidFen'],
      beforeFen: 100_000,
      afterFen: 150_000,
    });
    await rv.call('review.approve', { claimId: claim.id, amountFen: 150_000 });
  });

  test('every photo full size through a short-lived URL, each view audited', async () => {
    const w = await claimant(app);
    const claim = await fileClaim(
      app,
      w,
      'hospitalisation',
      hospitalFacts(stay({ settlement: 'none', invoiceNo: `FQ${Date.now()}` })),
    );
    const { client: rv, userId } = await districtReviewer(app);
    const view = await rv.call('review.get', { claimId: claim.id });
    const fileId = view.checklist.flatMap((c) => c.files)[0]!.id;
    const { url } = await rv.call('review.fileUrl', { claimId: claim.id, fileId });
    expect(url).toMatch(/^http/);
    const views = auditOf(app, claim.id).filter((e) => e.action === 'review.file.view');
    expect(views).toEqual([expect.objectContaining({ actorId: userId })]);
  });
});

describe('bulk approval within a monthly batch', () => {
  test('preview gives the count and total; approving takes exactly that set, or is refused if it changed', async () => {
    const w = await claimant(app);
    const c1 = await fileClaim(
      app,
      w,
      'hospitalisation',
      hospitalFacts(stay({ admittedOn: '2024-04-01', dischargedOn: '2024-04-03', selfPaidFen: 600_000 })),
    );
    const batchKey = c1.reviewBatch!.key;
    const { client: rv } = await districtReviewer(app, '批量');
    const filter = { orgId: DEMO.district, programId: 'wujin-2024', benefitId: 'hospitalisation', batchKey };
    const preview = await rv.call('review.bulkPreview', filter);
    expect(preview.claimIds).toContain(c1.id);
    expect(preview.totalFen).toBeGreaterThanOrEqual(100_000);

    const w2 = await claimant(app);
    const c2 = await fileClaim(app, w2, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 500_000 })));
    const stale = await rv.try('review.bulkApprove', { ...filter, setHash: preview.setHash });
    expect(stale).toMatchObject({ ok: false, error: { code: 'REVIEW.SET_CHANGED' } });
    expect(claimDoc(c1.id).status).toBe('submitted');

    const again = await rv.call('review.bulkPreview', filter);
    expect(again.count).toBe(preview.count + 1);
    const done = await rv.call('review.bulkApprove', { ...filter, setHash: again.setHash });
    expect(done).toEqual({ approved: again.count, totalFen: again.totalFen });
    for (const id of [c1.id, c2.id])
      expect(claimDoc(id)).toMatchObject({ status: 'approved', decision: { amountFen: 100_000 } });
    expect(auditOf(app, c2.id).map((e) => e.action)).toContain('review.bulk_approve');
  });
});
