import { ROLE_LABELS } from '@shared/officer/roles';
import type { Limit } from './rate-limit';
import type { InviteDoc } from './officer-model';
import type { RoleGrant, UserDoc } from './model';

/** What the officer function's grant and invite actions share. */

export const INVITE_PAGE = 'packageOfficer/pages/accept-invite/index';

/** Invite look-ups per caller: an officer scans a code or two, a script tries thousands. */
export const INVITE_LIMIT: Limit = {
  bucket: 'invite',
  max: 20,
  windowMs: 10 * 60 * 1000,
  code: 'OFFICER.RATE_LIMITED',
};

export const sameGrant = (a: RoleGrant, b: RoleGrant) => a.role === b.role && a.orgId === b.orgId;
export const holds = (user: Pick<UserDoc, 'grants'> | null, g: RoleGrant) =>
  (user?.grants ?? []).some((h) => sameGrant(h, g));

export const inviteView = (i: InviteDoc, orgName: string) => ({
  id: i._id,
  role: i.role,
  roleLabel: ROLE_LABELS[i.role],
  orgId: i.orgId,
  orgName,
  expiresAt: new Date(i.expiresAt).toISOString(),
  maxUses: i.maxUses,
  uses: i.uses,
  status: i.status,
});
