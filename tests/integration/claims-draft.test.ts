/**
 * Claim drafts: who may start one (the enrolled worker, on an active enrolment), the facts'
 * checks naming the field in Chinese, drafts surviving the page, and nobody else reading them.
 */
import { claimLifecycle } from '../../shared/lifecycle';
import { startApp, type TestApp } from '../helpers/app';
import { activeEnrolment, claimant, hospitalFacts, stay, WUJIN } from '../helpers/claims';

jest.setTimeout(90_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;

describe('the claim lifecycle', () => {
  test('one machine: draft → submitted → (unit pre-check) → centre review → decided → payout → paid', () => {
    // The review function adds its own states (appraisal, recovery…); these are the claim's path.
    expect(claimLifecycle.states).toEqual(
      expect.arrayContaining([
        'draft',
        'submitted',
        'unit_precheck',
        'centre_review',
        'needs_material',
        'approved',
        'in_payout',
        'paid',
        'rejected',
        'withdrawn',
      ]),
    );
    expect(claimLifecycle.can('draft', 'submitted')).toBe(true);
    expect(claimLifecycle.can('draft', 'approved')).toBe(false);
    expect(claimLifecycle.can('submitted', 'withdrawn')).toBe(true);
    expect(claimLifecycle.can('centre_review', 'withdrawn')).toBe(false);
    expect(claimLifecycle.can('needs_material', 'submitted')).toBe(true);
    expect(claimLifecycle.can('paid', 'approved')).toBe(false);
  });
});

describe('creating a draft', () => {
  test('the worker starts a draft on an active enrolment; it is stored and read back', async () => {
    const w = await claimant(app);
    const draft = await w.client.call('claim.create', {
      enrollmentId: w.enrollmentId,
      benefitId: 'hospitalisation',
    });
    expect(draft).toMatchObject({
      status: 'draft',
      statusLabel: '草稿',
      benefitName: '住院医疗费用补助金',
      coverage: { start: '2024-01-01', end: '2024-12-31' },
      year: 2024,
      actingAs: 'worker',
      facts: { kind: 'tiered_annual', stays: [] },
      filedBy: { role: 'worker', isYou: true },
    });
    expect(draft.id).toMatch(/^cl_[0-9a-f]{24}$/);
    expect(draft.issues).toContainEqual({ field: 'facts.stays', message: '请至少填写一次住院' });
    // The draft survives leaving the page.
    const updated = await w.client.call('claim.update', { claimId: draft.id, facts: hospitalFacts(stay()) });
    expect(updated.issues).toEqual([]);
    const again = await w.client.call('claim.get', { claimId: draft.id });
    expect(again.facts).toEqual(hospitalFacts(stay()));
    expect(again.timeline.map((t) => t.action)).toEqual(['created', 'updated']);
    // Medical facts are sealed at rest; invoice numbers only as keyed hashes.
    const stored = db().collection('claims').get(draft.id);
    expect(JSON.stringify(stored)).not.toContain('武进人民医院');
    expect(stored.sealed).toMatch(/^v1:/);
    expect((await w.client.call('claim.mine', {})).items.map((c) => c.id)).toEqual([draft.id]);
  });

  test('a pending (unpaid) or cancelled enrolment cannot be claimed against', async () => {
    const w = await claimant(app);
    const pending = activeEnrolment(app, w.userId, {
      programId: 'wujin-2024',
      coverage: { start: '2024-01-01', end: '2024-12-31' },
      status: 'pending_payment',
    });
    expect(
      await w.client.try('claim.create', { enrollmentId: pending, benefitId: 'hospitalisation' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.ENROLLMENT_NOT_ACTIVE' },
    });
  });

  test("another worker's enrolment is not found, and a benefit outside the program is refused", async () => {
    const a = await claimant(app);
    const b = await claimant(app);
    expect(
      await b.client.try('claim.create', { enrollmentId: a.enrollmentId, benefitId: 'hospitalisation' }),
    ).toMatchObject({
      ok: false,
      status: 404,
      error: { code: 'ENROLL.NOT_FOUND' },
    });
    expect(
      await a.client.try('claim.create', { enrollmentId: a.enrollmentId, benefitId: 'dental' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.BENEFIT_NOT_FOUND', field: 'payload.benefitId' },
    });
    expect(
      await a.client.try('claim.create', {
        enrollmentId: a.enrollmentId,
        benefitId: 'hospitalisation',
        facts: { kind: 'grade_table', grade: 3 },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.INVALID_FACT', message: '住院医疗费用补助金的申请信息类型不符' },
    });
    expect(
      db()
        .collection('claims')
        .count({ workerId: { $in: [a.userId, b.userId] } }),
    ).toBe(0);
  });

  test("a worker cannot read, change or list another worker's claim", async () => {
    const a = await claimant(app);
    const b = await claimant(app);
    const draft = await a.client.call('claim.create', {
      enrollmentId: a.enrollmentId,
      benefitId: 'hospitalisation',
    });
    for (const res of [
      await b.client.try('claim.get', { claimId: draft.id }),
      await b.client.try('claim.update', { claimId: draft.id, facts: hospitalFacts(stay()) }),
      await b.client.try('claim.estimate', { claimId: draft.id }),
      await b.client.try('claim.submit', { claimId: draft.id }),
      await b.client.try('claim.withdraw', { claimId: draft.id }),
      await b.client.try('claim.uploadTicket', { claimId: draft.id, materialId: 'other' }),
    ])
      expect(res).toMatchObject({ ok: false, status: 404, error: { code: 'CLAIM.NOT_FOUND' } });
    expect(await b.client.try('claim.list', { enrollmentId: a.enrollmentId })).toMatchObject({
      ok: false,
      error: { code: 'ENROLL.NOT_FOUND' },
    });
    expect((await b.client.call('claim.mine', {})).items).toEqual([]);
    expect(db().collection('claims').get(draft.id).facts).toBeUndefined();
  });
});

describe('facts are checked against the coverage, naming the field in Chinese', () => {
  let w: Awaited<ReturnType<typeof claimant>>;
  let claimId: string;
  beforeAll(async () => {
    w = await claimant(app);
    claimId = (
      await w.client.call('claim.create', { enrollmentId: w.enrollmentId, benefitId: 'hospitalisation' })
    ).id;
  });
  const refusal = async (facts: Parameters<typeof hospitalFacts>) =>
    w.client.try('claim.update', { claimId, facts: hospitalFacts(...facts) });

  test('discharge before admission', async () => {
    expect(await refusal([stay({ admittedOn: '2024-05-10', dischargedOn: '2024-05-01' })])).toMatchObject({
      ok: false,
      error: {
        code: 'CLAIM.INVALID_FACT',
        field: 'payload.facts.stays.0.dischargedOn',
        message: '第1次住院：出院日期（2024-05-01）早于入院日期（2024-05-10）',
      },
    });
  });

  test('a stay outside the coverage period (by the discharge date, the Wujin rule)', async () => {
    expect(
      await refusal([stay(), stay({ admittedOn: '2025-01-02', dischargedOn: '2025-01-09' })]),
    ).toMatchObject({
      ok: false,
      error: {
        field: 'payload.facts.stays.1.dischargedOn',
        message: '第2次住院：出院日期不在保障期（2024-01-01 至 2024-12-31）内，不能在本期申请',
      },
    });
    // Admitted in 2023, discharged in 2024: the stay belongs to 2024 (discharge_date).
    expect(await refusal([stay({ admittedOn: '2023-12-28', dischargedOn: '2024-01-05' })])).toMatchObject({
      ok: true,
    });
  });

  test('an amount over a sane limit, a negative or fractional amount, an unknown key', async () => {
    expect(await refusal([stay({ selfPaidFen: 600_000_000 })])).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT', field: 'payload.facts.stays.0.selfPaidFen' },
    });
    const over = await refusal([stay({ selfPaidFen: 600_000_000 })]);
    expect(!over.ok && over.error.message).toContain('金额超出合理范围');
    expect(await refusal([stay({ selfPaidFen: 12.5 })])).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
    expect(
      await w.client.try('claim.update', {
        claimId,
        facts: { kind: 'tiered_annual', stays: [{ ...stay(), paidByInsurer: 1 }] } as never,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT', field: 'payload.facts.stays.0.paidByInsurer' },
    });
  });

  test('a date in the future, and a duplicate invoice number inside the claim', async () => {
    expect(await refusal([stay({ admittedOn: '2024-12-30', dischargedOn: '2099-01-01' })])).toMatchObject({
      ok: false,
      error: {
        code: 'CLAIM.INVALID_FACT',
        field: 'payload.facts.stays.0.dischargedOn',
        message: '第1次住院：出院日期（2099-01-01）晚于今天，请出院结算后再申请',
      },
    });
    expect(
      await refusal([
        stay({ settlement: 'none', invoiceNo: 'WJ-001' }),
        stay({
          settlement: 'none',
          invoiceNo: 'wj-001',
          admittedOn: '2024-06-01',
          dischargedOn: '2024-06-05',
        }),
      ]),
    ).toMatchObject({
      ok: false,
      error: { field: 'payload.facts.stays.1.invoiceNo', message: '第2次住院：结算票据号码与第1次住院相同' },
    });
  });

  test('what is still missing is listed by field, and an estimate is refused until complete', async () => {
    const view = await w.client.call('claim.update', {
      claimId,
      facts: hospitalFacts({ admittedOn: '2024-04-01', settlement: 'none', cause: 'traffic_accident' }),
    });
    expect(view.issues.map((i) => i.message)).toEqual([
      '第1次住院：请填写出院日期',
      '第1次住院：请填写医院名称',
      '第1次住院：请填写个人自理金额',
      '第1次住院：请填写结算票据号码',
      '第1次住院：请填写本人责任范围内的住院医疗总费用',
    ]);
    expect(await w.client.try('claim.estimate', { claimId })).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.INVALID_FACT', field: 'payload.facts.stays.0.dischargedOn' },
    });
  });
});

test('the program is the enrolment’s: a claim for Wujin 2024 names it', async () => {
  const w = await claimant(app);
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'critical_illness',
  });
  expect(draft).toMatchObject({
    programName: expect.stringContaining('武进'),
    facts: { kind: 'fixed_grant' },
  });
  expect(WUJIN).toBe('wujin-2024');
});
