import fc from 'fast-check';
import { adjustSlices, MAX_SLICES, sliceCount, sliceOrder, spread } from '../../shared/officer/quota';
import { applicationMemberLifecycle, groupApplicationLifecycle } from '../../shared/lifecycle';
import {
  applicationKey,
  memberCheck,
  planApplication,
  reviewerRolesFor,
  submissionCheck,
} from '../../shared/officer/application';
import { deriveProgramForYear, getProgram, programInputs } from '../../shared/program';

describe('quota slices', () => {
  test('places are spread over slices exactly, and big allocations get more slices (bounded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (places) => {
        const n = sliceCount(places);
        const shares = spread(places, n);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(places);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(MAX_SLICES);
      }),
    );
    expect(sliceCount(50)).toBe(1);
    expect(sliceCount(1000)).toBe(10);
  });

  test('slice order starts at random and visits every slice once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (n, r) => {
          expect([...sliceOrder(n, r)].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
    );
  });

  test('a reduction takes only unreserved places and never drives a slice below zero', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 16 }),
        fc.integer({ min: -5000, max: 5000 }),
        (remaining, delta) => {
          const { changes, applied } = adjustSlices(remaining, delta);
          expect(changes.reduce((a, b) => a + b, 0)).toBe(applied);
          remaining.forEach((r, i) => expect(r + changes[i]!).toBeGreaterThanOrEqual(0));
          if (delta >= 0) expect(applied).toBe(delta);
          else
            expect(applied).toBe(
              -Math.min(
                -delta,
                remaining.reduce((a, b) => a + b, 0),
              ),
            );
        },
      ),
    );
  });
});

const jinanBase = programInputs.find((p) => p.id === 'jinan-2025-critical-accident')!;
const jinan = getProgram('jinan-2025-critical-accident');
const women = getProgram('jinan-2025-women-special');

describe('group applications', () => {
  test('the 普惠 route is a free quota in the open quarter; the unit-paid route a transfer of 20 yuan a head', () => {
    const q2 = planApplication(jinan, { route: 'puhui', today: '2025-05-10' });
    expect(q2).toMatchObject({ batchId: '2025q2', funding: 'quota', perMemberFen: 0 });
    const paid = planApplication(jinan, { route: 'unit_paid', today: '2025-05-10' });
    expect(paid).toMatchObject({ batchId: 'window', funding: 'transfer', perMemberFen: 2000 });
    expect(applicationKey(jinan.id, 'u1', q2)).not.toBe(applicationKey(jinan.id, 'u1', paid));
    expect(() => planApplication(jinan, { today: '2025-05-10' })).toThrow(
      expect.objectContaining({ code: 'ENROLL.ROUTE_REQUIRED' }),
    );
    expect(() => planApplication(jinan, { route: 'puhui', today: '2026-02-01' })).toThrow(
      expect.objectContaining({ code: 'ENROLL.WINDOW_CLOSED' }),
    );
    const next = deriveProgramForYear(jinanBase, 2026);
    expect(planApplication(next, { route: 'puhui', today: '2026-12-01' }).batchId).toBe('2026q4');
  });

  test('Jinan: at least 70% of union members on the unit-paid route, not on the free route', () => {
    expect(submissionCheck(jinan, { route: 'unit_paid', unionMembers: 100, enrolling: 69 })).toMatchObject({
      code: 'ENROLL.GROUP_PARTICIPATION_LOW',
    });
    expect(submissionCheck(jinan, { route: 'unit_paid', unionMembers: 100, enrolling: 70 })).toBeNull();
    expect(submissionCheck(jinan, { route: 'unit_paid', enrolling: 70 })).toMatchObject({
      code: 'ENROLL.GROUP_MEMBERS_UNKNOWN',
    });
    expect(submissionCheck(jinan, { route: 'puhui', enrolling: 1 })).toBeNull();
    expect(submissionCheck(jinan, { route: 'puhui', enrolling: 0 })).toMatchObject({
      code: 'GROUP.NO_MEMBERS',
    });
  });

  test('a member: retired age is a flag, a man cannot join the women’s program, a covered worker cannot join twice', () => {
    const base = {
      today: '2025-05-10',
      route: 'puhui',
      hasUnionCard: false,
      existing: [],
      withMain: false,
    } as const;
    expect(memberCheck(jinan, { ...base, birthDate: '1990-01-01', sex: 'male' }).refusal).toBeNull();
    const old = memberCheck(jinan, { ...base, birthDate: '1960-01-01', sex: 'male' });
    expect(old.refusal).toBeNull();
    expect(old.flags).toContain('ENROLL.PROBABLY_RETIRED');
    expect(memberCheck(women, { ...base, route: undefined, sex: 'male' }).refusal).toMatchObject({
      code: 'ENROLL.FEMALE_ONLY',
    });
    const covered = memberCheck(jinan, {
      ...base,
      existing: [
        {
          programId: jinan.id,
          series: jinan.series,
          period: { start: '2025-03-01', end: '2026-02-28' },
          status: 'active',
        },
      ],
    });
    expect(covered.refusal).toMatchObject({ code: 'ENROLL.ALREADY_ENROLLED' });
  });

  test('a rider only with the main plan', () => {
    const rider = { ...women, groupRules: { ...women.groupRules, requiresProgramId: jinan.id } };
    const base = { today: '2025-05-10', hasUnionCard: false, sex: 'female' as const, existing: [] };
    expect(memberCheck(rider, { ...base, withMain: false }).refusal).toMatchObject({
      code: 'ENROLL.RIDER_REQUIRES_MAIN',
    });
    expect(memberCheck(rider, { ...base, withMain: true }).refusal).toBeNull();
  });

  test('review: the district its units, the centre units under bureaus and industry unions', () => {
    expect(reviewerRolesFor('district')).toEqual(['district_reviewer']);
    expect(reviewerRolesFor('bureau')).toEqual(['centre_reviewer']);
    expect(reviewerRolesFor('industry')).toEqual(['centre_reviewer']);
  });

  test('the state machines: approved is final; rejection and withdrawal can reopen', () => {
    expect(groupApplicationLifecycle.can('open', 'submitted')).toBe(true);
    expect(groupApplicationLifecycle.can('approved', 'open')).toBe(false);
    expect(groupApplicationLifecycle.can('rejected', 'open')).toBe(true);
    expect(groupApplicationLifecycle.can('open', 'approved')).toBe(false);
    expect(applicationMemberLifecycle.sourcesOf('held')).toEqual(['withdrawn', 'released']);
    expect(applicationMemberLifecycle.can('enrolled', 'released')).toBe(false);
  });
});
