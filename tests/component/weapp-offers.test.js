/* global test, expect, jest */
/**
 * 参保缴费 in the COMPILED weapp package (miniprogram-simulate): each offer with my share and the
 * split, its status, a blocking issue with the way to fix it, and the next step for each state.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('../weapp/weapp-harness');

const base = {
  region: '江苏省 常州市 武进区',
  coverage: { start: '2027-01-01', end: '2027-12-31' },
  window: { start: '2026-10-07', end: '2026-12-31' },
  totalFen: 10000,
  workerFen: 2000,
  feeLines: [
    { payer: 'worker', label: '个人缴费', amountFen: 2000 },
    { payer: 'district_union', label: '区总工会补助', amountFen: 8000 },
  ],
  summary: ['个人缴费20元，区总工会补助80元'],
  issues: [],
  declarations: [],
};
const OFFERS = [
  {
    ...base,
    programId: 'p-paying',
    name: '待缴费项目',
    enrollmentId: 'enr_pay',
    enrollmentStatus: 'pending_payment',
  },
  { ...base, programId: 'p-active', name: '已参保项目', enrollmentId: 'enr_ok', enrollmentStatus: 'active' },
  {
    ...base,
    programId: 'p-card',
    name: '缺卡项目',
    issues: [{ code: 'ENROLL.UNION_CARD_REQUIRED', message: '参保需先登记工会服务卡号', blocking: true }],
  },
];

test('offers: shares, statuses, the union-card fix, and 去缴费 opens the pay page', async () => {
  const cloud = fakeCloud([{ ok: true, data: { offers: OFFERS } }]);
  const wx = { navigateTo: jest.fn((o) => o.success?.({ errMsg: 'navigateTo:ok' })) };
  const { openPage } = bootApp({ cloud, wx });
  const page = openPage('pages/enrol/index');
  await waitFor(() => textOf(page).includes('缺卡项目'), { what: 'offers' });

  const text = textOf(page);
  expect(cloud.calls[0]).toMatchObject({ name: 'enrollment', data: { action: 'offers', payload: {} } });
  expect(text).toContain('我需缴费¥20.00');
  expect(text).toContain('合计 ¥100.00');
  expect(text).toContain('区总工会补助¥80.00');
  expect(text).toContain('待缴费');
  expect(text).toContain('已参保');
  expect(text).toContain('查看电子保单');
  expect(text).toContain('参保需先登记工会服务卡号');
  expect(text).toContain('暂不能参保');

  page.querySelector('.enrol-issue__fix').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length === 1, { what: 'union card link' });
  // The card alone, on its own page (工会服务卡), not the registration form.
  expect(wx.navigateTo.mock.calls[0][0].url).toBe('/pages/union-card/index');

  page.querySelector('.offer__pay').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length === 2, { what: '去缴费' });
  expect(wx.navigateTo.mock.calls[1][0].url).toMatch(/^\/pages\/enrol\/pay\?enrollmentId=enr_pay/);
});
