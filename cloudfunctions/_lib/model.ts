import { createHash } from 'node:crypto';
import type { Role } from '@shared/api/user';

/** The documents the functions share. Personal fields are sealed (pii.ts) or masked at rest. */
export interface UserDoc {
  _id: string;
  openid: string;
  registered: boolean;
  name?: string;
  nameMasked?: string;
  idHash?: string;
  idCipher?: string;
  idMasked?: string;
  /**
   * No birth date is kept in clear: with the masked ID and the unit's district it would narrow the
   * ID number to a handful of candidates. Rules that need it (retirement age) read it from the
   * sealed ID (pii.ts `personFacts`). Sex alone narrows nothing the masked ID does not show.
   */
  sex?: 'male' | 'female';
  phoneCipher?: string;
  phoneMasked?: string;
  /** The union service card is the account subsidies are paid into: sealed, shown masked. */
  unionCardCipher?: string;
  unionCardMasked?: string;
  unitId?: string;
  unitStatus: 'none' | 'pending' | 'approved';
  /** The worker's current join request (one at a time), so a new one replaces it. */
  joinRequestId?: string;
  /** Why the unit officer turned the last join request down, until the worker joins a unit. */
  unitRejection?: { unitName: string; reason: string; at: Date };
  roles: Role[];
  /** Officer roles, each bound to one org's subtree (a person may hold several). */
  grants?: RoleGrant[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RoleGrant {
  role: Exclude<Role, 'worker'>;
  orgId: string;
}

export interface OrgDoc {
  _id: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'bureau' | 'industry' | 'grassroots';
  parentId?: string;
  /** Root-first ids of every org above this one, for subtree checks and queries. */
  ancestors: string[];
  /** Grassroots units: the human-readable unit code (display only, never a credential). */
  code?: string;
  /** Grassroots units: the live random token in the unit's join QR (see joinTokens). */
  joinToken?: string;
  /** The administrative area the org serves, for a program's region rule. */
  region?: { province: string; city?: string; district?: string };
  /** Search keys: the names of the org and those above it, plus their pinyin initials. */
  searchText?: string;
  /** Grassroots units: the program's unit category (e.g. Puyang city vs county units). */
  category?: string;
  parentName?: string;
}

export interface JoinRequestDoc {
  _id: string;
  userId: string;
  unitId: string;
  via: 'qr' | 'search';
  /** removed: the unit officer took the member out of the unit after joining. */
  status: 'pending' | 'approved' | 'rejected' | 'removed' | 'left';
  reason?: string;
  decidedBy?: string;
  createdAt: Date;
  decidedAt?: Date;
}

/**
 * A user's document id is derived from the OPENID, so two first calls racing cannot create two
 * users, and the OPENID itself never spreads into other collections.
 */
export function userIdFor(openid: string): string {
  return 'u_' + createHash('sha256').update(openid).digest('hex').slice(0, 24);
}
