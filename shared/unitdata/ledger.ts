/**
 * The fund ledger: what each payer owes for the enrolments of a month, from the fee lines
 * stored on every enrolment (the program's split at enrolment time), and how transfers
 * against those statements reconcile.
 *
 * The flow is Puyang's (seed 002): grassroots unions transfer their share (and, for paper
 * sign-ups, the workers' shares they collected) by the 10th; county and city subsidies are
 * pooled by the 25th; the total then goes to the provincial office. Each month's enrolments are
 * due in the following month. Workers who paid by WeChat Pay owe nothing here (the payment is
 * already with the centre's merchant account and is reconciled with the bill).
 */
import { addDays, type IsoDate } from '../calendar';
import type { Payer } from '../program/schema';

export interface FundFlow {
  /** Day of the following month by which each payer's share is due. */
  dueDay: Record<Payer, number>;
  /** Reminders go out this many days before a due day. */
  remindDaysBefore: number;
  source: string;
}

export const PUYANG_FLOW: FundFlow = {
  dueDay: {
    worker: 10,
    grassroots_union: 10,
    unit: 10,
    county_union: 25,
    city_union: 25,
    province_union: 25,
  },
  remindDaysBefore: 3,
  source:
    '濮阳市总工会：基层工会于每月10日前将本级承担的参保费用转至市总专户，25日前市、县两级工会将补助汇集至市总专户，再由经办机构统一转至省办事处（种子 002）。省总补助的到账日原文未写，按 25 日计。',
};

/** Which level of org pays a payer's share for an enrolment of a grassroots unit. */
export const PAYER_LEVEL: Record<Payer, 'grassroots' | 'district' | 'city' | 'province'> = {
  worker: 'grassroots',
  grassroots_union: 'grassroots',
  unit: 'grassroots',
  county_union: 'district',
  city_union: 'city',
  province_union: 'province',
};

/** One group of fee lines: the enrolments of one unit, one channel, one payer in the month. */
export interface FeeLineGroup {
  unitId: string;
  channel: 'paper' | 'online';
  payer: Payer;
  amountFen: number;
  count: number;
}

export interface OrgLevels {
  /** The unit's ancestors with their levels (root first), and the unit itself. */
  ancestorsOf(unitId: string): { id: string; level: string }[] | undefined;
}

export interface StatementDraft {
  month: string;
  payer: Payer;
  /** The org that owes (the unit for its own and its workers' collected shares). */
  orgId: string;
  dueOn: IsoDate;
  dueFen: number;
  enrolments: number;
  /** Per unit, for the statement's detail. */
  units: { unitId: string; amountFen: number; count: number }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

export const dueOn = (month: string, payer: Payer, flow: FundFlow = PUYANG_FLOW): IsoDate =>
  `${nextMonth(month)}-${pad(flow.dueDay[payer])}`;

/**
 * Statements of one month: one per (payer, paying org). Lines a payer cannot be placed for
 * (no org of the needed level above the unit) are returned as `unplaced` rather than lost.
 */
export function buildStatements(
  month: string,
  groups: readonly FeeLineGroup[],
  orgs: OrgLevels,
  flow: FundFlow = PUYANG_FLOW,
): { statements: StatementDraft[]; unplaced: FeeLineGroup[] } {
  const byKey = new Map<string, StatementDraft>();
  const unplaced: FeeLineGroup[] = [];
  for (const g of groups) {
    if (g.amountFen === 0) continue;
    // Paid by WeChat Pay: already collected, nobody owes it.
    if (g.payer === 'worker' && g.channel === 'online') continue;
    const level = PAYER_LEVEL[g.payer];
    const chain = orgs.ancestorsOf(g.unitId);
    const org = level === 'grassroots' ? { id: g.unitId } : chain?.find((o) => o.level === level);
    if (!org) {
      unplaced.push(g);
      continue;
    }
    const key = `${g.payer}|${org.id}`;
    let s = byKey.get(key);
    if (!s) {
      s = {
        month,
        payer: g.payer,
        orgId: org.id,
        dueOn: dueOn(month, g.payer, flow),
        dueFen: 0,
        enrolments: 0,
        units: [],
      };
      byKey.set(key, s);
    }
    s.dueFen += g.amountFen;
    s.enrolments += g.count;
    const u = s.units.find((x) => x.unitId === g.unitId);
    if (u) {
      u.amountFen += g.amountFen;
      u.count += g.count;
    } else s.units.push({ unitId: g.unitId, amountFen: g.amountFen, count: g.count });
  }
  return { statements: [...byKey.values()], unplaced };
}

export type StatementState = 'open' | 'paid' | 'part_paid' | 'overdue' | 'overpaid';

export const STATEMENT_STATE_LABELS: Record<StatementState, string> = {
  open: '待转账',
  paid: '已到账',
  part_paid: '部分到账',
  overdue: '逾期未足额到账',
  overpaid: '到账金额超出应缴',
};

export interface Reconciliation {
  state: StatementState;
  /** Something an officer must look at: paid ≠ due after the due day, or more than due. */
  mismatch: boolean;
  differenceFen: number;
  message?: string;
}

export function reconcile(
  s: { dueFen: number; paidFen: number; dueOn: IsoDate },
  today: IsoDate,
): Reconciliation {
  const diff = s.paidFen - s.dueFen;
  if (diff > 0)
    return {
      state: 'overpaid',
      mismatch: true,
      differenceFen: diff,
      message: `到账金额比应缴多 ${diff / 100} 元`,
    };
  if (diff === 0) return { state: s.dueFen === 0 ? 'open' : 'paid', mismatch: false, differenceFen: 0 };
  if (today > s.dueOn)
    return {
      state: 'overdue',
      mismatch: true,
      differenceFen: diff,
      message: `已过 ${s.dueOn}，尚差 ${-diff / 100} 元`,
    };
  return { state: s.paidFen > 0 ? 'part_paid' : 'open', mismatch: false, differenceFen: diff };
}

/** A statement needs a reminder today: not fully paid, due within the reminder days, not yet reminded for this due day. */
export function needsReminder(
  s: { dueFen: number; paidFen: number; dueOn: IsoDate; remindedFor?: IsoDate },
  today: IsoDate,
  flow: FundFlow = PUYANG_FLOW,
): boolean {
  if (s.paidFen >= s.dueFen || s.dueFen === 0) return false;
  if (s.remindedFor === s.dueOn) return false;
  return today >= addDays(s.dueOn, -flow.remindDaysBefore) && today <= s.dueOn;
}
