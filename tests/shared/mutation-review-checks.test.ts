/**
 * The automatic review checks and the settlement import, rule by rule at their edges: which
 * earlier claims count as paid or standing, which dates fall outside the coverage, which
 * re-appraisal is the same injury, and which settlement rows are taken with which amount.
 */
import { findBenefit } from '../../shared/benefits';
import type { ClaimFactsDraft } from '../../shared/claims';
import { idCheckChar } from '../../shared/identity';
import type { ClaimStatus } from '../../shared/lifecycle';
import {
  flagsOf,
  mapColumns,
  normaliseDate,
  parseSettlementRow,
  reviewChecks,
  reviewPolicyFor,
  type CheckInput,
  type OtherClaim,
} from '../../shared/review';
import { wujin } from './builders';

const program = wujin();
const coverage = { start: '2024-01-01', end: '2024-12-31' };
const stay = (over: object = {}) => ({
  admittedOn: '2024-03-01',
  dischargedOn: '2024-03-10',
  settlement: 'insurance' as const,
  cause: 'illness' as const,
  selfPaidFen: 800_000,
  ...over,
});

function input(benefitId: string, facts: ClaimFactsDraft, over: Partial<CheckInput> = {}): CheckInput {
  return {
    benefit: findBenefit(program, benefitId),
    claim: { id: 'c1', benefitId, facts, coverage },
    estimate: { amountFen: 0, warnings: [] },
    others: [],
    duplicates: [],
    missing: [],
    policy: reviewPolicyFor(program),
    ...over,
  };
}
const codes = (i: CheckInput) => reviewChecks(i).map((c) => c.code);
const STATUSES: ClaimStatus[] = [
  'draft',
  'submitted',
  'unit_precheck',
  'centre_review',
  'appraisal',
  'needs_material',
  'approved',
  'in_payout',
  'paid',
  'recovery',
  'recovered',
  'rejected',
  'withdrawn',
];

describe('already paid this coverage', () => {
  const grant: ClaimFactsDraft = { kind: 'fixed_grant', category: 'listed', diagnosedOn: '2024-04-01' };
  const other = (status: ClaimStatus, facts = grant, over: Partial<OtherClaim> = {}): OtherClaim => ({
    id: 'c0',
    status,
    benefitId: 'critical_illness',
    facts,
    ...over,
  });

  it('counts an earlier claim approved, in payout, paid or being recovered; none that is not decided', () => {
    const decided = STATUSES.filter((s) =>
      codes(input('critical_illness', grant, { others: [other(s)] })).includes('REVIEW.ALREADY_PAID'),
    );
    expect(decided).toEqual(['approved', 'in_payout', 'paid', 'recovery']);
  });

  it('only for the same category of the same benefit, and never the claim itself', () => {
    const inSitu: ClaimFactsDraft = { ...grant, category: 'in_situ' };
    expect(codes(input('critical_illness', grant, { others: [other('paid', inSitu)] }))).toEqual([]);
    expect(
      codes(input('critical_illness', grant, { others: [other('paid', grant, { benefitId: 'x' })] })),
    ).toEqual([]);
    expect(codes(input('critical_illness', grant, { others: [other('paid', grant, { id: 'c1' })] }))).toEqual(
      [],
    );
  });

  it('a re-appraised work injury with the same decision number (spaces, case aside) pays only the difference', () => {
    const injury = (decisionNo?: string): ClaimFactsDraft => ({
      kind: 'grade_table',
      grade: 5,
      injuredOn: '2024-02-01',
      ...(decisionNo === undefined ? {} : { decisionNo }),
    });
    const paidInjury = (decisionNo?: string): OtherClaim => ({
      id: 'c0',
      status: 'paid',
      benefitId: 'work_injury',
      facts: injury(decisionNo),
    });
    expect(
      reviewChecks(
        input('work_injury', injury('武人社伤 2024 12 号'), { others: [paidInjury('武人社伤2024 12号')] }),
      ),
    ).toEqual([expect.objectContaining({ code: 'REVIEW.ALREADY_PAID', otherClaimIds: ['c0'] })]);
    expect(codes(input('work_injury', injury('ab-1'), { others: [paidInjury('AB-1')] }))).toEqual([
      'REVIEW.ALREADY_PAID',
    ]);
    expect(codes(input('work_injury', injury('AB-1'), { others: [paidInjury('AB-2')] }))).toEqual([]);
    expect(codes(input('work_injury', injury('AB-1'), { others: [paidInjury()] }))).toEqual([]);
    expect(codes(input('work_injury', injury(), { others: [paidInjury()] }))).toEqual([]);
  });
});

describe('outside the coverage', () => {
  it('a diagnosis or an injury dated outside; the first and last day are inside', () => {
    for (const diagnosedOn of ['2024-01-01', '2024-12-31'])
      expect(
        codes(input('critical_illness', { kind: 'fixed_grant', category: 'listed', diagnosedOn })),
      ).toEqual([]);
    expect(
      codes(
        input('critical_illness', { kind: 'fixed_grant', category: 'listed', diagnosedOn: '2023-12-31' }),
      ),
    ).toEqual(['REVIEW.OUTSIDE_COVERAGE']);
    expect(
      reviewChecks(input('work_injury', { kind: 'grade_table', grade: 3, injuredOn: '2025-01-01' })),
    ).toEqual([expect.objectContaining({ code: 'REVIEW.OUTSIDE_COVERAGE', stayIndex: undefined })]);
    expect(codes(input('work_injury', { kind: 'grade_table', grade: 3 }))).toEqual([]);
  });

  it('each date of each stay on its own: admission and discharge', () => {
    const facts: ClaimFactsDraft = {
      kind: 'tiered_annual',
      stays: [
        stay(),
        stay({ admittedOn: '2023-12-28', dischargedOn: '2024-01-03' }),
        stay({ admittedOn: undefined }),
      ],
    };
    expect(reviewChecks(input('hospitalisation', facts)).map((c) => [c.code, c.stayIndex])).toEqual([
      ['REVIEW.OUTSIDE_COVERAGE', 1],
    ]);
  });
});

describe('excluded causes and overlaps', () => {
  it('a stay without settlement or cause is taken as not settled and an illness: no exclusion', () => {
    const facts = {
      kind: 'tiered_annual',
      stays: [{ id: 's', selfPaidFen: 1 }],
    } as unknown as ClaimFactsDraft;
    expect(codes(input('hospitalisation', facts))).toEqual([]);
  });

  it("the calculator's exclusion is reported when no stay is excluded by its cause", () => {
    const facts: ClaimFactsDraft = { kind: 'tiered_annual', stays: [stay()] };
    expect(
      reviewChecks(
        input('hospitalisation', facts, { estimate: { amountFen: 0, warnings: [], excluded: '欺诈' } }),
      ),
    ).toEqual([{ code: 'REVIEW.EXCLUDED_CAUSE', text: '欺诈' }]);
    const injured: ClaimFactsDraft = { kind: 'tiered_annual', stays: [stay({ cause: 'work_injury' })] };
    expect(
      codes(
        input('hospitalisation', injured, { estimate: { amountFen: 0, warnings: [], excluded: '欺诈' } }),
      ),
    ).toEqual(['REVIEW.EXCLUDED_CAUSE']);
  });

  it('overlapping stays within one claim are flagged once, on the later stay', () => {
    const facts: ClaimFactsDraft = {
      kind: 'tiered_annual',
      stays: [
        stay(),
        stay({ admittedOn: '2024-03-05', dischargedOn: '2024-03-20' }),
        stay({ admittedOn: '2024-04-01', dischargedOn: '2024-04-02' }),
      ],
    };
    const out = reviewChecks(input('hospitalisation', facts));
    expect(out.map((c) => [c.code, c.stayIndex])).toEqual([['REVIEW.STAY_OVERLAP', 1]]);
    expect(flagsOf(out)).toEqual(['duplicate']);
  });

  it("another claim's stays count while it stands: not as a draft, withdrawn, rejected or recovered", () => {
    const mine: ClaimFactsDraft = { kind: 'tiered_annual', stays: [stay()] };
    const standing = STATUSES.filter((status) =>
      codes(
        input('hospitalisation', mine, {
          others: [{ id: 'c9', status, benefitId: 'critical_illness', facts: mine }],
        }),
      ).includes('REVIEW.STAY_OVERLAP'),
    );
    expect(standing).toEqual([
      'submitted',
      'unit_precheck',
      'centre_review',
      'appraisal',
      'needs_material',
      'approved',
      'in_payout',
      'paid',
      'recovery',
    ]);
    expect(
      codes(
        input('hospitalisation', mine, {
          others: [{ id: 'c1', status: 'paid', benefitId: 'x', facts: mine }],
        }),
      ),
    ).toEqual([]);
  });

  it('an amount at the threshold is flagged high; other findings raise no flag', () => {
    const facts: ClaimFactsDraft = { kind: 'tiered_annual', stays: [stay()] };
    const out = reviewChecks(
      input('hospitalisation', facts, {
        estimate: { amountFen: 1_000_000, warnings: [] },
        missing: [{ label: 'x' }],
      }),
    );
    expect(out.map((c) => c.code)).toEqual(['REVIEW.MATERIAL_MISSING', 'REVIEW.AMOUNT_HIGH']);
    expect(flagsOf(out)).toEqual(['high_amount']);
    expect(
      codes(
        input('hospitalisation', facts, {
          estimate: { amountFen: 0, warnings: [{ code: 'CALC.ASSUMED_VALUE', text: 'x' }] },
        }),
      ),
    ).toEqual([]);
  });
});

describe('settlement import rows', () => {
  const ID = `32041219860412002${idCheckChar('32041219860412002')}`;
  const header = ['姓名', '公民身份号码', '入院日期', '出院日期', '就诊医院', '个人自理金额(元)'];

  it('reads the columns by any of their header names, spaces in headers aside, in any order', () => {
    expect(mapColumns(header)).toEqual({
      map: { name: 0, idNumber: 1, admittedOn: 2, dischargedOn: 3, hospital: 4, selfPaid: 5 },
    });
    expect(mapColumns(['自理 金额', '医院名称', '身份证号', '出院日期', '入院日期', '姓 名'])).toEqual({
      map: { name: 5, idNumber: 2, admittedOn: 4, dischargedOn: 3, hospital: 1, selfPaid: 0 },
    });
    for (const selfPaid of ['个人自理金额', '个人自理', '个人自理金额（元）'])
      expect(mapColumns(['姓名', '身份证号码', '入院日期', '出院日期', '医院', selfPaid])).toHaveProperty(
        'map.selfPaid',
        5,
      );
    expect(mapColumns(['姓名', '身份证号码', '入院日期', '出院日期', '医院'])).toEqual({
      missing: ['个人自理金额'],
    });
  });

  it('writes dates as ISO whatever the separator; impossible dates are none', () => {
    expect(normaliseDate('2024.3.1')).toBe('2024-03-01');
    expect(normaliseDate('2024年3月1日')).toBe('2024-03-01');
    expect(normaliseDate(' 20240310 ')).toBe('2024-03-10');
    expect(normaliseDate('2024-02-30')).toBeNull();
    expect(normaliseDate('24-3-1')).toBeNull();
    expect(normaliseDate('2024-03-01x')).toBeNull();
  });

  it('takes a row with its self-paid amount in fen; refuses empty, invalid or negative cells', () => {
    const cols = mapColumns(header);
    if (!('map' in cols)) throw new Error('columns');
    const row = (...cells: string[]) => parseSettlementRow(7, cells, cols.map);
    const ok = row(' 李四 ', ID.toLowerCase(), '2024-03-01', '2024-03-01', '医院', '0');
    expect(ok).toEqual({
      ok: true,
      record: {
        row: 7,
        name: '李四',
        idNumber: ID,
        admittedOn: '2024-03-01',
        dischargedOn: '2024-03-01',
        hospital: '医院',
        selfPaidFen: 0,
      },
    });
    expect(row('李四', ID, '2024-03-01', '2024-03-02', 'H'.repeat(80), '¥12.34')).toMatchObject({
      ok: true,
      record: { hospital: 'H'.repeat(60), selfPaidFen: 1234 },
    });
    for (const cells of [
      ['李四', ID, '2024-03-01', '2024-03-02', '', '1'],
      ['李四', ID, '2024-03-01', '2024-13-02', '医院', '1'],
      ['李四', ID, 'x', '2024-03-02', '医院', '1'],
      ['李四', ID, '2024-03-01', '2024-03-02', '医院', '-0.01'],
      ['李四', ID, '2024-03-01', '2024-03-02', '医院'],
      ['李四', '', '2024-03-01', '2024-03-02', '医院', '1'],
    ])
      expect([cells, row(...cells).ok]).toEqual([cells, false]);
  });
});
