import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { withQuery } from '../../../routes';
import { OFFICER_PAGES } from '../../routes';
import { PAYMENT_ROLES, REVIEWER_ROLES, grantOrgs } from '../../lib/access';

/** One thing waiting for the officer, counted from the backend (never estimated). */
export interface Attention {
  key: string;
  title: string;
  /** "3" or "20+" (a cursor-paged list has no total). */
  count: string;
  page: string;
}

type Check = () => Promise<Attention | null>;

const pendingJoins =
  (unit: { id: string; name: string }): Check =>
  async () => {
    const r = await call('org.listJoinRequests', {
      unitId: unit.id,
      status: 'pending',
      page: 1,
      pageSize: 1,
    });
    return r.total
      ? {
          key: `join-${unit.id}`,
          title: `${unit.name}：待审核入会申请`,
          count: String(r.total),
          page: OFFICER_PAGES.joinRequests,
        }
      : null;
  };

const submittedApplications =
  (org: { id: string; name: string }): Check =>
  async () => {
    const r = await call('officer.listApplications', {
      orgId: org.id,
      status: 'submitted',
      page: 1,
      pageSize: 1,
    });
    return r.total
      ? {
          key: `apps-${org.id}`,
          title: `${org.name}：待审核团体参保申请`,
          count: String(r.total),
          page: withQuery(OFFICER_PAGES.applications, { orgId: org.id }),
        }
      : null;
  };

const paymentIssues =
  (org: { id: string; name: string }, kind: 'anomaly' | 'refund'): Check =>
  async () => {
    const r = await call('officer.paymentIssues', { kind, resolved: false, orgId: org.id, pageSize: 20 });
    if (!r.items.length) return null;
    return {
      key: `pay-${kind}-${org.id}`,
      title: `${org.name}：未处理的${kind === 'anomaly' ? '支付异常' : '退款'}`,
      count: `${r.items.length}${r.next ? '+' : ''}`,
      page: withQuery(OFFICER_PAGES.paymentIssues, { orgId: org.id, kind }),
    };
  };

/** Free places running low (≤ 10% left) in the programs open to the officer's own unit. */
const lowQuotas =
  (unit: { id: string; name: string }): Check =>
  async () => {
    const { offers } = await call('enrollment.offers', {});
    const status = await Promise.all(
      offers.map((o) =>
        call('officer.quotaStatus', { programId: o.programId, unitId: unit.id }).then((s) => ({ o, s })),
      ),
    );
    const low = status.flatMap(({ o, s }) =>
      s.items.filter((b) => b.places > 0 && b.remaining * 10 <= b.places).map((b) => ({ o, b })),
    );
    if (!low.length) return null;
    const first = low[0]!;
    return {
      key: `quota-${unit.id}`,
      title: `${unit.name}：普惠名额即将用完（${first.o.name} 剩 ${first.b.remaining}）`,
      count: String(low.length),
      page: withQuery(OFFICER_PAGES.quotas, {
        unitId: unit.id,
        programId: first.o.programId,
        programName: first.o.name,
      }),
    };
  };

/** The checks that apply to the caller's grants. */
export function attentionChecks(me: Me): Check[] {
  const units = grantOrgs(me, ['unit_officer']);
  return [
    ...units.map(pendingJoins),
    ...units.map(lowQuotas),
    ...grantOrgs(me, REVIEWER_ROLES).map(submittedApplications),
    ...grantOrgs(me, PAYMENT_ROLES).flatMap((o) => [paymentIssues(o, 'anomaly'), paymentIssues(o, 'refund')]),
  ];
}

/** Every check, side by side; failures are counted, not hidden. */
export async function loadAttention(me: Me): Promise<{ items: Attention[]; failed: number }> {
  const results = await Promise.allSettled(attentionChecks(me).map((c) => c()));
  const items: Attention[] = [];
  let failed = 0;
  for (const r of results) {
    if (r.status === 'rejected') failed++;
    else if (r.value) items.push(r.value);
  }
  return { items, failed };
}
