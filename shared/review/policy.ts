/**
 * How a program's claims are reviewed beyond what the program schema says: thresholds for the
 * automatic checks, the appraisal meeting's voting rule, the 公示 objection window, and whether
 * medical-insurance settlement records are approved directly. Data, keyed by the program's series
 * (so every year of a scheme shares it); a series without an entry gets `DEFAULT_REVIEW_POLICY`.
 * The seeds do not state these numbers: each value says why it was chosen.
 */
import type { Program } from '../program/schema';

export interface MeetingRule {
  /** Members who may vote (not recused) needed for a decision on a claim. */
  quorum: number;
  /** A claim passes when approving votes exceed this share of the votes cast (5000 = a simple majority). */
  passAboveBp: number;
  label: string;
}

export interface ReviewPolicy {
  /** An estimate at or above this amount is flagged `REVIEW.AMOUNT_HIGH` (far above the typical claim). */
  highAmountFen: Record<string, number>;
  /** Fallback for benefits not listed. */
  defaultHighAmountFen: number;
  meeting: MeetingRule;
  /** Calendar days after publication in which anyone signed in may object to a line. */
  objectionWindowDays: number;
  /** Settlement records imported from medical insurance: the worker confirms, or the centre approves directly. */
  settlementImport: 'worker_confirms' | 'centre_approves';
  /** The benefit the settlement import files claims for. */
  settlementBenefitId?: string;
  /** Days after which a waiting claim counts as long-waiting in the queue. */
  longWaitDays: number;
  /** Working days before the payout deadline from which an item is highlighted as near. */
  nearDueWorkingDays: number;
  notes: string[];
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  highAmountFen: {},
  defaultHighAmountFen: 2_000_000,
  meeting: {
    quorum: 3,
    passAboveBp: 5000,
    label: '到会（未回避）委员不少于 3 人，赞成票超过投票数的一半为通过',
  },
  objectionWindowDays: 7,
  settlementImport: 'worker_confirms',
  longWaitDays: 30,
  nearDueWorkingDays: 3,
  notes: ['未单独配置的项目使用默认审核参数'],
};

const POLICIES: Record<string, Partial<ReviewPolicy>> = {
  'wujin-medical-mutual-aid': {
    // Tiers top out at 50,000 yuan; 10,000 yuan and above (≥ 40,000 self-paid) is rare enough to look twice at.
    highAmountFen: { hospitalisation: 1_000_000, critical_illness: 500_001, work_injury: 500_001 },
    settlementImport: 'worker_confirms',
    settlementBenefitId: 'hospitalisation',
    notes: [
      '住院补助 1 万元及以上（累计自理 4 万元以上）提示复核',
      '使用常州医保结算的住院记录由中心导入，职工确认后提交（通知要求职工在小程序中提交申请）',
      '公示异议期 7 天、鉴定会简单多数通过为本系统设定，通知未规定',
    ],
  },
};

export function reviewPolicyFor(program: Pick<Program, 'series'>): ReviewPolicy {
  return { ...DEFAULT_REVIEW_POLICY, ...(POLICIES[program.series] ?? {}) };
}

export const highAmountFor = (policy: ReviewPolicy, benefitId: string): number =>
  policy.highAmountFen[benefitId] ?? policy.defaultHighAmountFen;
