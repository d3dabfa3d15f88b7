/**
 * The claim's facts against the program and the enrolment's coverage: what is missing (for an
 * estimate or a submission), and what contradicts itself or the coverage (always). Each issue
 * names its field (`facts.stays.0.dischargedOn`) and says what is wrong in Chinese.
 */
import { attributeStay } from '../benefits/boundary';
import type { Benefit, Program } from '../program/schema';
import { AppError } from '../errors';
import {
  FIELD_LABELS,
  type ClaimFactsDraft,
  type ClaimStay,
  type CriticalIllnessFacts,
  type StayFacts,
  type WorkInjuryFacts,
} from './facts';

export interface Coverage {
  start: string;
  end: string;
}

export interface FactIssue {
  field: string;
  message: string;
}

export interface CheckOptions {
  coverage: Coverage;
  /** China date of today: nothing claimed may lie after it. */
  today: string;
  /** true: everything needed for an estimate must be present; false (a draft): only contradictions. */
  complete: boolean;
}

const coverageText = (c: Coverage) => `保障期（${c.start} 至 ${c.end}）`;

class Issues {
  readonly list: FactIssue[] = [];
  constructor(private readonly complete: boolean) {}
  add(field: string, message: string) {
    this.list.push({ field: `facts.${field}`, message });
  }
  /** A field needed for the estimate; reported only when completeness is asked for. */
  need(value: unknown, field: string, label: string, prefix = '') {
    if (value === undefined && this.complete) this.add(field, `${prefix}请填写${label}`);
  }
}

const stayLabel = (i: number) => `第${i + 1}次住院：`;

/** The critical-illness categories a stay's diagnosis may name (from every fixed-grant benefit). */
export function criticalIllnessCategories(
  program: Program,
): { benefit: Benefit; id: string; label: string }[] {
  return program.benefits.flatMap((b) =>
    b.rule.kind === 'fixed_grant'
      ? b.rule.categories.map((c) => ({ benefit: b, id: c.id, label: c.label }))
      : [],
  );
}

function checkStayDates(
  program: Program,
  stay: ClaimStay,
  i: number,
  opts: CheckOptions,
  issues: Issues,
): void {
  const p = stayLabel(i);
  const at = (f: string) => `stays.${i}.${f}`;
  const { admittedOn: a, dischargedOn: d } = stay;
  if (a && d && d < a) issues.add(at('dischargedOn'), `${p}出院日期（${d}）早于入院日期（${a}）`);
  if (a && a > opts.today) issues.add(at('admittedOn'), `${p}入院日期（${a}）晚于今天`);
  if (d && d > opts.today) issues.add(at('dischargedOn'), `${p}出院日期（${d}）晚于今天，请出院结算后再申请`);
  if (!a || !d || d < a) return;
  try {
    const part = attributeStay(
      program.coverage.boundaryStay,
      { admittedOn: a, dischargedOn: d },
      opts.coverage,
      () => p,
      `stays.${i}`,
    );
    if (part.kind === 'none') {
      const by = part.by === 'admittedOn' ? '入院' : '出院';
      issues.add(at(part.by), `${p}${by}日期不在${coverageText(opts.coverage)}内，不能在本期申请`);
    }
  } catch (err) {
    if (err instanceof AppError) issues.add(at('dischargedOn'), `${p}${err.message}`);
    else throw err;
  }
}

function checkStay(program: Program, stay: ClaimStay, i: number, opts: CheckOptions, issues: Issues): void {
  const p = stayLabel(i);
  const at = (f: string) => `stays.${i}.${f}`;
  for (const f of ['admittedOn', 'dischargedOn', 'hospital', 'settlement', 'cause', 'selfPaidFen'] as const)
    issues.need(stay[f], at(f), FIELD_LABELS[f], p);
  if (stay.settlement === 'none') issues.need(stay.invoiceNo, at('invoiceNo'), FIELD_LABELS.invoiceNo, p);
  if (stay.settlement === 'none' && stay.cause === 'traffic_accident')
    issues.need(stay.totalCostFen, at('totalCostFen'), FIELD_LABELS.totalCostFen, p);
  checkStayDates(program, stay, i, opts, issues);
  if (stay.criticalIllnessCategory !== undefined) {
    const known = criticalIllnessCategories(program).some((c) => c.id === stay.criticalIllnessCategory);
    if (!known) issues.add(at('criticalIllnessCategory'), `${p}本项目没有该重大疾病类别`);
  }
}

function checkStays(program: Program, facts: StayFacts, opts: CheckOptions, issues: Issues): void {
  if (opts.complete && facts.stays.length === 0) issues.add('stays', '请至少填写一次住院');
  facts.stays.forEach((s, i) => checkStay(program, s, i, opts, issues));
  const seen = new Map<string, number>();
  facts.stays.forEach((s, i) => {
    if (!s.invoiceNo) return;
    const key = s.invoiceNo.replace(/\s+/g, '').toUpperCase();
    const first = seen.get(key);
    if (first !== undefined)
      issues.add(`stays.${i}.invoiceNo`, `${stayLabel(i)}结算票据号码与第${first + 1}次住院相同`);
    else seen.set(key, i);
  });
}

function inCoverage(
  date: string | undefined,
  field: string,
  label: string,
  opts: CheckOptions,
  issues: Issues,
) {
  if (!date) return;
  if (date > opts.today) issues.add(field, `${label}（${date}）晚于今天`);
  else if (date < opts.coverage.start || date > opts.coverage.end)
    issues.add(field, `${label}（${date}）不在${coverageText(opts.coverage)}内，不能在本期申请`);
}

function checkCritical(
  benefit: Benefit,
  facts: CriticalIllnessFacts,
  opts: CheckOptions,
  issues: Issues,
): void {
  for (const f of ['category', 'diagnosedOn', 'firstDiagnosis', 'hospital', 'hospitalLevel'] as const)
    issues.need(facts[f], f, FIELD_LABELS[f]);
  const rule = benefit.rule;
  if (
    facts.category !== undefined &&
    rule.kind === 'fixed_grant' &&
    !rule.categories.some((c) => c.id === facts.category)
  )
    issues.add('category', `${benefit.name}没有该重大疾病类别`);
  if (facts.firstDiagnosis === false)
    issues.add('firstDiagnosis', `${benefit.name}只补助保障期内首次确诊，此前已确诊的不能申请`);
  inCoverage(facts.diagnosedOn, 'diagnosedOn', FIELD_LABELS.diagnosedOn, opts, issues);
}

function checkInjury(facts: WorkInjuryFacts, opts: CheckOptions, issues: Issues): void {
  for (const f of ['injuredOn', 'decidedOn', 'decisionNo', 'outcome'] as const)
    issues.need(facts[f], f, FIELD_LABELS[f]);
  if (facts.outcome === 'disability') issues.need(facts.grade, 'grade', '劳动能力鉴定的伤残等级');
  if (facts.outcome === 'death' && facts.grade !== undefined) issues.add('grade', '工亡申请无需填写伤残等级');
  inCoverage(facts.injuredOn, 'injuredOn', FIELD_LABELS.injuredOn, opts, issues);
  const { injuredOn, decidedOn, appraisedOn } = facts;
  if (decidedOn && decidedOn > opts.today)
    issues.add('decidedOn', `${FIELD_LABELS.decidedOn}（${decidedOn}）晚于今天`);
  if (injuredOn && decidedOn && decidedOn < injuredOn)
    issues.add('decidedOn', `${FIELD_LABELS.decidedOn}（${decidedOn}）早于工伤事故发生日期（${injuredOn}）`);
  if (appraisedOn && appraisedOn > opts.today)
    issues.add('appraisedOn', `${FIELD_LABELS.appraisedOn}（${appraisedOn}）晚于今天`);
  if (appraisedOn && injuredOn && appraisedOn < injuredOn)
    issues.add(
      'appraisedOn',
      `${FIELD_LABELS.appraisedOn}（${appraisedOn}）早于工伤事故发生日期（${injuredOn}）`,
    );
}

/** Every issue of the facts, in field order; empty when they may be estimated (or kept as a draft). */
export function checkFacts(
  program: Program,
  benefit: Benefit,
  facts: ClaimFactsDraft,
  opts: CheckOptions,
): FactIssue[] {
  const issues = new Issues(opts.complete);
  if (facts.kind !== benefit.rule.kind) {
    issues.add('kind', `${benefit.name}的申请信息类型不符`);
    return issues.list;
  }
  if (facts.kind === 'tiered_annual' || facts.kind === 'ratio') checkStays(program, facts, opts, issues);
  else if (facts.kind === 'fixed_grant') checkCritical(benefit, facts, opts, issues);
  else checkInjury(facts, opts, issues);
  return issues.list;
}

/** Refuses with the first issue (CLAIM.INVALID_FACT naming the field), or returns. */
export function assertFacts(
  program: Program,
  benefit: Benefit,
  facts: ClaimFactsDraft,
  opts: CheckOptions,
): void {
  const first = checkFacts(program, benefit, facts, opts)[0];
  if (first) throw new AppError('CLAIM.INVALID_FACT', first.message, `payload.${first.field}`);
}
