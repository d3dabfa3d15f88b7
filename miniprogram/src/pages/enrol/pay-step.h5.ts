import type { OutputOf } from '@shared/api';
import { AppError } from '@shared/errors';
import { ENROL_RESULT_PAGE, withQuery } from '../../routes';
import { markLeftToPay, orderExpiry } from '../../lib/pay-cancel';

export type PaymentStart = OutputOf<'enrollment.pay'>;
export type PayOutcome = 'done' | 'cancelled' | 'left';

/**
 * Local runtime: the sandbox pay page stands in for WeChat's payment sheet. After 确认支付 (or
 * 取消) it redirects to `return`, which is this app's result page, where the order is synced.
 */
export async function payOrder(start: PaymentStart, enrollmentId: string): Promise<PayOutcome> {
  if (!start.sandboxPayUrl) throw new AppError('PAY.UNAVAILABLE', '支付暂不可用，请稍后重试');
  const back = `${window.location.pathname}#${withQuery(ENROL_RESULT_PAGE, { enrollmentId })}`;
  // The runtime serves the app and the sandbox page alike: open the page on the app's own origin
  // (its public URL may name another host, e.g. 127.0.0.1 vs localhost), so coming back keeps
  // this origin's session.
  const payPath = new URL(start.sandboxPayUrl, window.location.href).pathname;
  // Coming back unpaid means 取消 was chosen there: the result page then says so (and until when).
  markLeftToPay(enrollmentId, orderExpiry(start));
  window.location.assign(`${payPath}?return=${encodeURIComponent(back)}`);
  return 'left';
}
