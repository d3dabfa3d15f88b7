import { coll } from '../_lib/collections';
import { openapi } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, updateWhere } from '../_lib/db';
import type { UserDoc } from '../_lib/model';
import type { OutboxDoc } from '../_lib/records';

/** A subscribe message ready to send, the reason it never will be, or why not yet. */
type Built = { page: string; data: Record<string, { value: string }> } | { skip: string } | { later: string };

/** A message still not ready this long after it was queued is given up. */
const LATER_LIMIT_MS = 24 * 3600_000;

interface Kind {
  /** The function environment variable holding the kind's subscribe-message template id. */
  templateEnv: string;
  build(ctx: HandlerContext, entry: OutboxDoc): Promise<Built>;
}

/** thing fields hold at most 20 characters. */
const thing = (s: string) => ({ value: s.slice(0, 20) });

/**
 * What each kind of outbox entry sends. Template fields follow the templates chosen for the
 * mini-program (已参保: program, certificate number, cover start; 入会审核: unit, result, note;
 * 补助申请进度: benefit, status, note).
 */
export const OUTBOX_KINDS: Record<string, Kind> = {
  enrollment_paid: {
    templateEnv: 'SUBSCRIBE_TEMPLATE_ENROLLED',
    async build(ctx, entry) {
      const enrollment = entry.enrollmentId ? await getById(ctx.db, 'enrollments', entry.enrollmentId) : null;
      if (!enrollment) return { skip: 'enrolment not found' };
      const credited = enrollment.status === 'active' && enrollment.currentOrderId === entry.orderId;
      if (entry.orderId && !credited)
        // Queued beside the activation (payments.ts credit): another order's payment won the
        // enrolment, or the crediting was cut short and the timer has not finished it yet.
        return enrollment.status === 'active'
          ? { skip: 'enrolment paid by another order' }
          : { later: 'enrolment not credited yet' };
      return {
        page: `pages/policy/index?id=${enrollment._id}`,
        data: {
          thing1: thing(enrollment.programName),
          character_string2: { value: enrollment.certificateNo ?? '' },
          date3: { value: `${enrollment.coverage.start}` },
        },
      };
    },
  },
  join_approved: {
    templateEnv: 'SUBSCRIBE_TEMPLATE_JOIN',
    async build(_ctx, entry) {
      return {
        page: 'pages/me/index',
        data: {
          thing1: thing(entry.data?.unitName ?? ''),
          phrase2: { value: '已通过' },
          thing3: thing('可以参保缴费了'),
        },
      };
    },
  },
  join_rejected: {
    templateEnv: 'SUBSCRIBE_TEMPLATE_JOIN',
    async build(_ctx, entry) {
      return {
        page: 'pages/me/index',
        data: {
          thing1: thing(entry.data?.unitName ?? ''),
          phrase2: { value: '未通过' },
          thing3: thing(entry.data?.reason ?? ''),
        },
      };
    },
  },
  /** To the centre admin: an approved claim's payout is past its deadline (timers/escalate-payouts.ts). */
  payout_late: {
    templateEnv: 'SUBSCRIBE_TEMPLATE_CLAIM',
    async build(_ctx, entry) {
      return {
        page: `packageReview/pages/claim/index?id=${entry.claimId ?? ''}`,
        data: {
          thing1: thing(entry.data?.benefitName ?? ''),
          phrase2: { value: '超期未发' },
          thing3: thing(`发放期限 ${entry.data?.due ?? ''}`),
        },
      };
    },
  },
  claim_status: {
    templateEnv: 'SUBSCRIBE_TEMPLATE_CLAIM',
    async build(_ctx, entry) {
      return {
        page: `packageClaim/pages/detail/index?id=${entry.claimId ?? ''}`,
        data: {
          thing1: thing(entry.data?.benefitName ?? ''),
          phrase2: { value: (entry.data?.status ?? '').slice(0, 5) },
          thing3: thing(entry.data?.note ?? ''),
        },
      };
    },
  },
  /** To the officers of a paying org: a fund statement falls due soon (unitdata/jobs.ts). */
  fund_due_reminder: {
    templateEnv: 'SUBSCRIBE_TEMPLATE_FUND',
    async build(_ctx, entry) {
      const owedFen = Number(entry.data?.owedFen ?? 0);
      return {
        page: 'packageOfficer/pages/ledger/index',
        data: {
          thing1: thing(`${entry.data?.month ?? ''} 互助保障资金`),
          amount2: { value: `${(owedFen / 100).toFixed(2)}元` },
          date3: { value: entry.data?.dueOn ?? '' },
        },
      };
    },
  },
};

const MAX_ATTEMPTS = 3;

/**
 * Side effects of committed changes (subscribe messages), each outbox entry sent once: it is
 * claimed with a conditional update before sending, so two timer runs never both send it. Each
 * kind has its own template; without one configured (or for an unknown kind) the entry is
 * marked skipped rather than pretended sent. Index: outbox (status, createdAt).
 */
export async function drainOutbox(
  ctx: HandlerContext,
  batch = 50,
): Promise<{ sent: number; skipped: number; failed: number }> {
  const entries = await findMany<OutboxDoc>(
    coll(ctx.db, 'outbox').where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(batch),
  );
  const done = (entry: OutboxDoc, data: object) =>
    updateWhere(coll(ctx.db, 'outbox').where({ _id: entry._id, status: 'sending' }), data);
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  for (const entry of entries) {
    const claimed = await updateWhere(coll(ctx.db, 'outbox').where({ _id: entry._id, status: 'pending' }), {
      status: 'sending',
      claimedAt: ctx.now,
    });
    if (!claimed) continue;
    const kind = OUTBOX_KINDS[entry.kind];
    const template = kind ? (process.env[kind.templateEnv] ?? '') : '';
    const user: UserDoc | null = template ? await getById(ctx.db, 'users', entry.userId) : null;
    const built: Built = !kind
      ? { skip: `unknown kind ${entry.kind}` }
      : !template
        ? { skip: `${kind.templateEnv} not configured` }
        : !user
          ? { skip: 'user not found' }
          : await kind.build(ctx, entry);
    if ('later' in built && ctx.now.getTime() - new Date(entry.createdAt).getTime() < LATER_LIMIT_MS) {
      await done(entry, { status: 'pending', lastError: built.later });
      continue;
    }
    if ('later' in built || 'skip' in built) {
      const reason = 'skip' in built ? built.skip : built.later;
      await done(entry, { status: 'skipped', lastError: reason, doneAt: ctx.now });
      skipped++;
      continue;
    }
    try {
      await openapi.subscribeMessage.send({
        touser: user!.openid,
        templateId: template,
        page: built.page,
        data: built.data,
      });
      await done(entry, { status: 'sent', doneAt: ctx.now });
      sent++;
    } catch (err) {
      // The worker may not have subscribed; keep a bounded number of retries.
      const attempts = (entry.attempts ?? 0) + 1;
      await done(entry, {
        status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        attempts,
        lastError: String((err as { errMsg?: string }).errMsg ?? err).slice(0, 200),
      });
      failed++;
    }
  }
  return { sent, skipped, failed };
}
