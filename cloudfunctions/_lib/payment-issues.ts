import type { HandlerContext } from './context';
import { getById } from './db';
import type { EnrollmentDoc } from './enrollment-model';
import type { OrgDoc } from './model';
import type { PayAnomalyDoc, RefundDoc } from './records';

/**
 * Payment issues (anomalies, refunds) carry no org: they are attributed at read time through
 * the enrolment (directly, or through the order's out_trade_no) to its unit, whose ancestors
 * place it in an officer's subtree. An issue with no enrolment belongs to no unit and is shown
 * only to officers of a root org.
 */
export interface Attributed {
  enrollment: EnrollmentDoc | null;
  unit: OrgDoc | null;
  workerNameMasked?: string;
}

async function enrollmentOf(
  ctx: HandlerContext,
  doc: PayAnomalyDoc | RefundDoc,
): Promise<EnrollmentDoc | null> {
  if (doc.enrollmentId) return getById(ctx.db, 'enrollments', doc.enrollmentId);
  if (!doc.outTradeNo) return null;
  const order = await getById(ctx.db, 'orders', doc.outTradeNo);
  return order ? getById(ctx.db, 'enrollments', order.enrollmentId) : null;
}

/** Enrolment, unit and the worker's masked name of each issue (parallel round trips). */
export async function attribute(
  ctx: HandlerContext,
  docs: readonly (PayAnomalyDoc | RefundDoc)[],
): Promise<Attributed[]> {
  const enrollments = await Promise.all(docs.map((d) => enrollmentOf(ctx, d)));
  const [units, users] = await Promise.all([
    Promise.all(enrollments.map((e) => (e ? getById(ctx.db, 'orgs', e.unitId) : null))),
    Promise.all(enrollments.map((e) => (e ? getById(ctx.db, 'users', e.userId) : null))),
  ]);
  return enrollments.map((enrollment, i) => ({
    enrollment,
    unit: units[i] ?? null,
    workerNameMasked: users[i]?.nameMasked,
  }));
}

/** Whether an attributed issue lies in the subtree of `scope`. */
export function inScope(a: Attributed, scope: OrgDoc): boolean {
  if (!a.unit) return scope.ancestors.length === 0;
  return a.unit._id === scope._id || a.unit.ancestors.includes(scope._id);
}

export function issueView(kind: 'anomaly' | 'refund', doc: PayAnomalyDoc | RefundDoc, a: Attributed) {
  const anomaly = kind === 'anomaly' ? (doc as PayAnomalyDoc) : null;
  const refund = kind === 'refund' ? (doc as RefundDoc) : null;
  const at = anomaly ? anomaly.at : refund!.createdAt;
  return {
    kind,
    id: doc._id,
    type: anomaly ? anomaly.kind : refund!.reason,
    status: anomaly ? (anomaly.resolved ? 'resolved' : 'open') : refund!.status,
    resolved: Boolean(doc.resolved),
    amountFen: anomaly ? (anomaly.totalFee ?? undefined) : refund!.amountFen,
    outTradeNo: doc.outTradeNo ?? undefined,
    enrollmentId: a.enrollment?._id,
    unitId: a.unit?._id,
    workerNameMasked: a.workerNameMasked,
    at: new Date(at).toISOString(),
    note: doc.resolution?.note,
  };
}
