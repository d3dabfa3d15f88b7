/**
 * The payment checks as rules: a notification credits only what WeChat Pay confirms, and a
 * confirmed payment credits only the stored order of its trade number, for its amount to the
 * fen, once. The handler's reads and writes are tested in tests/integration/payments-*.
 */
import { getProgram } from '../../shared/program';
import { feeSplitFor } from '../../shared/program/fee';
import {
  isPaid,
  notificationReportsPayment,
  verifyEnrollment,
  verifyNotification,
  verifyPayment,
  type ReportedPayment,
  type StoredOrder,
} from '../../shared/payments/verify';

// Wujin 2024: 100 yuan a share, the worker pays 20 yuan of it; the order is for that share.
const share = feeSplitFor(getProgram('wujin-2024')).workerFen;
const TXN = '4200000001202403011234567890';

const order = (over: Partial<StoredOrder> = {}): StoredOrder => ({
  _id: 'ord_e1_1',
  amountFen: share,
  status: 'PENDING',
  ...over,
});
const paid = (over: Partial<ReportedPayment> = {}): ReportedPayment => ({
  outTradeNo: 'ord_e1_1',
  transactionId: TXN,
  totalFee: share,
  tradeState: 'SUCCESS',
  ...over,
});
const OTHER_STATES = ['NOTPAY', 'CLOSED', 'REFUND', 'REVOKED', 'USERPAYING', 'PAYERROR', 'ORDERNOTEXIST', ''];

test('the order is the worker share of the seed (20 yuan of Wujin 2024)', () => {
  expect(share).toBe(2000);
});

describe('a notification', () => {
  it('reports a payment only when both its return code and its result code say SUCCESS', () => {
    expect(notificationReportsPayment({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' })).toBe(true);
    expect(notificationReportsPayment({ returnCode: 'SUCCESS', resultCode: 'FAIL' })).toBe(false);
    expect(notificationReportsPayment({ returnCode: 'SUCCESS' })).toBe(false);
    expect(notificationReportsPayment({ returnCode: 'FAIL', resultCode: 'SUCCESS' })).toBe(false);
  });

  it('is applied when WeChat Pay confirms the order paid with the claimed amount and transaction', () => {
    expect(verifyNotification({ transactionId: TXN, totalFee: share }, paid())).toEqual({ action: 'apply' });
  });

  it('claiming one fen more or less than WeChat Pay confirms is an unconfirmed notification', () => {
    for (const totalFee of [share - 1, share + 1, 1])
      expect(verifyNotification({ transactionId: TXN, totalFee }, paid())).toEqual({
        action: 'anomaly',
        kind: 'NOTIFICATION_NOT_CONFIRMED',
      });
  });

  it('naming another transaction than WeChat Pay confirms is an unconfirmed notification', () => {
    expect(verifyNotification({ transactionId: `${TXN}9`, totalFee: share }, paid())).toEqual({
      action: 'anomaly',
      kind: 'NOTIFICATION_NOT_CONFIRMED',
    });
  });

  it('for an order WeChat Pay does not report paid is an unconfirmed notification', () => {
    for (const tradeState of OTHER_STATES.filter((s) => s !== 'REFUND'))
      expect(verifyNotification({ transactionId: TXN, totalFee: share }, paid({ tradeState }))).toEqual({
        action: 'anomaly',
        kind: 'NOTIFICATION_NOT_CONFIRMED',
      });
  });

  it('replaying a payment already refunded is ignored, but only with the refunded amount and transaction', () => {
    const refunded = paid({ tradeState: 'REFUND' });
    expect(verifyNotification({ transactionId: TXN, totalFee: share }, refunded)).toEqual({
      action: 'ignore',
      reason: 'ALREADY_REFUNDED',
    });
    expect(verifyNotification({ transactionId: TXN, totalFee: share + 1 }, refunded)).toMatchObject({
      action: 'anomaly',
    });
    expect(verifyNotification({ transactionId: 'other', totalFee: share }, refunded)).toMatchObject({
      action: 'anomaly',
    });
  });
});

describe('a confirmed payment against the stored order', () => {
  it('counts as paid only in trade state SUCCESS', () => {
    expect(isPaid(paid())).toBe(true);
    for (const tradeState of OTHER_STATES) {
      expect(isPaid({ tradeState })).toBe(false);
      expect(verifyPayment(order(), paid({ tradeState }))).toEqual({ action: 'ignore', reason: 'NOT_PAID' });
    }
  });

  it('marks an open order paid (PENDING, or CLOSED and found paid later)', () => {
    for (const status of ['PENDING', 'CLOSED'] as const) {
      const o = order({ status });
      expect(verifyPayment(o, paid())).toEqual({ action: 'apply', order: o });
    }
  });

  it('without a stored order of its trade number is an unknown order', () => {
    expect(verifyPayment(undefined, paid())).toEqual({ action: 'anomaly', kind: 'UNKNOWN_ORDER' });
    expect(verifyPayment(null, paid())).toEqual({ action: 'anomaly', kind: 'UNKNOWN_ORDER' });
    expect(verifyPayment(order({ _id: 'ord_e1_2' }), paid())).toEqual({
      action: 'anomaly',
      kind: 'UNKNOWN_ORDER',
    });
  });

  it('of another amount than the order, even by one fen, credits nothing and records the order amount', () => {
    for (const totalFee of [share - 1, share + 1, 1, share * 2])
      expect(verifyPayment(order(), paid({ totalFee }))).toEqual({
        action: 'anomaly',
        kind: 'AMOUNT_MISMATCH',
        detail: { orderAmountFen: 2000 },
      });
  });

  it('checks the amount before the state: a paid order reported with another amount is a mismatch', () => {
    expect(verifyPayment(order({ status: 'PAID', transactionId: TXN }), paid({ totalFee: 1 }))).toMatchObject(
      {
        kind: 'AMOUNT_MISMATCH',
      },
    );
  });

  it('for an order already paid or refunded by the same transaction is a replay', () => {
    for (const status of ['PAID', 'REFUNDED'] as const)
      expect(verifyPayment(order({ status, transactionId: TXN }), paid())).toEqual({
        action: 'ignore',
        reason: 'ALREADY_APPLIED',
      });
  });

  it('the same transaction on an order marked paid but not yet credited finishes crediting', () => {
    const cut = order({ status: 'PAID', transactionId: TXN, credit: 'pending' });
    expect(verifyPayment(cut, paid())).toEqual({ action: 'resume', order: cut });
    // Refunded is final, whatever the mark says; another transaction is still a second one.
    expect(
      verifyPayment(order({ status: 'REFUNDED', transactionId: TXN, credit: 'pending' }), paid()),
    ).toEqual({
      action: 'ignore',
      reason: 'ALREADY_APPLIED',
    });
    expect(
      verifyPayment(order({ status: 'PAID', transactionId: 'first', credit: 'pending' }), paid()),
    ).toMatchObject({
      action: 'anomaly',
      kind: 'SECOND_TRANSACTION',
    });
  });

  it('a second transaction for an order already paid or refunded credits nothing and names the first', () => {
    for (const status of ['PAID', 'REFUNDED'] as const)
      expect(verifyPayment(order({ status, transactionId: 'first' }), paid())).toEqual({
        action: 'anomaly',
        kind: 'SECOND_TRANSACTION',
        detail: { recordedTransactionId: 'first' },
      });
  });
});

describe("a payment applied to its order, for the order's enrolment", () => {
  it('activates an enrolment waiting for payment, or one cancelled while the money was on its way', () => {
    for (const status of ['pending_payment', 'cancelled'] as const) {
      const e = { status };
      expect(verifyEnrollment(e, 'ord_e1_1')).toEqual({ action: 'activate', enrollment: e });
    }
  });

  it('is refunded in full when another order of the enrolment was paid first', () => {
    for (const e of [
      { status: 'active' as const },
      { status: 'active' as const, currentOrderId: 'ord_e1_2' },
    ])
      expect(verifyEnrollment(e, 'ord_e1_1')).toEqual({
        action: 'refund',
        kind: 'DOUBLE_PAYMENT',
        enrollment: e,
      });
  });

  it('active through this very order is already credited, not refunded', () => {
    const e = { status: 'active' as const, currentOrderId: 'ord_e1_1' };
    expect(verifyEnrollment(e, 'ord_e1_1')).toEqual({ action: 'credited', enrollment: e });
    // A pending one naming this order still needs crediting.
    const pending = { status: 'pending_payment' as const, currentOrderId: 'ord_e1_1' };
    expect(verifyEnrollment(pending, 'ord_e1_1')).toEqual({ action: 'activate', enrollment: pending });
  });

  it('without a stored enrolment is an anomaly', () => {
    expect(verifyEnrollment(undefined, 'ord_e1_1')).toEqual({
      action: 'anomaly',
      kind: 'UNKNOWN_ENROLLMENT',
    });
    expect(verifyEnrollment(null, 'ord_e1_1')).toEqual({ action: 'anomaly', kind: 'UNKNOWN_ENROLLMENT' });
  });
});
