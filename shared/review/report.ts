/**
 * The review report for a program and period: claims by status, time in each stage, the share
 * paid within the deadline, rejection reasons, amounts paid and the claims ratio. Pure: the
 * handler passes the stored claims (their timelines) and the enrolments' premium total.
 */
import { claimLifecycle, type ClaimStatus } from '../lifecycle/claim';
import { toChinaDate } from '../calendar';

export interface ReportClaim {
  status: ClaimStatus;
  benefitId: string;
  timeline: readonly { at: Date | string; status?: ClaimStatus }[];
  decision?: { amountFen: number; reasonCode?: string };
  paidAt?: Date | string;
  /** The payout deadline (IsoDate) set at approval. */
  payoutDue?: string;
  paidFen?: number;
}

export interface StageStat {
  status: ClaimStatus;
  label: string;
  /** Completed stays in the stage. */
  count: number;
  medianHours: number;
  p90Hours: number;
}

export interface ReviewReport {
  total: number;
  byStatus: { status: ClaimStatus; label: string; count: number }[];
  stages: StageStat[];
  paid: { count: number; withinDeadline: number; withinDeadlineBp: number | null; amountFen: number };
  rejections: { code: string; count: number }[];
  premiumsFen: number;
  /** paid ÷ premiums in basis points, or null without premiums. */
  claimsRatioBp: number | null;
}

/** The q-quantile (nearest rank) of sorted numbers. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

const HOUR = 3_600_000;

/** Hours spent in each status before leaving it (open stays are not counted yet). */
export function stageDurations(timeline: ReportClaim['timeline']): { status: ClaimStatus; hours: number }[] {
  const changes = timeline
    .filter((e): e is { at: Date | string; status: ClaimStatus } => e.status !== undefined)
    .map((e) => ({ status: e.status, t: new Date(e.at).getTime() }))
    .sort((a, b) => a.t - b.t);
  const out: { status: ClaimStatus; hours: number }[] = [];
  for (let i = 0; i + 1 < changes.length; i++) {
    const a = changes[i]!;
    const b = changes[i + 1]!;
    if (a.status !== b.status) out.push({ status: a.status, hours: (b.t - a.t) / HOUR });
  }
  return out;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function reviewReport(claims: readonly ReportClaim[], premiumsFen: number): ReviewReport {
  const byStatus = claimLifecycle.states
    .map((status) => ({
      status,
      label: claimLifecycle.labels[status],
      count: claims.filter((c) => c.status === status).length,
    }))
    .filter((s) => s.count > 0);
  const durations = new Map<ClaimStatus, number[]>();
  for (const c of claims)
    for (const d of stageDurations(c.timeline))
      durations.set(d.status, [...(durations.get(d.status) ?? []), d.hours]);
  const stages = [...durations.entries()].map(([status, hours]) => {
    const sorted = [...hours].sort((a, b) => a - b);
    return {
      status,
      label: claimLifecycle.labels[status],
      count: sorted.length,
      medianHours: round1(quantile(sorted, 0.5)),
      p90Hours: round1(quantile(sorted, 0.9)),
    };
  });
  const paidClaims = claims.filter(
    (c) => c.paidAt !== undefined && ['paid', 'recovery', 'recovered'].includes(c.status),
  );
  const within = paidClaims.filter((c) => !c.payoutDue || toChinaDate(c.paidAt!) <= c.payoutDue).length;
  const amountFen = claims
    .filter((c) => c.status === 'paid' || c.status === 'recovery')
    .reduce((t, c) => t + (c.paidFen ?? c.decision?.amountFen ?? 0), 0);
  const reasons = new Map<string, number>();
  for (const c of claims)
    if (c.status === 'rejected') {
      const code = c.decision?.reasonCode ?? 'OTHER';
      reasons.set(code, (reasons.get(code) ?? 0) + 1);
    }
  return {
    total: claims.length,
    byStatus,
    stages,
    paid: {
      count: paidClaims.length,
      withinDeadline: within,
      withinDeadlineBp: paidClaims.length ? Math.round((within * 10000) / paidClaims.length) : null,
      amountFen,
    },
    rejections: [...reasons.entries()]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count),
    premiumsFen,
    claimsRatioBp: premiumsFen > 0 ? Math.round((amountFen * 10000) / premiumsFen) : null,
  };
}
