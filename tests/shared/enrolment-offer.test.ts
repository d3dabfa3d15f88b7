/** The enrolment rules the handlers call, without a database: offers, region, funding, cover state. */
import { coverageState, coverageStateText } from '../../shared/enrolment/coverage';
import {
  assessOffer,
  fundedBy,
  isOfferedTo,
  refusalOf,
  unitInRegion,
  type OfferFacts,
} from '../../shared/enrolment/offer';
import { demoProgramOpenOn } from '../../shared/demo';
import { getProgram } from '../../shared/program';

const wujinRegion = { province: '江苏省', city: '常州市', district: '武进区' };

describe('unitInRegion', () => {
  test('matches at every level the program names', () => {
    expect(unitInRegion({ province: '江苏省' }, wujinRegion)).toBe(true);
    expect(unitInRegion({ province: '江苏省', city: '常州市', district: '武进区' }, wujinRegion)).toBe(true);
    expect(unitInRegion({ province: '江苏省', city: '常州市', district: '新北区' }, wujinRegion)).toBe(false);
    expect(unitInRegion({ province: '河南省', city: '郑州市' }, wujinRegion)).toBe(false);
  });
  test('a unit without a recorded region is in no region', () => {
    expect(unitInRegion({ province: '江苏省' }, undefined)).toBe(false);
  });
});

describe('isOfferedTo', () => {
  const unit = { id: 'u1', ancestors: ['js', 'cz', 'wj'] };
  test('offered to the unit or any org above it', () => {
    expect(isOfferedTo(['wj'], unit)).toBe(true);
    expect(isOfferedTo(['u1'], unit)).toBe(true);
    expect(isOfferedTo(['js'], unit)).toBe(true);
  });
  test('not offered to a sibling or an unrelated org', () => {
    expect(isOfferedTo(['u2', 'zz'], unit)).toBe(false);
    expect(isOfferedTo([], unit)).toBe(false);
  });
});

test('fundedBy names the payers that cover a fee', () => {
  expect(
    fundedBy([
      { label: '职工个人', amountFen: 0 },
      { label: '区总工会补助', amountFen: 2000 },
      { label: '基层工会', amountFen: 3000 },
    ]),
  ).toBe('区总工会补助、基层工会');
});

describe('assessOffer', () => {
  const program = demoProgramOpenOn('wujin-2024', '2026-12-02');
  const base: OfferFacts = {
    today: '2026-12-02',
    person: { birthDate: '1988-05-16', sex: 'male' },
    hasUnionCard: true,
    unit: { region: wujinRegion },
    mine: [],
    enrollmentIdFor: (start) => `en_${start}`,
  };

  test('an eligible Wujin worker has no blocking issue and a share from the split', () => {
    const offer = assessOffer(program, base);
    expect(refusalOf(offer)).toBeNull();
    expect(offer.workerFen).toBeGreaterThan(0);
    expect(offer.totalFen).toBeGreaterThanOrEqual(offer.workerFen);
  });

  test('a unit outside the region is refused with UNIT_NOT_IN_REGION', () => {
    const offer = assessOffer(program, { ...base, unit: { region: { province: '河南省' } } });
    expect(refusalOf(offer)?.code).toBe('ENROLL.UNIT_NOT_IN_REGION');
  });

  test('a missing union card is refused', () => {
    expect(refusalOf(assessOffer(program, { ...base, hasUnionCard: false }))?.code).toBe(
      'ENROLL.UNION_CARD_REQUIRED',
    );
  });

  test("the worker's own pending enrolment for the period is reported, not refused as a second one", () => {
    const coverage = assessOffer(program, base).coverage;
    const offer = assessOffer(program, {
      ...base,
      mine: [
        {
          id: `en_${coverage.start}`,
          programId: program.id,
          series: program.series,
          coverage,
          status: 'pending_payment',
        },
      ],
    });
    expect(offer).toMatchObject({
      enrollmentStatus: 'pending_payment',
      enrollmentId: `en_${coverage.start}`,
    });
    expect(refusalOf(offer)).toBeNull();
  });

  test('declarable requirements are listed, and refused when not declared at enrolment', () => {
    const gd = getProgram('guangdong-2018');
    const listed = assessOffer(gd, { ...base, today: '2018-03-01' });
    expect(listed.declarations.map((d) => d.code).sort()).toEqual([
      'BASIC_MEDICAL_INSURANCE',
      'UNION_MEMBER',
    ]);
    const refused = assessOffer(gd, { ...base, today: '2018-03-01', declared: ['UNION_MEMBER'] });
    expect(refused.issues.map((i) => i.code)).toContain('ENROLL.BASIC_MEDICAL_INSURANCE_REQUIRED');
  });
});

describe('coverageState', () => {
  const cover = { start: '2027-01-01', end: '2027-12-31' };
  test('待生效 before the first day, 保障中 within, 已到期 after', () => {
    expect(coverageState(cover, '2026-12-02')).toBe('upcoming');
    expect(coverageState(cover, '2027-01-01')).toBe('in_force');
    expect(coverageState(cover, '2027-12-31')).toBe('in_force');
    expect(coverageState(cover, '2028-01-01')).toBe('expired');
    expect(coverageStateText(cover, '2026-12-02')).toBe('待生效（2027-01-01 起）');
  });
});
