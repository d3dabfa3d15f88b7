import { formatChinaTime, formatYuan } from './format';
import { forgetForSession, keepForSession, keptForSession } from './session-store';

/**
 * After the worker deliberately closes WeChat Pay's sheet (or 取消 in the local sandbox): the
 * order stays open, so say until when it can still be paid, not "如已扣款…".
 */
export function cancelledPaymentText(expiresAt?: string): string {
  const time = expiresAt ? formatChinaTime(expiresAt) : '';
  return time ? `您已取消支付，订单保留至 ${time} 前可继续支付` : '您已取消支付，可随时重新支付';
}

/**
 * The order's expiry if the pay reply carries one. `expiresAt` is not in the contract yet
 * (shared/api/enrollment paymentStartSchema): read it only when present.
 */
export function orderExpiry(start: object): string | undefined {
  const v = (start as { expiresAt?: unknown }).expiresAt;
  return typeof v === 'string' ? v : undefined;
}

const key = (enrollmentId: string) => `pay.left.${enrollmentId}`;

/** H5: the app leaves for the sandbox pay page; coming back unpaid means 取消 was chosen. */
export function markLeftToPay(enrollmentId: string, expiresAt?: string): void {
  keepForSession(key(enrollmentId), expiresAt ?? '-');
}

/** Whether the worker came back from the pay page, and the order's expiry if known. */
export function takeLeftToPay(enrollmentId: string): { expiresAt?: string } | null {
  const v = keptForSession(key(enrollmentId));
  if (v === null) return null;
  return { expiresAt: v === '-' ? undefined : v };
}

export function clearLeftToPay(enrollmentId: string): void {
  forgetForSession(key(enrollmentId));
}

/** What the 待缴费 card tells the worker to do next. */
export function orderNextStep(e: { workerFen: number; coverage: { start: string } }): string {
  return `下一步：缴纳个人部分 ${formatYuan(e.workerFen)}，缴费后保障自 ${e.coverage.start} 起生效。点此去缴费。`;
}
