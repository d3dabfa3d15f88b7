import { claimLifecycle, type ClaimStatus } from '@shared/lifecycle/claim';

/** The labels of the one claim state machine (shared/lifecycle/claim), not a copy of them. */
export const CLAIM_STATUS_LABELS: Readonly<Record<ClaimStatus, string>> = claimLifecycle.labels;

type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'default' | 'info';

/** NutUI Tag type per status: orange while the worker has something to do, green when decided for. */
const TONES: Partial<Record<ClaimStatus, Tone>> = {
  submitted: 'info',
  unit_precheck: 'info',
  centre_review: 'info',
  appraisal: 'info',
  needs_material: 'warning',
  approved: 'success',
  in_payout: 'success',
  paid: 'success',
  recovery: 'warning',
  rejected: 'danger',
};

/** A status the machine gains later shows plain until it is given a tone here. */
export const statusTone = (s: ClaimStatus): Tone => TONES[s] ?? 'default';

const ROLES: Record<string, string> = {
  worker: '参保职工',
  family: '家属代办',
  unit_officer: '单位工会代办',
  officer: '经办人员',
  system: '系统',
};

/** "本人", or "家属代办 王*明", "经办人员". */
export function actorText(a: { role: string; name: string; isYou: boolean }): string {
  if (a.isYou) return '本人';
  if (a.role === 'system') return '系统';
  return a.name ? `${ROLES[a.role] ?? ''} ${a.name}`.trim() : (ROLES[a.role] ?? '');
}
