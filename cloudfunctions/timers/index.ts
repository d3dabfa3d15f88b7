import { createContext } from '../_lib/context';
import { drainOutbox } from './drain-outbox';
import { expireOrders } from './expire-orders';

/** The scheduled jobs (config.json: every 5 minutes). Only the timer trigger may run them. */
export async function main() {
  const ctx = createContext();
  if (ctx.caller.source !== 'wx_trigger') {
    console.warn(`timers refused a call from source ${ctx.caller.source ?? 'unknown'}`);
    return { ok: false, error: { code: 'AUTH.FORBIDDEN', message: '仅限定时触发' } };
  }
  const orders = await expireOrders(ctx);
  const outbox = await drainOutbox(ctx);
  console.log(
    `timers: orders closed ${orders.closed}, late payments applied ${orders.paid}; messages sent ${outbox.sent}, skipped ${outbox.skipped}, failed ${outbox.failed}`,
  );
  return { ok: true, data: { orders, outbox } };
}
