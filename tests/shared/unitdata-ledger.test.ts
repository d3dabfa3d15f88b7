import { buildStatements, dueOn, needsReminder, reconcile, type FeeLineGroup } from '../../shared/unitdata';

const chain = (unitId: string, district: string) => [
  { id: 'prov', level: 'province' },
  { id: 'city', level: 'city' },
  { id: district, level: 'district' },
  { id: unitId, level: 'grassroots' },
];
const orgs = {
  ancestorsOf: (u: string) => (u === 'u1' ? chain('u1', 'd1') : u === 'u2' ? chain('u2', 'd1') : undefined),
};

describe('fund ledger (Puyang flow)', () => {
  test('grassroots shares due on the 10th, county and city subsidies on the 25th of the next month', () => {
    expect(dueOn('2025-03', 'grassroots_union')).toBe('2025-04-10');
    expect(dueOn('2025-12', 'city_union')).toBe('2026-01-25');
  });

  test('statements sum to the fee lines; online worker shares are already paid; paper ones are the unit’s', () => {
    const groups: FeeLineGroup[] = [
      { unitId: 'u1', channel: 'paper', payer: 'worker', amountFen: 2000 * 10, count: 10 },
      { unitId: 'u1', channel: 'paper', payer: 'county_union', amountFen: 8000 * 10, count: 10 },
      { unitId: 'u1', channel: 'online', payer: 'worker', amountFen: 2000 * 3, count: 3 },
      { unitId: 'u1', channel: 'online', payer: 'county_union', amountFen: 8000 * 3, count: 3 },
      { unitId: 'u2', channel: 'paper', payer: 'grassroots_union', amountFen: 5000 * 4, count: 4 },
      { unitId: 'u2', channel: 'paper', payer: 'city_union', amountFen: 3000 * 4, count: 4 },
      { unitId: 'ghost', channel: 'paper', payer: 'county_union', amountFen: 100, count: 1 },
    ];
    const { statements, unplaced } = buildStatements('2025-03', groups, orgs);
    const by = (payer: string, org: string) => statements.find((s) => s.payer === payer && s.orgId === org);
    expect(by('worker', 'u1')).toMatchObject({ dueFen: 20000, enrolments: 10, dueOn: '2025-04-10' });
    expect(by('county_union', 'd1')).toMatchObject({ dueFen: 104000, enrolments: 13, dueOn: '2025-04-25' });
    expect(by('grassroots_union', 'u2')?.dueFen).toBe(20000);
    expect(by('city_union', 'city')?.dueFen).toBe(12000);
    expect(statements.find((s) => s.payer === 'worker' && s.dueFen === 6000)).toBeUndefined();
    expect(unplaced).toHaveLength(1);
    const total = statements.reduce((t, s) => t + s.dueFen, 0);
    const owed = groups
      .filter((g) => g.unitId !== 'ghost' && !(g.payer === 'worker' && g.channel === 'online'))
      .reduce((t, g) => t + g.amountFen, 0);
    expect(total).toBe(owed);
  });

  test('transfers reconcile: part paid before the due day, overdue after, overpaid always flagged', () => {
    const s = { dueFen: 10000, dueOn: '2025-04-10' };
    expect(reconcile({ ...s, paidFen: 0 }, '2025-04-01')).toMatchObject({ state: 'open', mismatch: false });
    expect(reconcile({ ...s, paidFen: 4000 }, '2025-04-01')).toMatchObject({
      state: 'part_paid',
      mismatch: false,
    });
    expect(reconcile({ ...s, paidFen: 4000 }, '2025-04-11')).toMatchObject({
      state: 'overdue',
      mismatch: true,
      differenceFen: -6000,
    });
    expect(reconcile({ ...s, paidFen: 10000 }, '2025-04-11')).toMatchObject({
      state: 'paid',
      mismatch: false,
    });
    expect(reconcile({ ...s, paidFen: 12000 }, '2025-04-01')).toMatchObject({
      state: 'overpaid',
      mismatch: true,
      differenceFen: 2000,
    });
  });

  test('a reminder in the 3 days before the due day, once per due day, not when paid', () => {
    const s = { dueFen: 10000, paidFen: 0, dueOn: '2025-04-10' };
    expect(needsReminder(s, '2025-04-06')).toBe(false);
    expect(needsReminder(s, '2025-04-07')).toBe(true);
    expect(needsReminder(s, '2025-04-10')).toBe(true);
    expect(needsReminder(s, '2025-04-11')).toBe(false);
    expect(needsReminder({ ...s, remindedFor: '2025-04-10' }, '2025-04-08')).toBe(false);
    expect(needsReminder({ ...s, paidFen: 10000 }, '2025-04-08')).toBe(false);
  });
});
