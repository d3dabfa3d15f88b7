import { elapsedBp, LUOHE_DEFAULTS, reportPeriod, unitProgress } from '../../shared/unitdata';

const plan = {
  window: { opens: '2023-10-07', closes: '2023-12-31' },
  greenBp: LUOHE_DEFAULTS.greenBp,
  yellowBp: LUOHE_DEFAULTS.yellowBp,
};

describe('Luohe traffic lights against a prorated target', () => {
  test('elapsed share of the window, both ends inclusive', () => {
    expect(elapsedBp(plan.window, '2023-10-01')).toBe(0);
    expect(elapsedBp(plan.window, '2023-10-07')).toBe(Math.floor(10000 / 86));
    expect(elapsedBp(plan.window, '2023-12-31')).toBe(10000);
    expect(elapsedBp(plan.window, '2024-03-01')).toBe(10000);
  });

  test('green on pace, yellow from 80 % of pace, red below', () => {
    // Half-way: 43 of 86 days → 5000 bp; target 9000 → 4500 expected.
    const today = '2023-11-18';
    expect(unitProgress(plan, { target: 9000, enrolled: 4500 }, today)).toMatchObject({
      expected: 4500,
      light: 'green',
    });
    expect(unitProgress(plan, { target: 9000, enrolled: 3600 }, today).light).toBe('yellow');
    expect(unitProgress(plan, { target: 9000, enrolled: 3599 }, today).light).toBe('red');
  });

  test('nothing expected yet (before the window, or no target) is green; coverage needs a headcount', () => {
    expect(unitProgress(plan, { target: 100, enrolled: 0 }, '2023-09-01')).toMatchObject({
      light: 'green',
      paceBp: null,
    });
    expect(unitProgress(plan, { target: 0, enrolled: 0 }, '2023-11-18')).toMatchObject({
      light: 'green',
      completionBp: null,
    });
    expect(unitProgress(plan, { target: 100, enrolled: 50, headcount: 200 }, '2023-12-31')).toMatchObject({
      coverageBp: 2500,
      completionBp: 5000,
      light: 'red',
    });
  });

  test('the fortnightly report covers the 14 days ending today', () => {
    expect(reportPeriod({ ...plan, reportEveryDays: 14 }, '2023-11-18')).toEqual({
      start: '2023-11-05',
      end: '2023-11-18',
      days: 14,
    });
  });
});
