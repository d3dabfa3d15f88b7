import type { z } from 'zod';
import type { officerApi } from '@shared/api/officer';
import { AppError } from '@shared/errors';
import { grantFor } from '@shared/officer/roles';
import { currentUser, requireAnyRoleOver } from '../_lib/access';
import { auditInTx } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, getById, transaction, txGet } from '../_lib/db';
import type { OrgDoc } from '../_lib/model';
import { attribute, inScope, issueView } from '../_lib/payment-issues';
import type { PayAnomalyDoc, RefundDoc } from '../_lib/records';

type In<K extends keyof typeof officerApi> = z.output<(typeof officerApi)[K]['input']>;

const ROLES = ['centre_admin', 'centre_finance'] as const;
const SCAN = 100;
const MAX_SCANS = 5;

/** One batch of issues newest first, strictly before the cursor (ties broken by id). */
function batchQuery(ctx: HandlerContext, input: In<'paymentIssues'>, before?: { at: string; id: string }) {
  const _ = ctx.db.command;
  const field = input.kind === 'anomaly' ? 'at' : 'createdAt';
  const resolved = input.kind === 'anomaly' ? input.resolved : input.resolved ? true : _.neq(true);
  const cursor = before
    ? [_.or([{ [field]: _.lt(new Date(before.at)) }, { [field]: new Date(before.at), _id: _.lt(before.id) }])]
    : [];
  const where = cursor.length ? _.and([{ resolved }, ...cursor]) : { resolved };
  return coll(ctx.db, input.kind === 'anomaly' ? 'payAnomalies' : 'refunds')
    .where(where)
    .orderBy(field, 'desc')
    .orderBy('_id', 'desc')
    .limit(SCAN);
}

/**
 * Centre admin / finance: payment anomalies or refunds in their subtree, newest first, with the
 * amount and the enrolled worker's masked name. Paged by cursor: an issue is placed in a subtree
 * through its enrolment's unit, so a page scans up to 500 issues and says where to go on.
 */
export async function paymentIssues(input: In<'paymentIssues'>, ctx: HandlerContext) {
  const { org } = await requireAnyRoleOver(ctx, ROLES, input.orgId);
  const items: ReturnType<typeof issueView>[] = [];
  let before = input.before;
  for (let scan = 0; scan < MAX_SCANS && items.length < input.pageSize; scan++) {
    const docs = await findMany<PayAnomalyDoc | RefundDoc>(batchQuery(ctx, input, before));
    const attributed = await attribute(ctx, docs);
    for (let i = 0; i < docs.length && items.length < input.pageSize; i++) {
      const view = issueView(input.kind, docs[i]!, attributed[i]!);
      before = { at: view.at, id: view.id };
      if (inScope(attributed[i]!, org)) items.push(view);
    }
    if (docs.length < SCAN && items.length < input.pageSize) return { items };
  }
  return { items, next: before };
}

/** Mark an issue resolved with a note, once; the entry in the audit log says who and why. */
export async function resolvePaymentIssue(input: In<'resolvePaymentIssue'>, ctx: HandlerContext) {
  const name = input.kind === 'anomaly' ? 'payAnomalies' : 'refunds';
  const [user, doc] = await Promise.all([
    currentUser(ctx),
    getById(ctx.db, name, input.id) as Promise<PayAnomalyDoc | RefundDoc | null>,
  ]);
  if (!doc) throw new AppError('PAYISSUE.NOT_FOUND', undefined, 'payload.id');
  const [attributed] = await attribute(ctx, [doc]);
  const scopes = (user?.grants ?? []).filter((g) => (ROLES as readonly string[]).includes(g.role));
  const orgs = (await Promise.all(scopes.map((g) => getById(ctx.db, 'orgs', g.orgId)))).filter(
    (o): o is OrgDoc => o !== null,
  );
  const allowed = attributed!.unit
    ? Boolean(grantFor(scopes, [...ROLES], attributed!.unit))
    : orgs.some((o) => inScope(attributed!, o));
  if (!user || !allowed) throw new AppError('AUTH.FORBIDDEN');
  await transaction(ctx.db, async (tx) => {
    const fresh = (await txGet(tx, name, input.id)) as PayAnomalyDoc | RefundDoc | null;
    if (!fresh || fresh.resolved === true) return;
    await tx
      .collection(name)
      .doc(input.id)
      .update({ data: { resolved: true, resolution: { note: input.note, by: user._id, at: ctx.now } } });
    await auditInTx(tx, ctx, {
      actorId: user._id,
      action: 'officer.resolvePaymentIssue',
      subject: { kind: input.kind, id: input.id },
      orgId: attributed!.unit?._id,
      detail: { note: input.note },
    });
  });
  return { resolved: true as const };
}
