import { createContext } from '../_lib/context';
import { drainOutbox } from './drain-outbox';
import { escalateLatePayouts } from './escalate-payouts';
import { flushClaimRecords } from './flush-claim-records';
import { resumeCredits } from '../_lib/payments';
import { expireOrders, processRefunds, reconcileClosed } from './expire-orders';
import { purgeRateLimits } from './purge-rate-limits';

/**
 * The scheduled jobs (config.json: every 5 minutes). Only the timer trigger may run them. Each
 * job is bounded per run and leaves what it could not finish for the next run.
 */
export async function main() {
  const ctx = createContext();
  if (ctx.caller.source !== 'wx_trigger') {
    console.warn(`timers refused a call from source ${ctx.caller.source ?? 'unknown'}`);
    return { ok: false, error: { code: 'AUTH.FORBIDDEN', message: '仅限定时触发' } };
  }
  const orders = await expireOrders(ctx);
  const reconciled = await reconcileClosed(ctx);
  // Before the refunds and the outbox: a resumed double payment's refund and a resumed
  // payment's message go out in this same run.
  const credited = await resumeCredits(ctx);
  const refunds = await processRefunds(ctx);
  const latePayouts = await escalateLatePayouts(ctx);
  // Before the outbox drain, so a claim's message left on the claim goes out in this same run.
  const claimRecords = await flushClaimRecords(ctx);
  const outbox = await drainOutbox(ctx);
  const rateLimitsPurged = await purgeRateLimits(ctx);
  console.log(
    `timers: orders closed ${orders.closed}, late payments applied ${orders.paid}; payments cut short finished ${credited}; closed orders re-checked ${reconciled.checked}, paid ${reconciled.paid}; refunds requested ${refunds.requested}, confirmed ${refunds.refunded}; messages sent ${outbox.sent}, skipped ${outbox.skipped}, failed ${outbox.failed}; rate limits purged ${rateLimitsPurged}; late payouts escalated ${latePayouts}; claims' records written ${claimRecords.flushed}/${claimRecords.due}`,
  );
  return {
    ok: true,
    data: { orders, reconciled, credited, refunds, outbox, rateLimitsPurged, latePayouts, claimRecords },
  };
}
