/* global test, expect, jest */
/**
 * Program detail of an enrolment already submitted (awaiting payment), in the COMPILED weapp
 * package: no 请滑动阅读 and no unticked box above 已提交，去缴费; the notice heading names the
 * program and a human version, not the internal version code.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('../weapp/weapp-harness');

const DETAIL = {
  programId: 'wujin-2027-demo',
  name: '2027 年武进区在职职工医疗互助保障',
  region: '江苏省 常州市 武进区',
  coverage: { start: '2027-01-01', end: '2027-12-31' },
  window: { start: '2026-10-07', end: '2026-12-31' },
  totalFen: 10000,
  workerFen: 2000,
  feeLines: [{ payer: 'worker', label: '个人缴费', amountFen: 2000 }],
  summary: ['保障期：2027年1月1日至2027年12月31日'],
  issues: [],
  declarations: [],
  enrollmentId: 'enr_1',
  enrollmentStatus: 'pending_payment',
  notice: { version: 'wujin-2024.1-demo-2027', hash: 'b'.repeat(64), text: '参保须知\n\n第一条' },
  benefits: ['住院医疗费用补助金'],
};

test('an already-submitted enrolment: no reading prompt, no checkbox, just 已提交，去缴费', async () => {
  const cloud = fakeCloud([{ ok: true, data: DETAIL }]);
  const query = {
    select: () => query,
    boundingClientRect: (cb) => {
      cb({ height: 2000 });
      return query;
    },
    exec: () => undefined,
  };
  const wx = {
    navigateTo: jest.fn((o) => o.success?.({ errMsg: 'navigateTo:ok' })),
    createSelectorQuery: () => query,
  };
  const { openPage } = bootApp({ cloud, wx });
  const page = openPage('pages/enrol/detail', { programId: 'wujin-2027-demo' });
  await waitFor(() => textOf(page).includes('已提交，去缴费'), { what: 'detail' });
  const text = textOf(page);
  expect(text).not.toContain('请滑动阅读');
  expect(page.querySelector('.notice-agree')).toBeFalsy();
  expect(text).toContain('您参保时已阅读并同意本须知');
  expect(text).toContain('2027 年武进区在职职工医疗互助保障参保须知');
  expect(text).toContain('2024 年第 1 版');
  expect(text).not.toContain('wujin-2024.1-demo-2027');
  page.querySelector('.enrol-detail__pay').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0, { what: 'pay page' });
  expect(wx.navigateTo.mock.calls[0][0].url).toBe('/pages/enrol/pay?enrollmentId=enr_1');
});
