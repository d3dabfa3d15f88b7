import { notificationReportsPayment, verifyNotification } from '@shared/payments/verify';
import { z } from 'zod';
import { createContext } from '../_lib/context';
import { insert, insertOnce } from '../_lib/db';
import { anomalyIdFor, applyPayment, queryOrder } from '../_lib/payments';

/**
 * The cloudPay payment notification (its own function: only WeChat Pay may invoke it, set in the
 * environment's invoke rules). WeChat retries until it reads errcode 0, and sends duplicates
 * anyway, so: refuse other callers, re-check with queryOrder, apply once, and answer 0 only after
 * the write committed; an infrastructure failure answers non-zero so WeChat tries again — and so
 * does a queryOrder WeChat Pay could not answer (PAY.RETRY_LATER): no answer is not "unpaid".
 * Database round trips for a genuine notification (applyPayment): order ∥ enrolment, the order
 * marked paid, the enrolment ∥ the message, the order's mark taken off: 4; a replay stops after
 * the first (1); an unconfirmed one writes one anomaly (1).
 */
const notificationSchema = z.object({
  returnCode: z.string(),
  resultCode: z.string().optional(),
  outTradeNo: z.string().regex(/^[0-9A-Za-z_-]{1,32}$/),
  transactionId: z.string().min(1).max(64),
  totalFee: z.coerce.number().int().positive(),
});

const OK = { errcode: 0, errmsg: 'OK' };

export async function main(event: unknown) {
  const ctx = createContext();
  if (ctx.caller.source !== 'wx_paycallback') {
    console.warn(`payNotify refused a call from source ${ctx.caller.source ?? 'unknown'}`);
    return { errcode: 403, errmsg: 'forbidden' };
  }
  const parsed = notificationSchema.safeParse(event);
  try {
    if (!parsed.success) {
      await insert(ctx.db, 'payAnomalies', {
        kind: 'MALFORMED_NOTIFICATION',
        detail: { issues: parsed.error.issues.map((i) => i.path.join('.')) },
        at: ctx.now,
        resolved: false,
      });
      return OK; // nothing a retry could fix
    }
    const note = parsed.data;
    if (!notificationReportsPayment(note)) return OK;
    const facts = await queryOrder(note.outTradeNo);
    // The decision is pure (shared/payments/verify.ts): a replay for a payment we already
    // refunded (a double payment) is known, nothing to do; anything unconfirmed is recorded.
    const verdict = verifyNotification(note, facts);
    if (verdict.action === 'ignore') return OK;
    if (verdict.action === 'anomaly') {
      // Keyed by what the notification claimed: a replay of the same one records nothing new.
      await insertOnce(ctx.db, 'payAnomalies', {
        _id: anomalyIdFor('NOTIFICATION_NOT_CONFIRMED', note.outTradeNo, note.transactionId),
        kind: 'NOTIFICATION_NOT_CONFIRMED',
        outTradeNo: note.outTradeNo,
        transactionId: note.transactionId,
        totalFee: note.totalFee,
        detail: { confirmed: facts },
        at: ctx.now,
        resolved: false,
      });
      return OK;
    }
    await applyPayment(ctx, facts);
    return OK;
  } catch (err) {
    console.error('payNotify failed, WeChat will retry:', err instanceof Error ? err.message : err);
    return { errcode: -1, errmsg: 'retry later' };
  }
}
