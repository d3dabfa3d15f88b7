import Taro from '@tarojs/taro';
import type { OutputOf } from '@shared/api';
import { AppError } from '@shared/errors';

export type PaymentStart = OutputOf<'enrollment.pay'>;
/** done: WeChat Pay says paid (UI only, the server confirms); left: the app navigated away to pay. */
export type PayOutcome = 'done' | 'cancelled' | 'left';

/**
 * WeChat: open the payment sheet with the parameters cloudPay.unifiedOrder returned. Its success
 * is not proof of payment; the result page asks the server (enrollment.syncPayment).
 * The H5 build uses pay-step.h5.ts (the local sandbox page) instead.
 */
export async function payOrder(start: PaymentStart, _enrollmentId: string): Promise<PayOutcome> {
  if (!start.payment) throw new AppError('PAY.UNAVAILABLE', '支付暂不可用，请稍后重试');
  try {
    // Taro passes requestPayment through unpromisified: settle on its callbacks explicitly.
    await new Promise<void>((resolve, reject) => {
      void Taro.requestPayment({
        ...(start.payment as unknown as Taro.requestPayment.Option),
        success: () => resolve(),
        fail: reject,
      });
    });
    return 'done';
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '');
    if (msg.includes('cancel')) return 'cancelled';
    throw new AppError('PAY.FAILED', '支付未完成，请稍后重试');
  }
}
