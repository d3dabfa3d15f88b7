/** The pure claim rules in shared/claims: facts checks, checklist, history, prompts, payout clock. */
import { findBenefit } from '../../shared/benefits';
import {
  checkFacts,
  claimFactsInputSchema,
  crossBenefitPrompts,
  estimateClaim,
  expectedPayment,
  firstQueue,
  historyFrom,
  materialsChecklist,
  missingMaterials,
  onceOnlyConflict,
  situationsOf,
  templateFor,
  type ClaimFactsDraft,
  type StoredClaim,
} from '../../shared/claims';
import { getProgram } from '../../shared/program';
import { wujin } from './builders';

const coverage = { start: '2024-01-01', end: '2024-12-31' };
const opts = { coverage, today: '2025-03-01', complete: true };
const hosp = () => findBenefit(wujin(), 'hospitalisation');
const stay = (over: object = {}) => ({
  admittedOn: '2024-03-01',
  dischargedOn: '2024-03-10',
  hospital: '武进人民医院',
  settlement: 'insurance' as const,
  cause: 'illness' as const,
  selfPaidFen: 800_000,
  ...over,
});
const facts = (...stays: object[]): ClaimFactsDraft =>
  claimFactsInputSchema.parse({ kind: 'tiered_annual', stays });
const noKey = (no: string) => `k:${no}`;

describe('facts', () => {
  test('the schemas are strict and name the unknown key', () => {
    const r = claimFactsInputSchema.safeParse({ kind: 'tiered_annual', stays: [{ ...stay(), extra: 1 }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['extra'],
      path: ['stays', 0],
    });
    expect(
      claimFactsInputSchema.safeParse({ kind: 'fixed_grant', category: 'listed', sure: true }).success,
    ).toBe(false);
  });

  test('a complete stay passes; missing and contradictory fields are named in Chinese', () => {
    expect(checkFacts(wujin(), hosp(), facts(stay()), opts)).toEqual([]);
    expect(checkFacts(wujin(), hosp(), facts(stay({ admittedOn: '2024-04-01' })), opts)).toEqual([
      {
        field: 'facts.stays.0.dischargedOn',
        message: '第1次住院：出院日期（2024-03-10）早于入院日期（2024-04-01）',
      },
    ]);
    expect(checkFacts(wujin(), hosp(), facts({ settlement: 'none' }), { ...opts, complete: false })).toEqual(
      [],
    );
    expect(checkFacts(wujin(), hosp(), facts({ settlement: 'none' }), opts).map((i) => i.field)).toEqual([
      'facts.stays.0.admittedOn',
      'facts.stays.0.dischargedOn',
      'facts.stays.0.hospital',
      'facts.stays.0.cause',
      'facts.stays.0.selfPaidFen',
      'facts.stays.0.invoiceNo',
    ]);
  });

  test('coverage by the program’s boundary rule (Wujin: the discharge date)', () => {
    const out = checkFacts(
      wujin(),
      hosp(),
      facts(stay({ admittedOn: '2024-12-20', dischargedOn: '2025-01-03' })),
      opts,
    );
    expect(out).toEqual([
      {
        field: 'facts.stays.0.dischargedOn',
        message: '第1次住院：出院日期不在保障期（2024-01-01 至 2024-12-31）内，不能在本期申请',
      },
    ]);
    expect(
      checkFacts(
        wujin(),
        hosp(),
        facts(stay({ admittedOn: '2023-12-20', dischargedOn: '2024-01-03' })),
        opts,
      ),
    ).toEqual([]);
  });
});

describe('materials', () => {
  test('settled through insurance needs nothing; each other stay its records and invoice', () => {
    const f = facts(
      stay(),
      stay({ settlement: 'none', invoiceNo: 'A0001' }),
      stay({ settlement: 'none', invoiceNo: 'A0002' }),
    );
    expect(situationsOf(hosp(), f)).toEqual([
      'settled_changzhou',
      'not_settled_changzhou',
      'not_settled_changzhou',
    ]);
    const list = materialsChecklist(wujin(), hosp(), f).filter((i) => i.required);
    expect(list.map((i) => `${i.materialId}@${i.stayIndex}`)).toEqual([
      'admission_discharge_record@1',
      'admission_discharge_record@2',
      'settlement_invoice@1',
      'settlement_invoice@2',
    ]);
    expect(missingMaterials(list, [{ materialId: 'settlement_invoice', stayIndex: 1 }], f)).toHaveLength(3);
  });

  test('work injury: the appraisal for a disability, the declaration (a template) for a death', () => {
    const injury = findBenefit(wujin(), 'work_injury');
    const ids = (outcome: 'disability' | 'death') =>
      materialsChecklist(wujin(), injury, { kind: 'grade_table', outcome })
        .filter((i) => i.required)
        .map((i) => i.materialId);
    expect(ids('disability')).toEqual(['injury_determination', 'capacity_appraisal']);
    expect(ids('death')).toEqual(['injury_determination', 'death_benefit_declaration']);
    expect(templateFor(wujin(), injury, 'death_benefit_declaration')!.title).toBe(
      '法定受益人共同签订的身故补助金领取声明书',
    );
    expect(templateFor(wujin(), injury, 'injury_determination')).toBeUndefined();
  });
});

describe('history from stored claims', () => {
  const claim = (
    id: string,
    status: StoredClaim['status'],
    selfPaidFen: number,
    decided?: number,
  ): StoredClaim => ({
    id,
    status,
    benefitId: 'hospitalisation',
    facts: facts(stay({ selfPaidFen })),
    decision: decided === undefined ? undefined : { amountFen: decided },
  });

  test('only decided claims count, with their decided amounts', () => {
    const siblings = [
      claim('a', 'paid', 800_000, 100_000),
      claim('b', 'submitted', 100_000),
      claim('c', 'withdrawn', 900_000),
    ];
    expect(historyFrom(siblings, 'hospitalisation', coverage, noKey)).toEqual([
      {
        benefitId: 'hospitalisation',
        periodStart: '2024-01-01',
        subject: 'period',
        amountFen: 100_000,
        claimId: 'a',
      },
    ]);
  });

  test('a second claim in the year pays the difference (Wujin: 8,000 then 4,000 → 1,000 then 500)', () => {
    const e = estimateClaim(
      wujin(),
      hosp(),
      { id: 'new', facts: facts(stay({ selfPaidFen: 400_000 })) },
      coverage,
      [claim('a', 'approved', 800_000, 100_000)],
      noKey,
    );
    expect(e).toMatchObject({
      amountFen: 50_000,
      entitlementFen: 150_000,
      alreadyPaidFen: 100_000,
      pendingClaims: 0,
    });
    expect(e.earlierClaims).toEqual([{ claimId: 'a', status: 'approved', amountFen: 100_000 }]);
  });

  test('a once-only grant is refused while one is in review or after it was paid', () => {
    const ci = findBenefit(wujin(), 'critical_illness');
    const f: ClaimFactsDraft = { kind: 'fixed_grant', category: 'listed' };
    const other = (status: StoredClaim['status']): StoredClaim => ({
      id: 'x',
      status,
      benefitId: ci.id,
      facts: f,
    });
    expect(onceOnlyConflict(ci, { id: 'y', facts: f }, [other('submitted')])?.code).toBe(
      'CLAIM.ALREADY_CLAIMED',
    );
    expect(onceOnlyConflict(ci, { id: 'y', facts: f }, [other('paid')])?.code).toBe(
      'CLAIM.ALREADY_PAID_ONCE',
    );
    expect(onceOnlyConflict(ci, { id: 'y', facts: f }, [other('rejected')])).toBeUndefined();
    expect(
      onceOnlyConflict(ci, { id: 'y', facts: { kind: 'fixed_grant', category: 'in_situ' } }, [other('paid')]),
    ).toBeUndefined();
  });
});

describe('prompts, queues and the payout clock', () => {
  test('a work-injury stay and a listed-illness diagnosis offer the other benefits with facts carried', () => {
    const p = crossBenefitPrompts(
      wujin(),
      'hospitalisation',
      facts(stay({ cause: 'work_injury' }), stay({ criticalIllnessCategory: 'in_situ' })),
    );
    expect(p.map((x) => [x.benefitId, x.stayIndex, x.carry])).toEqual([
      ['work_injury', 0, { kind: 'grade_table', injuredOn: '2024-03-01' }],
      [
        'critical_illness',
        1,
        { kind: 'fixed_grant', category: 'in_situ', diagnosedOn: '2024-03-01', hospital: '武进人民医院' },
      ],
    ]);
  });

  test('a unit pre-check where the benefit has one (Jinan), else the centre', () => {
    expect(firstQueue(hosp())).toBe('centre_review');
    const jinan = getProgram('jinan-2025-critical-accident');
    expect(firstQueue(jinan.benefits[0])).toBe('unit_precheck');
  });

  test('approval + 10 working days (2024-09-27 → 2024-10-16, 2025-01-24 → 2025-02-13)', () => {
    expect(expectedPayment(hosp(), '2024-09-27')).toMatchObject({ date: '2024-10-16', estimated: false });
    expect(expectedPayment(hosp(), '2025-01-24')).toMatchObject({ date: '2025-02-13' });
  });
});
