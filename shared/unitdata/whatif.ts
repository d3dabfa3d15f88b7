/**
 * Fee what-if: next year's fee, subsidy split or tiers changed in a copy of a program, tried on
 * this year's real enrolments and claims. Premiums come from the copy's fee split per unit
 * category; payouts are what the benefit calculator (`shared/benefits`) would have paid on the
 * claims' stored facts, claim by claim in filing order so a worker's later claim pays only the
 * difference, exactly as it does for real. Pure: the action loads and calls it.
 */
import { calculateAmount, type ClaimFactsInput, type PaidRecord } from '../benefits';
import { AppError } from '../errors';
import { feeSplitFor, type Payer, type Program, type ProgramInput } from '../program';
import { parseProgram } from '../program/parse';
import { claimsRatioBp } from './progress';

/** What the centre admin may change in the copy. */
export interface ProgramVariant {
  perShareFen?: number;
  /** Replace the lines of fee schedules, by schedule id (they must still sum to the fee). */
  schedules?: { id: string; lines: { payer: Payer; label: string; amountFen: number }[] }[];
  /** Replace the tiers of tiered benefits, by benefit id. */
  tiers?: { benefitId: string; tiers: { minFen: number; amountFen: number }[] }[];
}

/** The copy with the changes applied, validated by the program schema (sums, tier order…). */
export function applyVariant(base: Program, variant: ProgramVariant): Program {
  const copy = JSON.parse(JSON.stringify(base)) as ProgramInput;
  if (variant.perShareFen !== undefined) copy.fee.perShareFen = variant.perShareFen;
  for (const s of variant.schedules ?? []) {
    const target = copy.fee.schedules.find((x) => x.id === s.id);
    if (!target) throw new AppError('PROGRAM.INVALID', `没有该费用方案：${s.id}`, 'variant.schedules');
    target.lines = s.lines.map((l) => ({ ...l }));
  }
  for (const t of variant.tiers ?? []) {
    const b = copy.benefits.find((x) => x.id === t.benefitId);
    if (!b || b.rule.kind !== 'tiered_annual')
      throw new AppError('PROGRAM.INVALID', `没有按档次给付的补助：${t.benefitId}`, 'variant.tiers');
    b.rule.tiers = t.tiers.map((x) => ({ ...x }));
  }
  copy.id = `${base.id}-whatif`;
  return parseProgram(copy);
}

export interface WhatIfEnrolmentGroup {
  /** The unit category that selects the fee schedule (Puyang's city vs county units). */
  unitCategory?: string;
  count: number;
  /** What these enrolments were actually charged in total (for the "actual" column). */
  actualTotalFen: number;
}

export interface WhatIfClaim {
  /** Claims of the same worker share a key (their history). */
  workerKey: string;
  benefitId: string;
  facts: ClaimFactsInput;
  /** The claim's coverage period (its enrolment's). */
  coverage: { start: string; end: string };
  /** Filing order. */
  order: number;
  /** What was actually decided (paid or approved). */
  actualFen: number;
}

export interface Scenario {
  premiumsFen: number;
  byPayerFen: Partial<Record<Payer, number>>;
  payoutsFen: number;
  claimsRatioBp: number | null;
  /** Claims the calculator could not price under this program (benefit removed, facts refused). */
  unpriced: number;
  /** Claims priced with a blocking warning (e.g. an unpublished amount): counted at 0. */
  blocked: number;
}

export interface WhatIfResult {
  actual: { premiumsFen: number; payoutsFen: number; claimsRatioBp: number | null };
  base: Scenario;
  variant: Scenario;
  enrolments: number;
  claims: number;
}

function premiums(program: Program, groups: readonly WhatIfEnrolmentGroup[]) {
  const byPayerFen: Partial<Record<Payer, number>> = {};
  let total = 0;
  for (const g of groups) {
    const split = feeSplitFor(program, { unitCategory: g.unitCategory });
    total += split.totalFen * g.count;
    for (const l of split.lines) byPayerFen[l.payer] = (byPayerFen[l.payer] ?? 0) + l.amountFen * g.count;
  }
  return { total, byPayerFen };
}

function payouts(program: Program, claims: readonly WhatIfClaim[]) {
  const history = new Map<string, PaidRecord[]>();
  let total = 0;
  let unpriced = 0;
  let blocked = 0;
  for (const c of [...claims].sort((a, b) => a.order - b.order)) {
    const mine = history.get(c.workerKey) ?? [];
    try {
      const r = calculateAmount(
        program,
        c.benefitId,
        { ...c.facts, period: c.coverage } as ClaimFactsInput,
        mine,
      );
      if (r.warnings.some((w) => w.blocking)) blocked++;
      else {
        total += r.amountFen;
        mine.push({
          benefitId: r.benefitId,
          periodStart: r.periodStart,
          subject: r.subject,
          amountFen: r.amountFen,
        });
        history.set(c.workerKey, mine);
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      unpriced++;
    }
  }
  return { total, unpriced, blocked };
}

function scenario(
  program: Program,
  groups: readonly WhatIfEnrolmentGroup[],
  claims: readonly WhatIfClaim[],
): Scenario {
  const p = premiums(program, groups);
  const c = payouts(program, claims);
  return {
    premiumsFen: p.total,
    byPayerFen: p.byPayerFen,
    payoutsFen: c.total,
    claimsRatioBp: claimsRatioBp(c.total, p.total),
    unpriced: c.unpriced,
    blocked: c.blocked,
  };
}

export function whatIf(
  base: Program,
  variant: ProgramVariant,
  groups: readonly WhatIfEnrolmentGroup[],
  claims: readonly WhatIfClaim[],
): WhatIfResult {
  const copy = applyVariant(base, variant);
  const actualPremiums = groups.reduce((t, g) => t + g.actualTotalFen, 0);
  const actualPaid = claims.reduce((t, c) => t + c.actualFen, 0);
  return {
    actual: {
      premiumsFen: actualPremiums,
      payoutsFen: actualPaid,
      claimsRatioBp: claimsRatioBp(actualPaid, actualPremiums),
    },
    base: scenario(base, groups, claims),
    variant: scenario(copy, groups, claims),
    enrolments: groups.reduce((t, g) => t + g.count, 0),
    claims: claims.length,
  };
}
