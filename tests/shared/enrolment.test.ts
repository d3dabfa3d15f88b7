import {
  checkEnrolmentEligibility,
  checkGroupParticipation,
  coveragePeriodFor,
  enrolmentStatus,
  getProgram,
  isEnrolmentOpen,
  payoutDeadline,
  requiredMaterials,
  reviewBatchFor,
  validateProgram,
} from '../../shared/program';
import {
  demoProgramOpenOn,
  demoPrograms,
  WUJIN_2024_TARGET_TOTAL,
  wujin2024Targets,
} from '../../shared/demo';
import { eligibleWorker, rawProgram, wujin } from './builders';

const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);

describe('enrolment window', () => {
  it('is open on both boundary dates, in China time', () => {
    const w = wujin();
    expect(isEnrolmentOpen(w, '2023-10-06')).toBe(false);
    expect(isEnrolmentOpen(w, '2023-10-07')).toBe(true);
    expect(isEnrolmentOpen(w, '2023-12-31')).toBe(true);
    expect(isEnrolmentOpen(w, '2024-01-01')).toBe(false);
    // 2023-12-31 16:30 UTC is already 2024-01-01 in China.
    expect(isEnrolmentOpen(w, new Date(Date.UTC(2023, 11, 31, 16, 30)))).toBe(false);
    expect(isEnrolmentOpen(w, new Date(Date.UTC(2023, 11, 31, 15, 30)))).toBe(true);
  });

  it("opens Jinan's city-funded route only inside a quarterly batch", () => {
    const jn = getProgram('jinan-2025-critical-accident');
    expect(enrolmentStatus(jn, '2025-05-10', 'puhui')).toMatchObject({
      open: true,
      window: { id: '2025q2' },
    });
    expect(enrolmentStatus(jn, '2026-01-05', 'puhui')).toMatchObject({
      open: false,
      window: { id: '2025q4' },
    });
    expect(enrolmentStatus(jn, '2025-05-10', 'unit_paid')).toMatchObject({
      open: true,
      window: { id: 'window' },
    });
  });
});

describe('coverage period', () => {
  it('is the calendar year for Wujin and one year from the effective date for Jinan', () => {
    expect(coveragePeriodFor(wujin(), '2023-11-15')).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(coveragePeriodFor(getProgram('jinan-2025-critical-accident'), '2025-03-15')).toEqual({
      start: '2025-03-15',
      end: '2026-03-14',
    });
    expect(coveragePeriodFor(getProgram('jinan-2025-critical-accident'), '2024-02-29')).toEqual({
      start: '2024-02-29',
      end: '2025-02-28',
    });
    expect(coveragePeriodFor(getProgram('jinan-2025-critical-accident'), '2023-03-01')).toEqual({
      start: '2023-03-01',
      end: '2024-02-29',
    });
  });
});

describe('eligibility', () => {
  it('accepts an eligible Wujin worker', () => {
    expect(checkEnrolmentEligibility(wujin(), eligibleWorker())).toEqual({
      ok: true,
      issues: [],
      period: { start: '2024-01-01', end: '2024-12-31' },
    });
  });

  it('refuses outside the window', () => {
    const r = checkEnrolmentEligibility(wujin(), eligibleWorker({ today: '2024-01-02' }));
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ code: 'ENROLL.WINDOW_CLOSED', blocking: true });
    expect(r.issues[0].message).toContain('2023-12-31');
  });

  it('refuses without the union card (Wujin) or basic medical insurance (Guangdong)', () => {
    expect(codes(checkEnrolmentEligibility(wujin(), eligibleWorker({ hasUnionCard: false })))).toEqual([
      'ENROLL.UNION_CARD_REQUIRED',
    ]);
    const gd = checkEnrolmentEligibility(
      getProgram('guangdong-2018'),
      eligibleWorker({ today: '2018-10-01', hasBasicMedicalInsurance: undefined }),
    );
    expect(codes(gd)).toEqual(['ENROLL.BASIC_MEDICAL_INSURANCE_REQUIRED']);
    expect(gd.issues[0].field).toBe('hasBasicMedicalInsurance');
  });

  it('warns the officer, without refusing, when the ID age says "probably retired"', () => {
    const r = checkEnrolmentEligibility(
      wujin(),
      eligibleWorker({ birthDate: '1973-05-01', sex: 'female', retirementCategory: 'worker' }),
    );
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'ENROLL.PROBABLY_RETIRED', blocking: false })]);
    // A woman cadre of the same age is not yet at her retirement age.
    expect(
      checkEnrolmentEligibility(
        wujin(),
        eligibleWorker({ birthDate: '1973-05-01', sex: 'female', retirementCategory: 'cadre' }),
      ).issues,
    ).toEqual([]);
    // Retirement confirmed by the unit is a refusal.
    expect(codes(checkEnrolmentEligibility(wujin(), eligibleWorker({ retired: true })))).toEqual([
      'ENROLL.RETIRED',
    ]);
  });

  it('refuses a second enrolment for the same coverage period', () => {
    const existing = [
      {
        programId: 'wujin-2024',
        period: { start: '2024-01-01', end: '2024-12-31' },
        status: 'active' as const,
      },
    ];
    expect(
      codes(checkEnrolmentEligibility(wujin(), eligibleWorker({ existingEnrolments: existing }))),
    ).toEqual(['ENROLL.ALREADY_ENROLLED']);
    const cancelled = [{ ...existing[0], status: 'cancelled' as const }];
    expect(checkEnrolmentEligibility(wujin(), eligibleWorker({ existingEnrolments: cancelled })).ok).toBe(
      true,
    );
    // Jinan: no second submission within a year of the effective date.
    const jn = getProgram('jinan-2025-critical-accident');
    const prior = [{ programId: jn.id, period: { start: '2025-02-01', end: '2026-01-31' } }];
    expect(
      codes(
        checkEnrolmentEligibility(jn, eligibleWorker({ today: '2025-06-01', existingEnrolments: prior })),
      ),
    ).toEqual(['ENROLL.ALREADY_ENROLLED']);
  });

  it('refuses a Shaanxi rider without the main plan', () => {
    const rider = getProgram('shaanxi-2021-rider');
    const base = eligibleWorker({ today: '2021-05-01' });
    expect(codes(checkEnrolmentEligibility(rider, base))).toEqual(['ENROLL.RIDER_REQUIRES_MAIN']);
    expect(checkEnrolmentEligibility(rider, { ...base, enrollingWith: ['shaanxi-2021-main'] }).ok).toBe(true);
    const main = [{ programId: 'shaanxi-2021-main', period: { start: '2021-03-01', end: '2022-02-28' } }];
    expect(checkEnrolmentEligibility(rider, { ...base, existingEnrolments: main }).ok).toBe(true);
  });

  it("refuses men for Jinan's women's project", () => {
    expect(
      codes(
        checkEnrolmentEligibility(
          getProgram('jinan-2025-women-special'),
          eligibleWorker({ today: '2025-06-01', sex: 'male' }),
        ),
      ),
    ).toEqual(['ENROLL.FEMALE_ONLY']);
  });

  describe("Jinan's 会员不少于70% binds the unit-paid route only", () => {
    const jn = () => getProgram('jinan-2025-critical-accident');

    it('is data: route-scoped, counted against union members', () => {
      expect(jn().groupRules.participation).toEqual([
        { route: 'unit_paid', minBp: 7000, of: 'union_members', label: '会员不少于70%' },
      ]);
    });

    it('unit-paid: 70% passes, 69% is refused with the numbers', () => {
      expect(
        checkGroupParticipation(jn(), { route: 'unit_paid', unionMembers: 100, enrolling: 70 }),
      ).toBeNull();
      expect(
        checkGroupParticipation(jn(), { route: 'unit_paid', unionMembers: 100, enrolling: 69 }),
      ).toMatchObject({
        code: 'ENROLL.GROUP_PARTICIPATION_LOW',
        blocking: true,
        field: 'enrolling',
        message: expect.stringContaining('单位缴费方式'),
      });
      expect(
        checkGroupParticipation(jn(), { route: 'unit_paid', unionMembers: 3, enrolling: 2 })?.message,
      ).toContain('至少需 3 人');
    });

    it('普惠: not subject to the share', () => {
      expect(checkGroupParticipation(jn(), { route: 'puhui', unionMembers: 100, enrolling: 1 })).toBeNull();
      expect(checkGroupParticipation(jn(), { route: 'puhui', enrolling: 1 })).toBeNull();
    });

    it('asks for the route rather than guess it, and for the member count', () => {
      expect(checkGroupParticipation(jn(), { unionMembers: 100, enrolling: 100 })).toMatchObject({
        code: 'ENROLL.ROUTE_REQUIRED',
        field: 'route',
      });
      expect(
        checkGroupParticipation(jn(), { route: 'nope', unionMembers: 100, enrolling: 100 }),
      ).toMatchObject({
        code: 'ENROLL.ROUTE_REQUIRED',
      });
      expect(checkGroupParticipation(jn(), { route: 'unit_paid', enrolling: 5 })).toMatchObject({
        code: 'ENROLL.GROUP_MEMBERS_UNKNOWN',
        field: 'unionMembers',
      });
    });

    it("the women's project (unit-paid only) applies it to every enrolment", () => {
      const ws = getProgram('jinan-2025-women-special');
      expect(checkGroupParticipation(ws, { unionMembers: 10, enrolling: 6 })?.code).toBe(
        'ENROLL.GROUP_PARTICIPATION_LOW',
      );
      expect(checkGroupParticipation(ws, { unionMembers: 10, enrolling: 7 })).toBeNull();
    });

    it('programs without the rule accept any share', () => {
      expect(checkGroupParticipation(wujin(), { unionMembers: 100, enrolling: 1 })).toBeNull();
    });

    it('the schema refuses a rule for an undefined route and the old program-wide field', () => {
      const raw = rawProgram('jinan-2025-critical-accident');
      raw.groupRules!.participation![0].route = 'everyone';
      expect(validateProgram(raw)).toMatchObject({
        ok: false,
        issues: [expect.objectContaining({ field: 'groupRules.participation.0.route' })],
      });
      const twice = rawProgram('jinan-2025-critical-accident');
      twice.groupRules!.participation!.push({ ...twice.groupRules!.participation![0], minBp: 5000 });
      expect(validateProgram(twice)).toMatchObject({
        ok: false,
        issues: [expect.objectContaining({ field: 'groupRules.participation.1' })],
      });
      const old = rawProgram('jinan-2025-critical-accident');
      (old.groupRules as Record<string, unknown>).minParticipationBp = 7000;
      expect(validateProgram(old)).toMatchObject({
        ok: false,
        issues: [expect.objectContaining({ field: 'groupRules.minParticipationBp' })],
      });
    });
  });
});

describe('required materials', () => {
  it('needs nothing for stays settled through Changzhou insurance and two documents per other stay', () => {
    const w = wujin();
    expect(requiredMaterials(w, 'hospitalisation', ['settled_changzhou'])).toEqual([]);
    expect(
      requiredMaterials(w, 'hospitalisation', [
        'settled_changzhou',
        'not_settled_changzhou',
        'not_settled_changzhou',
      ]),
    ).toEqual([
      { id: 'admission_discharge_record', label: '出入院记录', count: 2, template: false },
      { id: 'settlement_invoice', label: '本次住院的结算票据', count: 2, template: false },
    ]);
  });

  it('asks for the death declaration template only for a death', () => {
    const w = wujin();
    expect(requiredMaterials(w, 'work_injury', ['disability']).map((m) => m.id)).toEqual([
      'injury_determination',
      'capacity_appraisal',
    ]);
    expect(requiredMaterials(w, 'work_injury', ['death'])).toEqual([
      expect.objectContaining({ id: 'injury_determination' }),
      expect.objectContaining({ id: 'death_benefit_declaration', template: true }),
    ]);
    expect(() => requiredMaterials(w, 'work_injury', ['flood'])).toThrow(
      expect.objectContaining({ field: 'situations.0' }),
    );
  });
});

describe('demo data', () => {
  it("Wujin's target list has 37 units summing to 55,910", () => {
    expect(wujin2024Targets).toHaveLength(37);
    expect(wujin2024Targets.reduce((t, u) => t + u.target, 0)).toBe(WUJIN_2024_TARGET_TOTAL);
    expect(WUJIN_2024_TARGET_TOTAL).toBe(55910);
  });

  it('derives a Wujin copy whose enrolment is open on 2026-11-24', () => {
    const p = demoProgramOpenOn('wujin-2024', '2026-11-24');
    expect(p.id).toBe('wujin-2027-demo');
    expect(isEnrolmentOpen(p, '2026-11-24')).toBe(true);
    expect(demoPrograms('2026-11-24').map((x) => x.id)).toContain('wujin-2027-demo');
    expect(demoProgramOpenOn('wujin-2024', '2023-11-01').id).toBe('wujin-2024');
    // Between windows, the next window's copy.
    expect(demoProgramOpenOn('wujin-2024', '2027-03-01').id).toBe('wujin-2028-demo');
  });
});

describe('review batches and payout deadlines', () => {
  it('batches hospitalisation monthly, critical illness by quarter and work injury on receipt', () => {
    const w = wujin();
    const [hosp, ci, injury] = w.benefits;
    expect(reviewBatchFor(hosp, '2024-02-10')).toMatchObject({ key: '2024-02', closesOn: '2024-02-29' });
    expect(reviewBatchFor(ci, '2024-05-10')).toMatchObject({
      key: '2024Q2',
      closesOn: '2024-06-30',
      label: '2024年第2季度鉴定会',
    });
    expect(reviewBatchFor(injury, '2024-05-10')).toMatchObject({ key: '2024-05-10', closesOn: '2024-05-10' });
  });

  it('pays within 10 working days of approval, flagged as an estimate beyond the holiday data', () => {
    const hosp = wujin().benefits[0];
    expect(payoutDeadline(hosp, '2024-09-27')).toEqual({
      date: '2024-10-16',
      estimated: false,
      missingYears: [],
    });
    expect(payoutDeadline(hosp, '2026-12-28')).toMatchObject({ estimated: true, missingYears: [2027] });
    expect(payoutDeadline(getProgram('guangdong-2018').benefits[0], '2018-10-01')).toBeNull();
  });
});
