/**
 * The quarterly appraisal meeting (重大疾病鉴定会): who must step aside on which claim, and what
 * the recorded votes decide under the program's rule (data: `ReviewPolicy.meeting`).
 */
import type { MeetingRule } from './policy';

export interface MemberFacts {
  userId: string;
  /** The member's own unit (as a worker), if any. */
  unitId?: string;
  /** Orgs the member holds a unit_officer grant on. */
  unitOfficerOf: readonly string[];
}

export interface ClaimParties {
  workerId: string;
  unitId: string;
  filedById: string;
  /** Holders of authorisations on the claim's enrolment (family members). */
  authorisedIds: readonly string[];
}

export type RecusalReason = 'worker' | 'filed' | 'authorised' | 'same_unit';

export const RECUSAL_LABELS: Record<RecusalReason, string> = {
  worker: '本人申请',
  filed: '经办提交了该申请',
  authorised: '受该职工授权代办（亲属关系）',
  same_unit: '与申请人同一单位',
};

/** Why a member must not vote on a claim, or undefined. */
export function recusalReason(m: MemberFacts, c: ClaimParties): RecusalReason | undefined {
  if (m.userId === c.workerId) return 'worker';
  if (m.userId === c.filedById) return 'filed';
  if (c.authorisedIds.includes(m.userId)) return 'authorised';
  if (m.unitId === c.unitId || m.unitOfficerOf.includes(c.unitId)) return 'same_unit';
  return undefined;
}

export type Vote = 'approve' | 'reject' | 'abstain';
export type Outcome = 'approved' | 'rejected' | 'undecided';

export interface Tally {
  approve: number;
  reject: number;
  abstain: number;
  eligible: number;
  outcome: Outcome;
  text: string;
}

/**
 * Votes decide when at least `quorum` eligible members voted: approving votes above
 * `passAboveBp` of the votes cast pass the claim, else it is rejected; short of the quorum it
 * stays undecided (the next meeting takes it).
 */
export function tally(votes: readonly Vote[], eligible: number, rule: MeetingRule): Tally {
  const approve = votes.filter((v) => v === 'approve').length;
  const reject = votes.filter((v) => v === 'reject').length;
  const abstain = votes.filter((v) => v === 'abstain').length;
  const cast = votes.length;
  const base = { approve, reject, abstain, eligible };
  if (cast < rule.quorum)
    return { ...base, outcome: 'undecided', text: `投票 ${cast} 人，不足 ${rule.quorum} 人，留待下次会商` };
  const passed = approve * 10000 > cast * rule.passAboveBp;
  return {
    ...base,
    outcome: passed ? 'approved' : 'rejected',
    text: `赞成 ${approve}、反对 ${reject}、弃权 ${abstain}，${passed ? '通过' : '未通过'}`,
  };
}
