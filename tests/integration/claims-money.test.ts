/**
 * The amounts a worker is shown and that are stored at submission, from the shared calculator
 * with Wujin 2024's own numbers, the history always built on the server from stored claims.
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
import type { InputOf } from '../../shared/api';

jest.setTimeout(120_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
type Facts = NonNullable<InputOf<'claim.create'>['facts']>;

/** Create, upload what the checklist asks for, estimate, submit. */
async function fileClaim(w: Claimant, benefitId: string, facts: Facts) {
  const draft = await w.client.call('claim.create', { enrollmentId: w.enrollmentId, benefitId, facts });
  for (const m of draft.missing) {
    const res = await upload(app, w.client, draft.id, m.materialId, files.jpeg(), m.stayIndex);
    if (!res.ok) throw new Error(res.error.message);
  }
  const { estimate } = await w.client.call('claim.estimate', { claimId: draft.id });
  const { claim } = await w.client.call('claim.submit', { claimId: draft.id });
  return { id: draft.id, estimate, claim };
}

const texts = (lines: { text: string }[]) => lines.map((l) => l.text).join('\n');

describe('Wujin hospitalisation: 全年累计个人自理', () => {
  test('a second claim in the same year pays only the difference to the higher tier', async () => {
    const w = await claimant(app);
    // 8,000 yuan self-paid, settled with the insurance card: tier [5000, 10000) → 1,000 yuan.
    const first = await fileClaim(w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
    expect(first.estimate).toMatchObject({ amountFen: 100_000, entitlementFen: 100_000, alreadyPaidFen: 0 });
    expect(first.claim).toMatchObject({ status: 'submitted', estimateFen: 100_000, queue: 'centre_review' });
    expect(first.claim.estimate).toMatchObject({ amountFen: 100_000, at: expect.any(String) });
    expect(texts(first.claim.estimate!.lines)).toContain('属于“5000元（含）至10000元”档，补助 ¥1,000.00');
    expect(db().collection('claims').get(first.id).estimate).toMatchObject({ amountFen: 100_000 });

    // The review function (next issue) does not exist yet: the first claim's decision is
    // written directly, as the reviewer's approval of 1,000 yuan would store it.
    decideDirectly(app, first.id, 100_000);

    // A second stay of 4,000 yuan: 12,000 for the year → tier [10000, 15000) → 1,500; 1,000 paid → 500 now.
    const second = await fileClaim(
      w,
      'hospitalisation',
      hospitalFacts(stay({ admittedOn: '2024-08-01', dischargedOn: '2024-08-06', selfPaidFen: 400_000 })),
    );
    expect(second.estimate).toMatchObject({
      amountFen: 50_000,
      entitlementFen: 150_000,
      alreadyPaidFen: 100_000,
    });
    expect(second.estimate.earlierClaims).toEqual([
      { claimId: first.id, status: 'approved', amountFen: 100_000 },
    ]);
    const t = texts(second.estimate.lines);
    expect(t).toContain('本保障期已审核通过的同类申请 1 件，合计 ¥1,000.00');
    expect(t).toContain(
      '保障期内累计个人自理金额 ¥12,000.00，属于“10000元（含）至15000元”档，补助 ¥1,500.00',
    );
    expect(t).toContain('本保障期该项已给付 ¥1,000.00，本次补发差额 ¥500.00');
    expect(db().collection('claims').get(second.id).estimate).toMatchObject({
      amountFen: 50_000,
      alreadyPaidFen: 100_000,
    });
  });

  test('a claim still in review is not history: the estimate warns the final amount may change', async () => {
    const w = await claimant(app);
    await fileClaim(w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 800_000 })));
    const draft = await w.client.call('claim.create', {
      enrollmentId: w.enrollmentId,
      benefitId: 'hospitalisation',
      facts: hospitalFacts(
        stay({ admittedOn: '2024-09-01', dischargedOn: '2024-09-02', selfPaidFen: 400_000 }),
      ),
    });
    const { estimate } = await w.client.call('claim.estimate', { claimId: draft.id });
    // Only its own 4,000 yuan count ([1000, 5000) → 500); the first is not decided yet.
    expect(estimate).toMatchObject({ amountFen: 50_000, alreadyPaidFen: 0, pendingClaims: 1 });
    expect(estimate.warnings).toContainEqual(expect.objectContaining({ code: 'CLAIM.OTHERS_PENDING' }));
  });

  test('not settled through insurance: 34% of the self-paid amount', async () => {
    const w = await claimant(app);
    // 20,000 × 34% = 6,800 → tier [5000, 10000) → 1,000 yuan.
    const c = await fileClaim(
      w,
      'hospitalisation',
      hospitalFacts(stay({ settlement: 'none', selfPaidFen: 2_000_000, invoiceNo: 'JS2024001' })),
    );
    expect(c.estimate.amountFen).toBe(100_000);
    expect(texts(c.estimate.lines)).toContain(
      '未进行医保结算支付，按住院医疗自理费用 ¥20,000.00 的 34% 计入 ¥6,800.00',
    );
  });

  test('a traffic accident not settled through insurance: 54.5% of the total cost within the liability', async () => {
    const w = await claimant(app);
    // 20,000 × 54.5% = 10,900 → tier [10000, 15000) → 1,500 yuan.
    const c = await fileClaim(
      w,
      'hospitalisation',
      hospitalFacts(
        stay({
          settlement: 'none',
          cause: 'traffic_accident',
          selfPaidFen: 500_000,
          totalCostFen: 2_000_000,
          invoiceNo: 'JT2024001',
        }),
      ),
    );
    expect(c.estimate.amountFen).toBe(150_000);
    expect(texts(c.estimate.lines)).toContain('54.5% 计入 ¥10,900.00');
  });

  test('a work-injury stay is excluded (the reason in Chinese) and work-injury aid is offered, pre-filled', async () => {
    const w = await claimant(app);
    const draft = await w.client.call('claim.create', {
      enrollmentId: w.enrollmentId,
      benefitId: 'hospitalisation',
      facts: hospitalFacts(
        stay({ cause: 'work_injury', admittedOn: '2024-05-06', dischargedOn: '2024-05-20' }),
      ),
    });
    expect(draft.prompts).toEqual([
      {
        benefitId: 'work_injury',
        benefitName: '工伤补助金',
        stayIndex: 0,
        text: '第1次住院因工伤：可申请工伤补助金（凭认定工伤决定书和劳动能力鉴定书）',
      },
    ]);
    const { estimate } = await w.client.call('claim.estimate', { claimId: draft.id });
    expect(estimate).toMatchObject({
      amountFen: 0,
      excluded: '因工伤住院，其住院自理费用不予补助（住院医疗费用补助金）',
    });
    expect(texts(estimate.lines)).toContain('因工伤住院，其住院自理费用不予补助');
    expect(await w.client.try('claim.submit', { claimId: draft.id })).toMatchObject({
      ok: false,
      error: {
        code: 'CLAIM.EXCLUDED_CAUSE',
        message: '因工伤住院，其住院自理费用不予补助（住院医疗费用补助金），不能申请',
      },
    });
    expect(db().collection('claims').get(draft.id).status).toBe('draft');

    const related = await w.client.call('claim.startRelated', {
      claimId: draft.id,
      benefitId: 'work_injury',
      stayIndex: 0,
    });
    expect(related).toMatchObject({
      status: 'draft',
      benefitId: 'work_injury',
      relatedFrom: draft.id,
      facts: { kind: 'grade_table', injuredOn: '2024-05-06' },
    });
    expect(
      await w.client.try('claim.startRelated', {
        claimId: draft.id,
        benefitId: 'critical_illness',
        stayIndex: 0,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.NO_RELATED_PROMPT' },
    });
  });

  test('a stay diagnosed as a listed critical illness offers the critical-illness grant, carried over', async () => {
    const w = await claimant(app);
    const draft = await w.client.call('claim.create', {
      enrollmentId: w.enrollmentId,
      benefitId: 'hospitalisation',
      facts: hospitalFacts(stay({ criticalIllnessCategory: 'listed' })),
    });
    expect(draft.prompts).toEqual([expect.objectContaining({ benefitId: 'critical_illness', stayIndex: 0 })]);
    const related = await w.client.call('claim.startRelated', {
      claimId: draft.id,
      benefitId: 'critical_illness',
      stayIndex: 0,
    });
    expect(related.facts).toEqual({
      kind: 'fixed_grant',
      category: 'listed',
      diagnosedOn: '2024-03-01',
      hospital: '武进人民医院',
    });
  });

  test('the history is never the client’s: an estimate carrying one is refused', async () => {
    const w = await claimant(app);
    const draft = await w.client.call('claim.create', {
      enrollmentId: w.enrollmentId,
      benefitId: 'hospitalisation',
      facts: hospitalFacts(stay()),
    });
    expect(
      await w.client.try('claim.estimate', { claimId: draft.id, history: [{ amountFen: 0 }] } as never),
    ).toMatchObject({ ok: false, error: { code: 'COMMON.INVALID_INPUT', field: 'payload.history' } });
  });
});

const critical = (category: string, diagnosedOn = '2024-04-02') => ({
  kind: 'fixed_grant' as const,
  category,
  diagnosedOn,
  firstDiagnosis: true,
  hospital: '常州市第一人民医院',
  hospitalLevel: 'level3' as const,
});

describe('Wujin critical illness: 5000 once, carcinoma in situ 1000 once', () => {
  test('listed illness 5,000 and in situ 1,000, reviewed at the quarterly appraisal meeting', async () => {
    const w = await claimant(app);
    const listed = await fileClaim(w, 'critical_illness', critical('listed'));
    expect(listed.estimate.amountFen).toBe(500_000);
    expect(texts(listed.estimate.lines)).toContain(
      '预估按满足给付条件计算（在保障期内首次确诊；经常州市二、三级医院或外省市三级医院确诊），以审核认定为准',
    );
    expect(listed.claim.reviewBatch!.label).toMatch(/^\d{4}年第[1-4]季度鉴定会$/);
    const w2 = await claimant(app);
    const inSitu = await fileClaim(w2, 'critical_illness', critical('in_situ'));
    expect(inSitu.estimate.amountFen).toBe(100_000);
    expect(texts(inSitu.estimate.lines)).toContain('原位癌：一次性慰问金 ¥1,000.00');
  });

  test('the same category twice in one coverage period: in review → ALREADY_CLAIMED, paid → ALREADY_PAID_ONCE', async () => {
    const w = await claimant(app);
    const first = await fileClaim(w, 'critical_illness', critical('listed'));
    const again = {
      enrollmentId: w.enrollmentId,
      benefitId: 'critical_illness',
      facts: critical('listed', '2024-06-01'),
    };
    expect(await w.client.try('claim.create', again)).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.ALREADY_CLAIMED' },
    });
    // As the review function will store it: approved and paid.
    decideDirectly(app, first.id, 500_000, 'paid');
    expect(await w.client.try('claim.create', again)).toMatchObject({
      ok: false,
      error: {
        code: 'CLAIM.ALREADY_PAID_ONCE',
        message:
          '本保障期已领取过重大疾病补助金（本项目所规定的30种重大疾病之一（除原位癌）），同一保障期内每类只给付一次',
      },
    });
    // The other category is its own grant.
    expect(await w.client.try('claim.create', { ...again, facts: critical('in_situ') })).toMatchObject({
      ok: true,
    });
  });

  test('a diagnosis outside the coverage period, or not the first diagnosis, is refused with the reason', async () => {
    const w = await claimant(app);
    expect(
      await w.client.try('claim.create', {
        enrollmentId: w.enrollmentId,
        benefitId: 'critical_illness',
        facts: critical('listed', '2023-11-30'),
      }),
    ).toMatchObject({
      ok: false,
      error: {
        field: 'payload.facts.diagnosedOn',
        message: '首次确诊日期（2023-11-30）不在保障期（2024-01-01 至 2024-12-31）内，不能在本期申请',
      },
    });
    expect(
      await w.client.try('claim.create', {
        enrollmentId: w.enrollmentId,
        benefitId: 'critical_illness',
        facts: { ...critical('listed'), firstDiagnosis: false },
      }),
    ).toMatchObject({ ok: false, error: { field: 'payload.facts.firstDiagnosis' } });
  });
});

const injury = (over: Record<string, unknown>) => ({
  kind: 'grade_table' as const,
  injuredOn: '2024-02-10',
  decidedOn: '2024-05-10',
  decisionNo: `武人社伤认〔2024〕${Math.floor(Math.random() * 1e6)}号`,
  outcome: 'disability' as const,
  ...over,
});

describe('Wujin work injury by grade', () => {
  test.each([
    [3, 300_000],
    [9, 30_000],
    [1, 500_000],
  ])('grade %i pays %i fen, with the decision and the appraisal', async (grade, amount) => {
    const w = await claimant(app);
    const c = await fileClaim(w, 'work_injury', injury({ grade }));
    expect(c.estimate.amountFen).toBe(amount);
    const items = c.claim.checklist.filter((i) => i.required).map((i) => i.materialId);
    expect(items).toEqual(['injury_determination', 'capacity_appraisal']);
  });

  test('death pays 5,000 and needs the beneficiaries’ declaration, whose template is a downloadable PDF', async () => {
    const w = await claimant(app);
    const draft = await w.client.call('claim.create', {
      enrollmentId: w.enrollmentId,
      benefitId: 'work_injury',
      facts: injury({ outcome: 'death' }),
    });
    expect(draft.checklist.filter((i) => i.required)).toEqual([
      expect.objectContaining({ materialId: 'injury_determination', template: false }),
      expect.objectContaining({ materialId: 'death_benefit_declaration', template: true }),
    ]);
    const t = await w.client.call('claim.template', {
      claimId: draft.id,
      materialId: 'death_benefit_declaration',
    });
    expect(t.fileName).toBe('法定受益人共同签订的身故补助金领取声明书.pdf');
    const pdf = Buffer.from(await (await fetch(t.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/UniGB-UCS2-H');
    expect(
      await w.client.try('claim.template', { claimId: draft.id, materialId: 'injury_determination' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CLAIM.NO_TEMPLATE' },
    });
    expect(await w.client.try('claim.submit', { claimId: draft.id })).toMatchObject({
      ok: false,
      error: {
        code: 'CLAIM.MATERIALS_MISSING',
        message: '请上传：认定工伤决定书；法定受益人共同签订的身故补助金领取声明书',
      },
    });
    for (const m of draft.missing) await upload(app, w.client, draft.id, m.materialId, files.pdf());
    const { estimate } = await w.client.call('claim.estimate', { claimId: draft.id });
    expect(estimate.amountFen).toBe(500_000);
    expect(texts(estimate.lines)).toContain('工亡，属“工伤1-2级（含工亡）”，补助 ¥5,000.00');
  });

  test('an injury before the coverage period, or a decision before the injury, is refused naming the field', async () => {
    const w = await claimant(app);
    const create = (facts: Facts) =>
      w.client.try('claim.create', { enrollmentId: w.enrollmentId, benefitId: 'work_injury', facts });
    expect(await create(injury({ injuredOn: '2023-12-31' }))).toMatchObject({
      ok: false,
      error: { field: 'payload.facts.injuredOn' },
    });
    expect(await create(injury({ decidedOn: '2024-01-01' }))).toMatchObject({
      ok: false,
      error: { field: 'payload.facts.decidedOn' },
    });
    expect(await create(injury({ grade: 11 }))).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT', field: 'payload.facts.grade' },
    });
  });
});
