import { createHash } from 'node:crypto';
import type { Role } from '../../shared/api/user';

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
  birthDate?: string;
  sex?: 'male' | 'female';
  phoneCipher?: string;
  phoneMasked?: string;
  unionCardNo?: string;
  unitId?: string;
  unitStatus: 'none' | 'pending' | 'approved';
  roles: Role[];
  /** Orgs whose subtree this officer may act on. */
  officerOrgIds?: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface OrgDoc {
  _id: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'grassroots';
  parentId?: string;
  /** Root-first ids of every org above this one, for subtree checks and queries. */
  ancestors: string[];
  /** Grassroots units: the short code in the unit's QR scene. */
  code?: string;
  /** Grassroots units: the program's unit category (e.g. Puyang city vs county units). */
  category?: string;
  parentName?: string;
}

export interface JoinRequestDoc {
  _id: string;
  userId: string;
  unitId: string;
  via: 'qr' | 'search';
  status: 'pending' | 'approved' | 'rejected';
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
