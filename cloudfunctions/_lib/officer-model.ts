import { createHash } from 'node:crypto';
import type { ApplicationMemberStatus, GroupApplicationStatus } from '@shared/lifecycle';
import type { RoleGrant } from './model';

/** Documents of the officer function: invites, free quotas, group applications. */

/** An officer invite: the random token (the QR's scene) is the id. */
export interface InviteDoc {
  _id: string;
  role: RoleGrant['role'];
  orgId: string;
  /** Root-first ancestors of the org, so an org's invites are listed by subtree. */
  orgAncestors: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  maxUses: number;
  uses: number;
  status: 'active' | 'revoked';
  revokedBy?: string;
  revokedAt?: Date;
}

/** One person's acceptance of one invite: the deterministic id makes a second accept a no-op. */
export interface InviteAcceptanceDoc {
  _id: string;
  inviteId: string;
  userId: string;
  at: Date;
}

/** A unit's free places in one program batch (Jinan 附件2), as data. */
export interface QuotaAllocationDoc {
  _id: string;
  programId: string;
  batchId: string;
  unitId: string;
  places: number;
  /** How many counter slices the places are split into (fixed when created). */
  slices: number;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One slice of an allocation's counter; the id is derived (`<allocationId>_s<i>`). */
export interface QuotaCounterDoc {
  _id: string;
  allocationId: string;
  slice: number;
  places: number;
  remaining: number;
}

export interface GroupApplicationDoc {
  _id: string;
  unitId: string;
  unitName: string;
  /** The unit's ancestors, so reviewers list their subtree's applications with one query. */
  unitAncestors: string[];
  parentLevel?: string;
  programId: string;
  programName: string;
  /** A rider's main program: its members must hold it or be in the unit's application for it. */
  mainProgramId?: string;
  route?: string;
  batchId: string;
  funding: 'quota' | 'transfer';
  allocationId?: string;
  /** The allocation's slice count (fixed when it is created), so a reservation needs no read of it. */
  allocationSlices?: number;
  perMemberFen: number;
  feeLines: { payer: string; label: string; amountFen: number }[];
  status: GroupApplicationStatus;
  unionMembers?: number;
  /** Counted at submission (members held) and kept for the reviewer and the ledger. */
  members?: number;
  amountOwedFen?: number;
  reason?: string;
  openedBy: string;
  submittedBy?: string;
  submittedAt?: Date;
  decidedBy?: string;
  decidedAt?: Date;
  /** The coverage start the approval gave the enrolments (one year from the contract's effect). */
  effectiveDate?: string;
  /** Set while a decision's member writes (enrolments, released places) are not all done. */
  pendingSettlement: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A member of a group application and, on a free-quota route, the member's reservation: the id
 * is derived from the application and the worker, so a retried submission finds the same
 * record and never reserves (or releases) a second place.
 */
export interface ApplicationMemberDoc {
  _id: string;
  applicationId: string;
  unitId: string;
  userId: string;
  status: ApplicationMemberStatus;
  /** The counter slice the place was taken from (free-quota route only). */
  sliceId?: string;
  flags: string[];
  enrollmentId?: string;
  submittedAt: Date;
  updatedAt: Date;
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

export const allocationIdFor = (programId: string, batchId: string, unitId: string) =>
  'qa_' + hex(`${programId}|${batchId}|${unitId}`).slice(0, 24);
export const sliceIdFor = (allocationId: string, slice: number) => `${allocationId}_s${slice}`;
export const applicationIdFor = (key: string) => 'ga_' + hex(key).slice(0, 24);
export const memberIdFor = (applicationId: string, userId: string) =>
  'am_' + hex(`${applicationId}|${userId}`).slice(0, 24);
export const acceptanceIdFor = (inviteId: string, userId: string) =>
  'ia_' + hex(`${inviteId}|${userId}`).slice(0, 24);
