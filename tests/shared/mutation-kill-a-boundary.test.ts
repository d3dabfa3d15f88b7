/**
 * Which coverage period a hospital stay belongs to, asked of `attributeStay` and
 * `crossesBoundary` directly: the period's first and last day, a same-day stay, a stay wholly
 * before or after the period, the days before the period of a stay shared by days, and the
 * field a missing date is reported on. The period is Wujin 2024's (2024-01-01 to 2024-12-31).
 */
import { AppError } from '../../shared/errors';
import { type Period } from '../../shared/benefits';
import { attributeStay, crossesBoundary, crossingWarning } from '../../shared/benefits/boundary';
import type { BoundaryStay } from '../../shared/program';
import { wujin } from './builders';

const coverage = wujin().coverage as { start: string; end: string; boundaryStay: BoundaryStay };
const period: Period = { start: coverage.start, end: coverage.end };
const split: BoundaryStay = { rule: 'split_by_days', reason: '按住院天数分摊' };
const byAdmission: BoundaryStay = { rule: 'admission_date', reason: '按入院日期' };
const byDischarge: BoundaryStay = { rule: 'discharge_date', reason: '按出院日期' };

const attribute = (
  boundary: BoundaryStay | undefined,
  admittedOn: string | undefined,
  dischargedOn: string | undefined,
) => attributeStay(boundary, { admittedOn, dischargedOn }, period, () => '第1次住院', 'stays.0');

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

it('the Wujin period is the calendar year 2024', () => {
  expect(period).toEqual({ start: '2024-01-01', end: '2024-12-31' });
  expect(coverage.boundaryStay.rule).toBe('discharge_date');
});

describe('by discharge date', () => {
  it('a stay discharged on the first day of the period counts in it', () => {
    expect(attribute(byDischarge, '2023-12-20', '2024-01-01')).toEqual({ kind: 'all' });
  });
  it('a stay discharged on the last day counts; the next day does not', () => {
    expect(attribute(byDischarge, '2024-12-20', '2024-12-31')).toEqual({ kind: 'all' });
    expect(attribute(byDischarge, '2024-12-20', '2025-01-01')).toEqual({ kind: 'none', by: 'dischargedOn' });
  });
  it('a program without a rule (data before boundaryStay) goes by the discharge date', () => {
    expect(attribute(undefined, '2024-12-20', '2025-01-02')).toEqual({ kind: 'none', by: 'dischargedOn' });
    expect(attribute(undefined, '2023-12-20', '2024-01-02')).toEqual({ kind: 'all' });
    expect(attribute(undefined, '2024-03-01', undefined)).toEqual({ kind: 'all' });
  });
  it('the legacy rule is named in the reviewer warning with its reason', () => {
    const stay = { admittedOn: '2024-12-20', dischargedOn: '2025-01-02' };
    const w = crossingWarning(undefined, stay, period, '第1次住院', { kind: 'none', by: 'dischargedOn' });
    expect(w.text).toContain('按出院日期所在保障期归属');
    expect(w.text).toContain('未规定归属规则，按出院日期');
  });
});

describe('the dates themselves', () => {
  it('a same-day stay (discharged the day of admission) is valid under every rule', () => {
    for (const b of [byDischarge, byAdmission, split, undefined])
      expect(attribute(b, '2024-05-10', '2024-05-10')).toEqual({ kind: 'all' });
  });
  it('a stay with only an admission date is not refused by the date check', () => {
    expect(attribute(byAdmission, '2024-05-10', undefined)).toEqual({ kind: 'all' });
    expect(attribute(byDischarge, '2024-05-10', undefined)).toEqual({ kind: 'all' });
  });
  it('a discharge before admission is refused', () => {
    const e = errorOf(() => attribute(byDischarge, '2024-05-10', '2024-05-09'));
    expect([e.code, e.field]).toEqual(['CLAIM.INVALID_FACT', 'stays.0.dischargedOn']);
  });
});

describe('split by days', () => {
  it('names the missing discharge date', () => {
    const e = errorOf(() => attribute(split, '2024-05-10', undefined));
    expect(e).toBeInstanceOf(AppError);
    expect([e.code, e.field]).toEqual(['CLAIM.MISSING_FACT', 'stays.0.dischargedOn']);
  });
  it('names the missing admission date', () => {
    const e = errorOf(() => attribute(split, undefined, '2024-05-10'));
    expect([e.code, e.field]).toEqual(['CLAIM.MISSING_FACT', 'stays.0.admittedOn']);
  });
  it('a same-day stay on the last day of the period counts wholly in it', () => {
    expect(attribute(split, '2024-12-31', '2024-12-31')).toEqual({ kind: 'all' });
  });
  it('a stay wholly after the period is not in it', () => {
    expect(attribute(split, '2025-02-01', '2025-02-10')).toEqual({ kind: 'none', by: 'admittedOn' });
  });
  it('a stay wholly before the period (a year earlier) is not in it', () => {
    expect(attribute(split, '2023-01-01', '2023-01-10')).toEqual({ kind: 'none', by: 'admittedOn' });
  });
  it('a stay whose only day in the period is its last day: 1 of 5 days', () => {
    expect(attribute(split, '2024-12-31', '2025-01-05')).toEqual({
      kind: 'part',
      days: 1,
      totalDays: 5,
      daysBefore: 0,
    });
  });
  it('a stay begun in the period and ended after: no days before the period', () => {
    expect(attribute(split, '2024-12-25', '2025-01-04')).toEqual({
      kind: 'part',
      days: 7,
      totalDays: 10,
      daysBefore: 0,
    });
  });
  it('a stay begun before the period: its earlier days are counted before', () => {
    expect(attribute(split, '2023-12-28', '2024-01-07')).toEqual({
      kind: 'part',
      days: 6,
      totalDays: 10,
      daysBefore: 4,
    });
  });
});

describe('crossesBoundary', () => {
  const crosses = (admittedOn?: string, dischargedOn?: string) =>
    crossesBoundary({ admittedOn, dischargedOn }, period);
  it('needs both dates', () => {
    expect(crosses('2023-12-20', undefined)).toBe(false);
    expect(crosses(undefined, '2024-01-05')).toBe(false);
    expect(crosses(undefined, undefined)).toBe(false);
  });
  it('a stay admitted on the first day of the period and ended in it does not cross', () => {
    expect(crosses('2024-01-01', '2024-01-10')).toBe(false);
  });
  it('a stay admitted before and discharged on the first day crosses', () => {
    expect(crosses('2023-12-25', '2024-01-01')).toBe(true);
  });
  it('a stay wholly before or wholly after the period does not cross', () => {
    expect(crosses('2023-11-01', '2023-11-10')).toBe(false);
    expect(crosses('2025-02-01', '2025-02-10')).toBe(false);
  });
  it('a stay discharged on the last day does not cross; the day after it does', () => {
    expect(crosses('2024-12-20', '2024-12-31')).toBe(false);
    expect(crosses('2024-12-20', '2025-01-01')).toBe(true);
  });
});
