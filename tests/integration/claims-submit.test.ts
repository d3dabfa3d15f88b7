/**
 * Submission and what follows: materials required by the program, duplicates flagged before
 * submitting and recorded for the reviewer, withdrawal, a material request and resubmission,
 * the timeline, the worker's messages (outbox → subscribe message) and the payout clock.
 */
import { startApp, type TestApp } from '../helpers/app';
import {
  claimant,
  decideDirectly,
  files,
  hospitalFacts,
  stay,
  upload,
  type Claimant,
} from '../helpers/claims';

jest.setTimeout(120_000);

let app: TestApp;
beforeAll(async () => {
  process.env.SUBSCRIBE_TEMPLATE_CLAIM = 'tmpl-claim-test';
  app = await startApp();
});
afterAll(async () => {
  delete process.env.SUBSCRIBE_TEMPLATE_CLAIM;
  await app?.close();
});

const db = () => app.runtime.db;

async function notSettledDraft(w: Claimant, invoiceNo: string) {
  return w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay({ settlement: 'none', invoiceNo, selfPaidFen: 2_000_000 })),
  });
}

async function uploadMissing(w: Claimant, claimId: string, bytes?: () => Buffer) {
  const view = await w.client.call('claim.get', { claimId });
  for (const m of view.missing) {
    const res = await upload(app, w.client, claimId, m.materialId, (bytes ?? files.jpeg)(), m.stayIndex);
    if (!res.ok) throw new Error(res.error.message);
  }
}

test('a stay not settled through insurance cannot be submitted without its records and invoice; then it can, once', async () => {
  const w = await claimant(app);
  const draft = await notSettledDraft(w, 'FP600001');
  expect(await w.client.try('claim.submit', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: {
      code: 'CLAIM.MATERIALS_MISSING',
      message:
        '请上传：出入院记录（第1次住院（2024-03-10出院））；本次住院的结算票据（第1次住院（2024-03-10出院））',
    },
  });
  await uploadMissing(w, draft.id);
  const est = await w.client.call('claim.estimate', { claimId: draft.id });
  expect(est).toMatchObject({ missing: [], duplicates: [], subscribeTemplateIds: ['tmpl-claim-test'] });
  const { claim, subscribeTemplateIds } = await w.client.call('claim.submit', { claimId: draft.id });
  expect(subscribeTemplateIds).toEqual(['tmpl-claim-test']);
  expect(claim).toMatchObject({
    status: 'submitted',
    statusLabel: '已提交',
    queue: 'centre_review',
    canEdit: false,
    canWithdraw: true,
    reviewBatch: { label: expect.stringMatching(/^\d{4}年\d{1,2}月复核批次$/) },
  });
  expect(claim.timeline.map((t) => t.action)).toEqual(['created', 'file_added', 'file_added', 'submitted']);
  expect(claim.timeline[3]).toMatchObject({ status: 'submitted', actor: { role: 'worker', isYou: true } });
  // Once: no second submission, no edits, no removal of submitted files.
  expect(await w.client.try('claim.submit', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_EDITABLE' },
  });
  expect(
    await w.client.try('claim.update', { claimId: draft.id, facts: hospitalFacts(stay()) }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_EDITABLE' },
  });
  const fileId = claim.checklist[0].files[0].id;
  expect(await w.client.try('claim.removeFile', { claimId: draft.id, fileId })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_EDITABLE' },
  });
  expect(await w.client.try('claim.uploadTicket', { claimId: draft.id, materialId: 'other' })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_EDITABLE' },
  });
  // The worker's message, queued with the change, sent by the timers with the claim template.
  expect(db().collection('outbox').find({ claimId: draft.id })).toEqual([
    expect.objectContaining({
      kind: 'claim_status',
      userId: w.userId,
      status: 'pending',
      data: expect.objectContaining({ status: '已提交' }),
    }),
  ]);
  await app.runtime.runTimer('timers');
  expect(db().collection('outbox').find({ claimId: draft.id })[0]).toMatchObject({ status: 'sent' });
  expect(db().collection('_rt_messages').find({ touser: w.openid, templateId: 'tmpl-claim-test' })).toEqual([
    expect.objectContaining({
      page: `packageClaim/pages/detail/index?id=${draft.id}`,
      data: expect.objectContaining({
        thing1: { value: '住院医疗费用补助金' },
        phrase2: { value: '已提交' },
      }),
    }),
  ]);
});

test('several taps at once file the claim once with one message; a refused submit writes nothing', async () => {
  const w = await claimant(app);
  const draft = await notSettledDraft(w, 'FP600002');
  const calls: { ok: boolean; trace: string[] }[] = [];
  const stop = app.runtime.observeInvocations((r) => {
    if (r.functionName === 'claim' && r.action === 'submit') calls.push({ ok: r.ok, trace: r.calls.trace });
  });
  try {
    // Refused after the reads (materials missing): nothing written, no transaction opened.
    expect(await w.client.try('claim.submit', { claimId: draft.id })).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.MATERIALS_MISSING' },
    });
    const [refused] = calls;
    expect(refused!.trace.filter((t) => /Transaction|insertDocument|modifyDocument/.test(t))).toEqual([]);

    await uploadMissing(w, draft.id);
    const taps = await Promise.all(
      [1, 2, 3].map(() => w.client.try('claim.submit', { claimId: draft.id, confirmDuplicates: true })),
    );
    expect(taps.filter((t) => t.ok)).toHaveLength(1);
    for (const t of taps.filter((t) => !t.ok))
      expect(t).toMatchObject({ error: { code: expect.stringMatching(/^CLAIM\.(BUSY|NOT_EDITABLE)$/) } });
  } finally {
    stop();
  }
  const doc = db().collection('claims').get(draft.id);
  expect(doc.status).toBe('submitted');
  expect(doc.timeline.filter((e: { action: string }) => e.action === 'submitted')).toHaveLength(1);
  expect(db().collection('outbox').count({ claimId: draft.id, kind: 'claim_status' })).toBe(1);
});

test('the same image or the same invoice number in another claim: flagged before submitting, confirmed, recorded', async () => {
  const a = await claimant(app);
  const b = await claimant(app);
  const photo = files.jpeg();
  const first = await notSettledDraft(a, 'DUP-2024-77');
  await upload(app, a.client, first.id, 'admission_discharge_record', photo, 0);
  await uploadMissing(a, first.id);
  await a.client.call('claim.submit', { claimId: first.id });

  // Another worker reuses the photo and the invoice number.
  const second = await notSettledDraft(b, 'dup-2024-77');
  const att = await upload(app, b.client, second.id, 'admission_discharge_record', photo, 0);
  expect(att).toMatchObject({ ok: true, data: { file: { duplicate: true } } });
  await uploadMissing(b, second.id);
  const est = await b.client.call('claim.estimate', { claimId: second.id });
  expect(est.duplicates).toEqual([
    expect.objectContaining({
      kind: 'image',
      ownClaim: false,
      text: '该图片已在其他申请中使用过，审核人员会核对',
    }),
    expect.objectContaining({ kind: 'invoice', stayIndex: 0, ownClaim: false }),
  ]);
  expect(JSON.stringify(est)).not.toContain(first.id);
  expect(await b.client.try('claim.submit', { claimId: second.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.DUPLICATES_UNCONFIRMED', field: 'payload.confirmDuplicates' },
  });
  expect(db().collection('claims').get(second.id).status).toBe('draft');
  const { claim } = await b.client.call('claim.submit', { claimId: second.id, confirmDuplicates: true });
  expect(claim.duplicates).toHaveLength(2);
  expect(JSON.stringify(claim)).not.toContain(first.id);
  // For the reviewer: the other claim is named on the stored claim.
  expect(db().collection('claims').get(second.id).duplicates).toEqual([
    expect.objectContaining({ kind: 'image', otherClaimIds: [first.id], ownClaim: false }),
    expect.objectContaining({ kind: 'invoice', stayIndex: 0, otherClaimIds: [first.id], ownClaim: false }),
  ]);
  // Someone else's claim holds it too: not only the worker's own.
  const again = await notSettledDraft(a, 'DUP-2024-77');
  expect((await a.client.call('claim.estimate', { claimId: again.id })).duplicates).toEqual([
    expect.objectContaining({ kind: 'invoice', ownClaim: false }),
  ]);
  // An invoice only in the worker's own other claim says so.
  const mineFirst = await notSettledDraft(a, 'OWN-2024-01');
  await uploadMissing(a, mineFirst.id);
  await a.client.call('claim.submit', { claimId: mineFirst.id });
  const mineAgain = await notSettledDraft(a, 'OWN-2024-01');
  expect((await a.client.call('claim.estimate', { claimId: mineAgain.id })).duplicates).toEqual([
    expect.objectContaining({
      kind: 'invoice',
      ownClaim: true,
      text: expect.stringContaining('您的另一件申请'),
    }),
  ]);
});

test('the worker withdraws before review, not after; the change is on the timeline and told', async () => {
  const w = await claimant(app);
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  await w.client.call('claim.submit', { claimId: draft.id });
  const withdrawn = await w.client.call('claim.withdraw', { claimId: draft.id, reason: '信息填错' });
  expect(withdrawn).toMatchObject({ status: 'withdrawn', canWithdraw: false });
  expect(withdrawn.timeline.at(-1)).toMatchObject({
    action: 'withdrawn',
    text: '撤回申请：信息填错',
    status: 'withdrawn',
  });
  expect(await w.client.try('claim.withdraw', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_WITHDRAWABLE' },
  });
  expect(db().collection('outbox').count({ claimId: draft.id })).toBe(2);

  const other = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay({ admittedOn: '2024-10-01', dischargedOn: '2024-10-03' })),
  });
  await w.client.call('claim.submit', { claimId: other.id });
  // An officer opened it (the review function's move, written directly until it exists).
  db()
    .collection('claims')
    .update({ _id: other.id }, { $set: { status: 'centre_review' } });
  expect(await w.client.try('claim.withdraw', { claimId: other.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_WITHDRAWABLE', message: '申请已进入审核，不能撤回' },
  });
  expect(db().collection('claims').get(other.id).status).toBe('centre_review');
});

test('material requested: the list is on the claim, the worker adds it and resubmits to the queue that asked', async () => {
  const w = await claimant(app);
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  const early = await upload(app, w.client, draft.id, 'other', files.jpeg());
  const { claim } = await w.client.call('claim.submit', { claimId: draft.id });
  // What the review function will write when the centre asks for material (it does not exist yet).
  db()
    .collection('claims')
    .update(
      { _id: draft.id },
      {
        $set: {
          status: 'needs_material',
          version: db().collection('claims').get(draft.id).version + 1,
          materialRequest: {
            note: '请补充住院费用明细清单',
            items: [{ materialId: 'other', label: '住院费用明细清单', note: '加盖医院公章' }],
            requestedAt: new Date(),
            requestedBy: { userId: 'u_officer', role: 'officer', name: '刘*' },
            from: 'centre_review',
          },
        },
      },
    );
  expect(claim.status).toBe('submitted');
  const waiting = await w.client.call('claim.get', { claimId: draft.id });
  expect(waiting).toMatchObject({
    status: 'needs_material',
    statusLabel: '待补充材料',
    materialRequest: { note: '请补充住院费用明细清单' },
    missing: [{ materialId: 'other', label: '住院费用明细清单', note: '加盖医院公章' }],
  });
  expect(await w.client.try('claim.resubmit', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.REQUESTED_MATERIAL_MISSING', message: '请先补充：住院费用明细清单' },
  });
  // A file of the original submission stays.
  if (!early.ok) throw new Error('upload failed');
  expect(
    await w.client.try('claim.removeFile', { claimId: draft.id, fileId: early.data.file.id }),
  ).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.FILE_LOCKED' },
  });
  const added = await upload(app, w.client, draft.id, 'other', files.pdf());
  expect(added).toMatchObject({ ok: true, data: { missing: [] } });
  const back = await w.client.call('claim.resubmit', { claimId: draft.id });
  expect(back).toMatchObject({ status: 'submitted', queue: 'centre_review', missing: [] });
  expect(back.materialRequest).toBeUndefined();
  expect(back.timeline.at(-1)).toMatchObject({ action: 'resubmitted', status: 'submitted' });
  expect(await w.client.try('claim.resubmit', { claimId: draft.id })).toMatchObject({
    ok: false,
    error: { code: 'CLAIM.NOT_NEEDING_MATERIAL' },
  });
});

test('after approval: the expected payment date is approval + 10 working days of the statutory calendar', async () => {
  const w = await claimant(app);
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay()),
  });
  await w.client.call('claim.submit', { claimId: draft.id });
  // The reviewer's approval on 2024-09-27 (China time), written directly until the review function exists.
  decideDirectly(app, draft.id, 100_000, 'approved', new Date('2024-09-27T10:00:00+08:00'));
  const view = await w.client.call('claim.get', { claimId: draft.id });
  expect(view).toMatchObject({
    status: 'approved',
    decision: { amountFen: 100_000 },
    expectedPayment: { date: '2024-10-16', estimated: false, label: expect.stringContaining('十个工作日') },
  });
});
