/* global test, expect */
/**
 * The weapp pay page when the worker closes WeChat Pay's sheet: stay on the page, say so, and
 * claim nothing (see weapp-pay.test.js for the paid path).
 */
const { waitFor, textOf } = require('../weapp/weapp-harness');
const { openPayPage } = require('./weapp-pay-fixture');

test('closing the payment sheet stays on the page, nothing is claimed paid', async () => {
  const { wx, page } = openPayPage({
    requestPayment: (o) => o.fail({ errMsg: 'requestPayment:fail cancel' }),
  });
  await waitFor(() => textOf(page).includes('立即缴费'), { what: 'pay page' });
  page.querySelector('.enrol-pay__submit').dispatchEvent('tap');
  await waitFor(() => wx.showToast.mock.calls.length > 0, { what: 'toast' });
  expect(wx.requestPayment).toHaveBeenCalledTimes(1);
  // A deliberate cancel: what to do next, not 如已扣款… (no order expiry in the reply here).
  expect(wx.showToast.mock.calls[0][0].title).toBe('您已取消支付，可随时重新支付');
  await waitFor(() => textOf(page).includes('您已取消支付，可随时重新支付'), { what: 'note on the page' });
  expect(textOf(page)).not.toContain('如已扣款');
  expect(wx.redirectTo).not.toHaveBeenCalled();
  expect(textOf(page)).not.toContain('已参保');
});
