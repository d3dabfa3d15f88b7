import { AppError } from '@shared/errors';
import { grantFor, type OfficerRole } from '@shared/officer/roles';
import { currentUser, requireOrg } from './access';
import type { AuthorisationDoc, ClaimDoc } from './claim-model';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, getById, updateWhere } from './db';
import type { OrgDoc, RoleGrant, UserDoc } from './model';

/**
 * Who may do what on the officers' side of a claim. Every check is a grant (role, org) reaching
 * the claim's unit (shared/officer/roles.ts `reaches`), read from the caller's user document.
 */
export const ROLES = {
  /** See a claim, its files and the queues. */
  view: ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
  /** The unit's pre-check (初审): pass on, ask for material, reject. */
  precheck: ['unit_officer'],
  /** The centre's review: approve, reject, ask for material, refer to the meeting. */
  review: ['district_reviewer', 'centre_reviewer'],
  /** Hand a held claim to another reviewer. */
  reassign: ['centre_reviewer', 'centre_admin'],
  /** Give a claim back to its queue: those who can hold one (pre-check, review) or reassign it. */
  release: ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_admin'],
  /** Convene the appraisal meeting; import settlement records; resolve objections; recovery. */
  centre: ['centre_reviewer', 'centre_admin'],
  /** Payout batches. */
  finance: ['centre_finance', 'centre_admin'],
  /** The full account number in the bank's transfer file. */
  fullAccount: ['centre_finance'],
  /** The audit log. */
  audit: ['centre_admin'],
  /** Reports. */
  report: ['centre_reviewer', 'centre_finance', 'centre_admin'],
} as const satisfies Record<string, readonly OfficerRole[]>;

/** Root-first: the orgs above the unit, then the unit (what `scope` on a claim holds). */
export const scopeOfOrg = (org: Pick<OrgDoc, '_id' | 'ancestors'>): string[] => [...org.ancestors, org._id];

/** A claim's unit as the grant check needs it, from the stamped scope. */
const unitOf = (claim: Pick<ClaimDoc, 'unitId' | 'scope'>) => ({
  _id: claim.unitId,
  ancestors: (claim.scope ?? []).filter((id) => id !== claim.unitId),
});

export function grantOn(
  user: Pick<UserDoc, 'grants'> | null,
  roles: readonly OfficerRole[],
  claim: Pick<ClaimDoc, 'unitId' | 'scope'>,
): RoleGrant | undefined {
  return grantFor(user?.grants ?? [], roles, unitOf(claim)) as RoleGrant | undefined;
}

/** Refuses unless the caller holds one of `roles` over the claim's unit (REVIEW.OUTSIDE_SUBTREE / REVIEW.FORBIDDEN). */
export function requireOn(
  user: UserDoc,
  roles: readonly OfficerRole[],
  claim: Pick<ClaimDoc, 'unitId' | 'scope'>,
): RoleGrant {
  const grant = grantOn(user, roles, claim);
  if (grant) return grant;
  if (!grantOn(user, ROLES.view, claim)) throw new AppError('REVIEW.OUTSIDE_SUBTREE');
  throw new AppError('REVIEW.FORBIDDEN');
}

/** The caller as an officer (registered, holding some grant). */
export async function requireOfficer(ctx: HandlerContext): Promise<UserDoc> {
  const user = await currentUser(ctx);
  if (!user?.registered || !(user.grants ?? []).length) throw new AppError('REVIEW.FORBIDDEN');
  return user;
}

/** The caller holds one of `roles` over the org (for queues, batches, reports of a subtree). */
export async function requireRolesOverOrg(
  ctx: HandlerContext,
  roles: readonly OfficerRole[],
  orgId: string,
): Promise<{ user: UserDoc; org: OrgDoc; grant: RoleGrant }> {
  const [user, org] = await Promise.all([currentUser(ctx), requireOrg(ctx, orgId)]);
  const grant = grantFor(user?.grants ?? [], roles, org) as RoleGrant | undefined;
  if (!user || !grant) throw new AppError('REVIEW.OUTSIDE_SUBTREE', '您在该组织范围内没有相应的审核权限');
  return { user, org, grant };
}

/**
 * The claim with its scope: stamped already (no round trip), else read from its unit and stamped
 * now (a conditional update, so a concurrent stamp is harmless).
 */
export async function withScope(ctx: HandlerContext, claim: ClaimDoc): Promise<ClaimDoc> {
  if (claim.scope?.length) return claim;
  const org = await getById(ctx.db, 'orgs', claim.unitId);
  const scope = org ? scopeOfOrg(org) : [claim.unitId];
  const _ = ctx.db.command;
  await updateWhere(coll(ctx.db, 'claims').where({ _id: claim._id, scope: _.exists(false) }), { scope });
  return { ...claim, scope };
}

/**
 * Claims filed and not yet stamped with their scope (the claim function does not write it): up
 * to 50 per call, each with its unit's ancestors. Queries of a subtree run after this, so a
 * claim submitted a moment ago is in its queue. Steady state: one query that finds nothing.
 * Round trips: the query; when any: their units, then the stamps in parallel.
 */
export async function stampScopes(ctx: HandlerContext): Promise<number> {
  const _ = ctx.db.command;
  const unstamped = await findMany<Pick<ClaimDoc, '_id' | 'unitId'>>(
    coll(ctx.db, 'claims')
      .where({ scope: _.exists(false), status: _.neq('draft') })
      .field({ _id: true, unitId: true })
      .limit(50),
  );
  if (unstamped.length === 0) return 0;
  const unitIds = [...new Set(unstamped.map((c) => c.unitId))];
  const orgs = await findMany<OrgDoc>(
    coll(ctx.db, 'orgs')
      .where({ _id: _.in(unitIds) })
      .limit(100),
  );
  const byId = new Map(orgs.map((o) => [o._id, o]));
  const counts = await Promise.all(
    unstamped.map((c) => {
      const org = byId.get(c.unitId);
      return updateWhere(coll(ctx.db, 'claims').where({ _id: c._id, scope: _.exists(false) }), {
        scope: org ? scopeOfOrg(org) : [c.unitId],
      });
    }),
  );
  return counts.reduce((t, n) => t + n, 0);
}

/**
 * Why the caller must not decide this claim, or undefined: their own claim (they are the worker),
 * one they filed, or one filed under (or for an enrolment with) an authorisation granted to them.
 * `auths` are the enrolment's authorisations (any status).
 */
export function conflictOfInterest(
  user: Pick<UserDoc, '_id'>,
  claim: Pick<ClaimDoc, 'workerId' | 'filedBy' | 'timeline'>,
  auths: readonly Pick<AuthorisationDoc, '_id' | 'granteeId'>[],
): string | undefined {
  if (claim.workerId === user._id) return '这是您本人的申请';
  if (claim.filedBy.userId === user._id) return '该申请由您提交';
  const mine = new Set(auths.filter((a) => a.granteeId === user._id).map((a) => a._id));
  if (claim.filedBy.authorisationId && mine.has(claim.filedBy.authorisationId))
    return '该申请以授予您的代办授权提交';
  if (mine.size > 0) return '您持有该职工的代办授权';
  if (
    claim.timeline.some(
      (e) => e.actor.userId === user._id && ['worker', 'family', 'unit_officer'].includes(e.actor.role),
    )
  )
    return '您曾代该职工办理该申请';
  return undefined;
}

/** The enrolment's authorisations (any status). Index: authorisations (enrollmentId, status). */
export const authorisationsOf = (ctx: HandlerContext, enrollmentId: string) =>
  findMany<AuthorisationDoc>(coll(ctx.db, 'authorisations').where({ enrollmentId }).limit(50));
