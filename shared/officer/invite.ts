/**
 * An officer invite (a QR whose scene is a random token): what makes one unusable, checked
 * in the order an officer would want to hear it.
 */
export const INVITE_LIMITS = { maxUses: 200, maxDays: 30 } as const;

export interface InviteState {
  status: 'active' | 'revoked';
  expiresAt: Date | string;
  uses: number;
  maxUses: number;
}

export type InviteRefusal = 'INVITE_REVOKED' | 'INVITE_EXPIRED' | 'INVITE_USED_UP';

export function inviteRefusal(invite: InviteState, now: Date): InviteRefusal | null {
  if (invite.status === 'revoked') return 'INVITE_REVOKED';
  if (new Date(invite.expiresAt).getTime() <= now.getTime()) return 'INVITE_EXPIRED';
  if (invite.uses >= invite.maxUses) return 'INVITE_USED_UP';
  return null;
}
