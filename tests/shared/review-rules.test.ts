/** Pure review rules: the meeting's recusals and vote rule, 公示 masking and window, clocks, the report, settlement rows. */
import {
  DEFAULT_REVIEW_POLICY,
  dueStatus,
  mapColumns,
  noticeLine,
  objectionClosesOn,
  objectionOpen,
  parseSettlementRow,
  quantile,
  recusalReason,
  reviewReport,
  stageDurations,
  tally,
  waitedDays,
} from '../../shared/review';
import { idCheckChar } from '../../shared/identity';

const ID = `32041219860412002${idCheckChar('32041219860412002')}`;
const BAD_ID = `${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}`;

const rule = DEFAULT_REVIEW_POLICY.meeting;

test('recusal: the worker, who filed, an authorised relative, the same unit', () => {
  const parties = { workerId: 'w', unitId: 'u1', filedById: 'f', authorisedIds: ['rel'] };
  const m = (userId: string, extra: object = {}) => ({ userId, unitOfficerOf: [], ...extra });
  expect(recusalReason(m('w'), parties)).toBe('worker');
  expect(recusalReason(m('f'), parties)).toBe('filed');
  expect(recusalReason(m('rel'), parties)).toBe('authorised');
  expect(recusalReason(m('x', { unitId: 'u1' }), parties)).toBe('same_unit');
  expect(recusalReason(m('x', { unitOfficerOf: ['u1'] }), parties)).toBe('same_unit');
  expect(recusalReason(m('x', { unitId: 'u2' }), parties)).toBeUndefined();
});

test('votes: a simple majority of the votes cast, with a quorum', () => {
  expect(tally(['approve', 'approve', 'reject'], 3, rule).outcome).toBe('approved');
  expect(tally(['approve', 'reject', 'abstain'], 3, rule).outcome).toBe('rejected');
  expect(tally(['approve', 'approve'], 3, rule)).toMatchObject({
    outcome: 'undecided',
    text: expect.stringContaining('不足 3 人'),
  });
  // A tie is not a majority.
  expect(tally(['approve', 'approve', 'reject', 'reject'], 4, rule).outcome).toBe('rejected');
  // Another rule as data: two thirds.
  expect(tally(['approve', 'approve', 'reject'], 3, { ...rule, passAboveBp: 6667 }).outcome).toBe('rejected');
});

test('公示 lines carry masked names and IDs only; the window is inclusive', () => {
  const line = noticeLine(
    1,
    { name: '张小三', idNumber: ID },
    { unitName: '高新区工会', benefitName: '住院', amountFen: 100 },
  );
  expect(line).toEqual({
    lineNo: 1,
    name: '张*三',
    idMasked: `32${'*'.repeat(14)}${ID.slice(-2)}`,
    unitName: '高新区工会',
    benefitName: '住院',
    amountFen: 100,
  });
  expect(objectionClosesOn('2024-06-28', 7)).toBe('2024-07-05');
  expect(objectionOpen('2024-06-28', 7, '2024-07-05')).toBe(true);
  expect(objectionOpen('2024-06-28', 7, '2024-07-06')).toBe(false);
  expect(objectionOpen('2024-06-28', 7, '2024-06-27')).toBe(false);
});

test('clocks: waited days and the payout deadline (working days)', () => {
  expect(waitedDays('2024-05-01', '2024-05-31')).toBe(30);
  expect(dueStatus('2024-10-16', '2024-10-17', 3)).toBe('late');
  expect(dueStatus('2024-10-16', '2024-10-16', 3)).toBe('due_today');
  // 2024-10-14 (Mon) + 3 working days = 10-17: near.
  expect(dueStatus('2024-10-16', '2024-10-14', 3)).toBe('near');
  // 2024-10-11 (Fri) + 3 = 10-15: Saturday 10-12 is a make-up working day (调休), so not near yet.
  expect(dueStatus('2024-10-16', '2024-10-11', 3)).toBe('ok');
  // Over the National Day holiday, 09-27 + 3 working days is 10-09: the 16th is still far.
  expect(dueStatus('2024-10-16', '2024-09-27', 3)).toBe('ok');
});

test('report: stage durations, quantiles, within-deadline share and the claims ratio', () => {
  const t = (h: number) => new Date(Date.UTC(2024, 4, 1) + h * 3_600_000);
  const timeline = [
    { at: t(0), status: 'submitted' as const },
    { at: t(24), status: 'centre_review' as const },
    { at: t(30) },
    { at: t(48), status: 'approved' as const },
  ];
  expect(stageDurations(timeline)).toEqual([
    { status: 'submitted', hours: 24 },
    { status: 'centre_review', hours: 24 },
  ]);
  expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  expect(quantile([1, 2, 3], 0.5)).toBe(2);
  const r = reviewReport(
    [
      {
        status: 'paid',
        benefitId: 'h',
        timeline,
        decision: { amountFen: 50_000 },
        paidAt: t(60),
        payoutDue: '2024-05-01',
      },
      {
        status: 'paid',
        benefitId: 'h',
        timeline,
        decision: { amountFen: 50_000 },
        paidAt: t(60),
        payoutDue: '2024-05-10',
      },
      { status: 'rejected', benefitId: 'h', timeline, decision: { amountFen: 0, reasonCode: 'OTHER' } },
    ],
    200_000,
  );
  expect(r.paid).toEqual({ count: 2, withinDeadline: 1, withinDeadlineBp: 5000, amountFen: 100_000 });
  expect(r.claimsRatioBp).toBe(5000);
  expect(r.rejections).toEqual([{ code: 'OTHER', count: 1 }]);
  expect(reviewReport([], 0).claimsRatioBp).toBeNull();
});

test('settlement rows: columns by header, each row checked with its reason', () => {
  const cols = mapColumns([
    '序号',
    '姓名',
    '身份证号码',
    '入院日期',
    '出院日期',
    '医院',
    '个人自理金额（元）',
  ]);
  if (!('map' in cols)) throw new Error('columns');
  expect(mapColumns(['姓名', '医院'])).toEqual({
    missing: ['身份证号码', '入院日期', '出院日期', '个人自理金额'],
  });
  const row = (...cells: string[]) => parseSettlementRow(3, ['1', ...cells], cols.map);
  expect(row('张三', ID, '2024/3/1', '20240310', '武进人民医院', '8,000.50')).toEqual({
    ok: true,
    record: {
      row: 3,
      name: '张三',
      idNumber: ID,
      admittedOn: '2024-03-01',
      dischargedOn: '2024-03-10',
      hospital: '武进人民医院',
      selfPaidFen: 800_050,
    },
  });
  expect(row('张三', BAD_ID, '2024-03-01', '2024-03-10', '医院', '1')).toMatchObject({
    ok: false,
    reason: '身份证号码无效',
  });
  expect(row('张三', ID, '2024-03-11', '2024-03-10', '医院', '1')).toMatchObject({
    ok: false,
    reason: '出院日期早于入院日期',
  });
  expect(row('张三', ID, '2024-03-01', '2024-03-10', '医院', 'abc')).toMatchObject({
    ok: false,
    reason: '个人自理金额无效',
  });
  expect(row('', ID, '2024-03-01', '2024-03-10', '医院', '1')).toMatchObject({
    ok: false,
    reason: '姓名为空',
  });
});
