/* global test, expect */
/**
 * The pay page in the COMPILED weapp package (miniprogram-simulate): a confirmation before any
 * money moves, WeChat Pay opened with exactly the parameters the server returned, then the
 * result page, which asks the server. Needs dist/weapp; runs in the jsdom `weapp` environment.
 */
const { waitFor, textOf } = require('../weapp/weapp-harness');
const { PAYMENT, openPayPage } = require('./weapp-pay-fixture');

test('confirm, pay with the server parameters, then the result page', async () => {
  const { cloud, wx, page } = openPayPage({
    requestPayment: (o) => o.success({ errMsg: 'requestPayment:ok' }),
  });
  await waitFor(() => textOf(page).includes('立即缴费'), { what: 'pay page' });
  expect(textOf(page)).toContain('¥20.00');
  expect(textOf(page)).toContain('区总工会补助');
  expect(cloud.calls[0]).toMatchObject({
    name: 'enrollment',
    data: { action: 'get', payload: { enrollmentId: 'enr_1' } },
  });

  page.querySelector('.enrol-pay__submit').dispatchEvent('tap');
  await waitFor(() => wx.redirectTo.mock.calls.length > 0, { what: 'redirect to the result page' });
  expect(wx.showModal.mock.calls[0][0].content).toContain('确认支付 ¥20.00？');
  expect(wx.showModal.mock.invocationCallOrder[0]).toBeLessThan(
    cloud.callFunction.mock.invocationCallOrder[1],
  );
  expect(cloud.calls[1]).toMatchObject({
    name: 'enrollment',
    data: { action: 'pay', payload: { enrollmentId: 'enr_1' } },
  });
  expect(wx.requestPayment.mock.calls[0][0]).toMatchObject(PAYMENT);
  expect(wx.redirectTo.mock.calls[0][0].url).toBe('/pages/enrol/result?enrollmentId=enr_1');
});
