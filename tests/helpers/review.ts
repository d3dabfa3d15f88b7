/**
 * Builders for the review tests: officers with grants, claims filed through the real claim
 * function, and the worker's claims moved along by the real review actions.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import type { InputOf } from '../../shared/api';
import type { ApiClient, TestApp } from './app';
import { files, upload, type Claimant } from './claims';
import { officerWith, type Grant } from './officer';

export type Facts = NonNullable<InputOf<'claim.create'>['facts']>;

let n = 0;

/** A signed-in officer holding `grants` (a fresh identity each call). */
export async function officer(
  app: TestApp,
  grants: Grant[],
  name = '审核员',
): Promise<{ client: ApiClient; userId: string }> {
  const openid = officerWith(app, `rv-${name}-${n++}`, grants, { name, nameMasked: `${name.slice(0, 1)}*` });
  return { client: await app.as(openid), userId: userIdFor(openid) };
}

export const districtReviewer = (app: TestApp, name = '区审核') =>
  officer(app, [{ role: 'district_reviewer', orgId: DEMO.district }], name);
export const centreReviewer = (app: TestApp, name = '中心审核') =>
  officer(app, [{ role: 'centre_reviewer', orgId: DEMO.city }], name);
export const centreFinance = (app: TestApp, name = '中心财务') =>
  officer(app, [{ role: 'centre_finance', orgId: DEMO.city }], name);
export const centreAdmin = (app: TestApp, name = '中心管理') =>
  officer(app, [{ role: 'centre_admin', orgId: DEMO.city }], name);

/** Create, upload what the checklist asks for, submit (duplicates confirmed). */
export async function fileClaim(app: TestApp, w: Claimant, benefitId: string, facts: Facts) {
  const draft = await w.client.call('claim.create', { enrollmentId: w.enrollmentId, benefitId, facts });
  for (const m of draft.missing) {
    const res = await upload(app, w.client, draft.id, m.materialId, files.jpeg(), m.stayIndex);
    if (!res.ok) throw new Error(res.error.message);
  }
  const { claim } = await w.client.call('claim.submit', { claimId: draft.id, confirmDuplicates: true });
  return claim;
}

/** Take and approve at the calculator's amount. */
export async function approveAsProposed(reviewer: ApiClient, claimId: string) {
  const taken = await reviewer.call('review.assign', { claimId });
  return reviewer.call('review.approve', { claimId, amountFen: taken.proposal.amountFen });
}

export const auditOf = (app: TestApp, claimId: string) =>
  app.runtime.db.collection('auditLog').find({ claimId }) as {
    action: string;
    actorId: string;
    detail?: Record<string, unknown>;
  }[];
