/* global jest */
/**
 * The weapp pay page booted in miniprogram-simulate with scripted backend replies and wx stubs.
 * One page open per test file: Taro registers a page once per module load, and the harness boots
 * the app once per file.
 */
const { bootApp, fakeCloud } = require('../weapp/weapp-harness');

const ENROLLMENT = {
  id: 'enr_1',
  programId: 'wujin-2027',
  programName: '2027 年武进区在职职工医疗互助保障',
  coverage: { start: '2027-01-01', end: '2027-12-31' },
  status: 'pending_payment',
  workerFen: 2000,
  totalFen: 10000,
  feeLines: [
    { payer: 'worker', label: '个人缴费', amountFen: 2000 },
    { payer: 'district_union', label: '区总工会补助', amountFen: 8000 },
  ],
  createdAt: '2026-11-24T01:00:00.000Z',
};

/** wx.requestPayment parameters as cloudPay.unifiedOrder returns them. */
const PAYMENT = {
  timeStamp: '1764000000',
  nonceStr: 'abc',
  package: 'prepay_id=wx1',
  signType: 'RSA',
  paySign: 'sig',
};

function openPayPage({ requestPayment }) {
  const cloud = fakeCloud([
    { ok: true, data: ENROLLMENT },
    { ok: true, data: { orderId: 'enr_1-1', amountFen: 2000, payment: PAYMENT } },
  ]);
  const wx = {
    showModal: jest.fn((o) => o.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' })),
    requestPayment: jest.fn(requestPayment),
    redirectTo: jest.fn((o) => o.success?.({ errMsg: 'redirectTo:ok' })),
    showToast: jest.fn((o) => o.success?.({ errMsg: 'showToast:ok' })),
  };
  const { openPage } = bootApp({ cloud, wx });
  const page = openPage('pages/enrol/pay', { enrollmentId: 'enr_1' });
  return { cloud, wx, page };
}

module.exports = { ENROLLMENT, PAYMENT, openPayPage };
