/**
 * The program (项目) schema: everything a union federation's notice decides, as data.
 * A new region is a new data file that parses with `parseProgram`, never new code.
 *
 * Money is integer fen, ratios are basis points (10000 = 100%), dates are 'YYYY-MM-DD'
 * in China time. Cross-field rules (fee lines summing to the fee, references to defined
 * groups and benefits, tier order) are checked here so a bad file is refused with the
 * offending field named.
 */
import { z } from 'zod';
import { fenSchema } from '../money-schema';
import { isoDateSchema } from '../calendar';

const id = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, '标识只能包含小写字母、数字、- 和 _');
const text = z.string().min(1, '不能为空');
const fenAmount = fenSchema;
const basisPoints = z.number().int('比例必须是整数万分比').min(0).max(10000);

/** Who pays a part of the fee. */
export const payerSchema = z.enum([
  'worker',
  'grassroots_union',
  'unit',
  'county_union',
  'city_union',
  'province_union',
]);
export type Payer = z.infer<typeof payerSchema>;

export const PAYER_LABELS: Record<Payer, string> = {
  worker: '职工个人',
  grassroots_union: '基层工会',
  unit: '用人单位',
  county_union: '区县总工会',
  city_union: '市总工会',
  province_union: '省总工会',
};

const feeLineSchema = z.strictObject({
  payer: payerSchema,
  /** As the notice says it, e.g. 区总工会补助. */
  label: text,
  amountFen: fenAmount,
  /** Others allowed to pay this part instead, e.g. Guangdong's 20 yuan: 职工或所在单位工会. */
  alternatePayers: z.array(payerSchema).optional(),
});

/** Selects a fee schedule; every listed condition must hold; no condition = default. */
const feeConditionSchema = z.strictObject({
  unitCategories: z.array(id).min(1).optional(),
  groups: z.array(id).min(1).optional(),
  routes: z.array(id).min(1).optional(),
});

const feeScheduleSchema = z.strictObject({
  id,
  label: text,
  when: feeConditionSchema.optional(),
  lines: z.array(feeLineSchema).min(1),
});

const feeSchema = z.strictObject({
  /** Price of one share (份) or head (人). */
  perShareFen: fenAmount.positive('费用必须大于 0'),
  unit: z.enum(['head', 'share']),
  /** First matching schedule wins, so list specific schedules before the default. */
  schedules: z.array(feeScheduleSchema).min(1),
});

export const eligibilityCodeSchema = z.enum([
  'ACTIVE_WORKER',
  'NOT_RETIRED',
  'UNION_CARD',
  'UNION_MEMBER',
  'BASIC_MEDICAL_INSURANCE',
  'UNIT_IN_REGION',
  'FEMALE',
]);
export type EligibilityCode = z.infer<typeof eligibilityCodeSchema>;

const eligibilitySchema = z.strictObject({
  /** The notice's own words. */
  text,
  requirements: z.array(z.strictObject({ code: eligibilityCodeSchema, label: text })).min(1),
});

const namedSchema = z.strictObject({ id, label: text, note: z.string().optional() });

const windowSchema = z.strictObject({ opens: isoDateSchema, closes: isoDateSchema });

const enrolmentSchema = z.strictObject({
  /** Null when there is no single window (e.g. only quarterly batches). */
  window: windowSchema.nullable(),
  /** Quarterly (or other) batches, each its own window; enrolment is open inside any batch. */
  batches: z.array(windowSchema.extend({ id, label: text, routes: z.array(id).optional() })).default([]),
  channels: z.array(namedSchema).min(1),
  /** A worker can be enrolled only once per coverage period (no second submission). */
  oncePerCoverage: z.boolean(),
});

/**
 * Which coverage period a hospital stay that crosses a boundary belongs to (admitted in one
 * period, discharged in the next). None of the seeds says it, so each program states the
 * rule and why; the calculator applies it and warns the reviewer (`CLAIM.STAY_CROSSES_COVERAGE`).
 * - `discharge_date`: the period the stay ends in (the settlement, and so the self-paid amount,
 *   exists only at discharge);
 * - `admission_date`: the period the stay begins in (the insured event is the admission);
 * - `split_by_days`: the stay's amount is shared by the days in each period (admission day
 *   counts, discharge day does not: 算入不算出).
 */
export const boundaryStayRuleSchema = z.enum(['admission_date', 'discharge_date', 'split_by_days']);
export type BoundaryStayRule = z.infer<typeof boundaryStayRuleSchema>;
const boundaryStaySchema = z.strictObject({ rule: boundaryStayRuleSchema, reason: text });

const coverageSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fixed'),
    start: isoDateSchema,
    end: isoDateSchema,
    boundaryStay: boundaryStaySchema.optional(),
  }),
  z.strictObject({ kind: z.literal('one_year_from_effective'), boundaryStay: boundaryStaySchema.optional() }),
]);

/**
 * Who the participation share is counted against. Only union members (会员) so far — the
 * one denominator a seed names (Jinan's 会员不少于70%); another (all in-service staff) would
 * be a new value here and a new count in `checkGroupParticipation`.
 */
const participationDenominatorSchema = z.enum(['union_members']);
export type ParticipationDenominator = z.infer<typeof participationDenominatorSchema>;

/**
 * A unit may join as a group only if at least `minBp` of its `of` enrol (7000 = 70%). Scoped
 * to the enrolment route the notice ties it to: Jinan's 70% binds the unit-paid route
 * (单位缴费), not the city-funded 普惠 route. No `route` = every enrolment of the program.
 */
const participationRuleSchema = z.strictObject({
  route: id.optional(),
  minBp: basisPoints,
  of: participationDenominatorSchema,
  /** The notice's words, e.g. 会员不少于70%. */
  label: text,
});

const groupRulesSchema = z.strictObject({
  participation: z.array(participationRuleSchema).default([]),
  /** A rider: the worker must hold (or enrol together in) this main program. */
  requiresProgramId: id.optional(),
  note: z.string().optional(),
});

const quotaSchema = z.strictObject({
  allocation: z.enum(['first_come_first_served', 'allocated_by_notice']),
  scope: z.enum(['per_unit_per_batch', 'per_unit', 'per_city']),
  totalHeadcount: z.number().int().positive().optional(),
  groupHeadcounts: z.array(z.strictObject({ group: id, headcount: z.number().int().positive() })).default([]),
  /** Applies only to these enrolment routes (e.g. Jinan's city-funded route). */
  routes: z.array(id).optional(),
  note: text,
});

// ---- benefit rules ------------------------------------------------------------------------

const settlementSchema = z.enum(['insurance', 'none']);
const stayCauseSchema = z.enum(['illness', 'accident', 'traffic_accident', 'work_injury']);
export type Settlement = z.infer<typeof settlementSchema>;
export type StayCause = z.infer<typeof stayCauseSchema>;

const stayAdjustmentSchema = z.strictObject({
  id,
  /** As the notice words it, shown in the explanation. */
  label: text,
  when: z.strictObject({
    settlement: settlementSchema.optional(),
    causes: z.array(stayCauseSchema).min(1).optional(),
  }),
  /** Which amount of the stay the ratio applies to. */
  basis: z.enum(['self_paid', 'liability_share_total']),
  ratioBp: basisPoints,
  /** Set when the stay counts nothing (e.g. work injury): the reason shown. */
  excludedReason: z.string().optional(),
});

const tierSchema = z.strictObject({ minFen: fenAmount, amountFen: fenAmount });

const tieredAnnualRuleSchema = z.strictObject({
  kind: z.literal('tiered_annual'),
  basisLabel: text,
  /** Ascending; lower bound inclusive; below the first tier pays 0. */
  tiers: z.array(tierSchema).min(1),
  /** First matching adjustment wins; list specific ones (work injury, traffic) first. */
  stayAdjustments: z.array(stayAdjustmentSchema).min(1),
});

const conditionSchema = z.strictObject({ id, label: text });

/**
 * Whether the notice publishes the amount (or ratio) of a grant category or benefit. A seed
 * that names a benefit without its amount (Jinan 2025's 44 diseases: the terms are in an
 * annex that was not published) is written as `amountFen: null` (or `ratioBp: null`) with
 * `amountStatus: 'unknown'` and the reason, never as a made-up number: the calculator then
 * pays 0 with the blocking warning `BENEFIT.AMOUNT_UNKNOWN`.
 */
const amountStatusSchema = z.enum(['published', 'unknown']);
export type AmountStatus = z.infer<typeof amountStatusSchema>;

const fixedGrantRuleSchema = z.strictObject({
  kind: z.literal('fixed_grant'),
  categories: z
    .array(
      z.strictObject({
        id,
        label: text,
        /** null only with `amountStatus: 'unknown'`. */
        amountFen: fenAmount.positive().nullable(),
        amountStatus: amountStatusSchema.default('published'),
        /** Why the amount is unknown (required with `amountStatus: 'unknown'`). */
        amountUnknownReason: text.optional(),
        grantLabel: text,
        listNote: z.string().optional(),
      }),
    )
    .min(1),
  /** Conditions the officer confirms before a grant (first diagnosis, qualified hospital…). */
  conditions: z.array(conditionSchema).default([]),
  /** Each category is paid at most once per coverage period. */
  oncePer: z.literal('category_per_coverage'),
});

const gradeTableRuleSchema = z.strictObject({
  kind: z.literal('grade_table'),
  rows: z
    .array(
      z.strictObject({
        grades: z.array(z.number().int().min(1).max(10)).min(1),
        includesDeath: z.boolean(),
        amountFen: fenAmount.positive(),
      }),
    )
    .min(1),
  conditions: z.array(conditionSchema).default([]),
});

const ratioRuleSchema = z.strictObject({
  kind: z.literal('ratio'),
  basisLabel: text,
  /** null only with `amountStatus: 'unknown'`. */
  ratioBp: basisPoints.nullable(),
  /**
   * Cap on what one worker gets in one coverage period; null = the notice sets none (or,
   * with `amountStatus: 'unknown'`, nothing is known).
   */
  capPerCoverageFen: fenAmount.positive().nullable(),
  amountStatus: amountStatusSchema.default('published'),
  /** Why the ratio is unknown (required with `amountStatus: 'unknown'`). */
  amountUnknownReason: text.optional(),
  conditions: z.array(conditionSchema).default([]),
});

export const benefitRuleSchema = z.discriminatedUnion('kind', [
  tieredAnnualRuleSchema,
  fixedGrantRuleSchema,
  gradeTableRuleSchema,
  ratioRuleSchema,
]);

const materialSchema = z.strictObject({
  id,
  label: text,
  /** Needed only in these situations; empty = always. */
  situations: z.array(id).default([]),
  /** Needed once per hospital stay in that situation. */
  perStay: z.boolean().default(false),
  /** The claim page offers a downloadable template (e.g. the death-benefit declaration). */
  template: z.boolean().default(false),
});

const benefitSchema = z.strictObject({
  id,
  name: text,
  description: text,
  rule: benefitRuleSchema,
  situations: z.array(namedSchema).default([]),
  materials: z.array(materialSchema),
  materialsNote: z.string().optional(),
  review: z.strictObject({
    cadence: z.enum(['monthly', 'quarterly_meeting', 'on_receipt', 'unspecified']),
    label: text,
  }),
  payout: z.strictObject({
    /** Working days from approval to transfer; null when the notice sets none. */
    deadlineWorkingDays: z.number().int().positive().nullable(),
    destination: z.enum(['union_card_account', 'bank_account']),
    label: text,
  }),
});

const exclusionSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, '除外责任代码须为大写字母、数字和下划线'),
  label: text,
  appliesTo: z.array(id).min(1),
  /** Money already paid for this cause is recovered (已发放的补助，予以追回). */
  recoverPaid: z.boolean(),
});

const assumptionSchema = z.strictObject({
  /** Dotted path of the field holding an assumed (or deliberately absent) value. */
  path: text,
  reason: text,
});

type Issue = (path: (string | number)[], message: string) => void;
type Unique = (values: string[], path: (string | number)[], what: string) => void;
type ParsedBenefit = z.output<typeof benefitSchema>;

/** Cross-field checks of one benefit (situations, tier order, grade table, amounts). */
function checkBenefit(b: ParsedBenefit, bi: number, issue: Issue, unique: Unique): void {
  const at = (...rest: (string | number)[]) => ['benefits', bi, ...rest];
  const situationIds = new Set(b.situations.map((s) => s.id));
  b.materials.forEach((m, mi) =>
    m.situations.forEach(
      (s, si) => situationIds.has(s) || issue(at('materials', mi, 'situations', si), `未定义的情形：${s}`),
    ),
  );
  const rule = b.rule;
  if (rule.kind === 'tiered_annual') {
    rule.tiers.forEach((t, ti) => {
      if (ti === 0) return;
      const prev = rule.tiers[ti - 1];
      if (t.minFen <= prev.minFen) issue(at('rule', 'tiers', ti, 'minFen'), '档次下限必须严格递增');
      if (t.amountFen < prev.amountFen)
        issue(at('rule', 'tiers', ti, 'amountFen'), '高档次的补助不能低于低档次');
    });
    rule.stayAdjustments.forEach((a, ai) => {
      if (a.excludedReason && a.ratioBp !== 0)
        issue(at('rule', 'stayAdjustments', ai, 'ratioBp'), '不予补助的情形比例必须为 0');
    });
    // Every stay must match some adjustment, whatever its cause.
    const covers = (s: Settlement) =>
      rule.stayAdjustments.some(
        (a) => !a.when.causes && (a.when.settlement === undefined || a.when.settlement === s),
      );
    if (!covers('insurance') || !covers('none'))
      issue(at('rule', 'stayAdjustments'), '须为医保结算和未结算两种情形都规定核算方法');
  } else if (rule.kind === 'grade_table') {
    const seen = new Map<number, number>();
    rule.rows.forEach((r, ri) =>
      r.grades.forEach((g) =>
        seen.has(g) ? issue(at('rule', 'rows', ri, 'grades'), `伤残等级 ${g} 重复`) : seen.set(g, ri),
      ),
    );
    for (let g = 1; g <= 10; g++) if (!seen.has(g)) issue(at('rule', 'rows'), `缺少伤残等级 ${g} 级`);
    if (rule.rows.filter((r) => r.includesDeath).length !== 1)
      issue(at('rule', 'rows'), '须有且仅有一档包含工亡');
  } else if (rule.kind === 'fixed_grant') {
    unique(
      rule.categories.map((c) => c.id),
      at('rule', 'categories'),
      '病种类别标识',
    );
    rule.categories.forEach((c, ci) =>
      checkAmountStatus(
        { value: c.amountFen, status: c.amountStatus, reason: c.amountUnknownReason },
        (field, message) => issue(at('rule', 'categories', ci, field), message),
        'amountFen',
      ),
    );
  } else if (rule.kind === 'ratio') {
    checkAmountStatus(
      { value: rule.ratioBp, status: rule.amountStatus, reason: rule.amountUnknownReason },
      (field, message) => issue(at('rule', field), message),
      'ratioBp',
    );
    if (rule.amountStatus === 'unknown' && rule.capPerCoverageFen !== null)
      issue(at('rule', 'capPerCoverageFen'), '给付比例未知时不能配置封顶额（无从得知），请设为 null');
  }
}

export const programSchema = z
  // Strict everywhere: a key the engine does not know is refused, not silently dropped.
  .strictObject({
    id,
    /** Programs of one scheme across years share a series (for renewal). */
    series: id,
    name: text,
    shortName: text,
    region: z.strictObject({ province: text, city: z.string().optional(), district: z.string().optional() }),
    /** The year of the coverage the notice is about. */
    year: z.number().int().min(2000).max(2100),
    organiser: text,
    source: z.strictObject({ seed: text, title: text, docNo: z.string().optional(), issuer: text }),
    /** Present when the program was derived from another (e.g. a demo copy for another year). */
    derivation: z
      .object({
        kind: z.literal('demo_year_shift'),
        fromProgramId: id,
        yearShift: z.number().int(),
        label: text,
      })
      .optional(),
    fee: feeSchema,
    eligibility: eligibilitySchema,
    keyGroups: z.array(namedSchema.extend({ listProvidedBy: z.string().optional() })).default([]),
    unitCategories: z.array(namedSchema).default([]),
    routes: z.array(namedSchema).default([]),
    enrolment: enrolmentSchema,
    coverage: coverageSchema,
    groupRules: groupRulesSchema.prefault({}),
    quotas: z.array(quotaSchema).default([]),
    benefits: z.array(benefitSchema),
    exclusions: z.array(exclusionSchema).default([]),
    /** 参保须知: what the worker reads and agrees to; a new version needs a new agreement. */
    notice: z.strictObject({ version: text, title: text, paragraphs: z.array(text).min(1) }),
    /** Short lines describing the coverage, fit to show a worker. */
    coverageSummary: z.array(text).min(1),
    /** How the fee money moves between payers, in the notice's words. */
    fundsFlow: z.array(text).default([]),
    assumptions: z.array(assumptionSchema).default([]),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const unique = (values: string[], path: (string | number)[], what: string) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v)) issue([...path, i], `${what}重复：${v}`);
        seen.add(v);
      });
    };
    const unitIds = new Set(p.unitCategories.map((u) => u.id));
    const groupIds = new Set(p.keyGroups.map((g) => g.id));
    const routeIds = new Set(p.routes.map((r) => r.id));
    const benefitIds = new Set(p.benefits.map((b) => b.id));
    unique(
      p.benefits.map((b) => b.id),
      ['benefits'],
      '补助项目标识',
    );
    unique(
      p.fee.schedules.map((s) => s.id),
      ['fee', 'schedules'],
      '费用方案标识',
    );
    unique(
      p.exclusions.map((e) => e.code),
      ['exclusions'],
      '除外责任代码',
    );

    p.fee.schedules.forEach((s, i) => {
      const sum = s.lines.reduce((t, l) => t + l.amountFen, 0);
      if (sum !== p.fee.perShareFen)
        issue(['fee', 'schedules', i, 'lines'], `各方分担合计 ${sum} 分，不等于费用 ${p.fee.perShareFen} 分`);
      s.when?.unitCategories?.forEach(
        (u, j) =>
          unitIds.has(u) ||
          issue(['fee', 'schedules', i, 'when', 'unitCategories', j], `未定义的单位类别：${u}`),
      );
      s.when?.groups?.forEach(
        (g, j) =>
          groupIds.has(g) || issue(['fee', 'schedules', i, 'when', 'groups', j], `未定义的重点群体：${g}`),
      );
      s.when?.routes?.forEach(
        (r, j) =>
          routeIds.has(r) || issue(['fee', 'schedules', i, 'when', 'routes', j], `未定义的参保途径：${r}`),
      );
    });
    p.quotas.forEach((q, i) => {
      q.groupHeadcounts.forEach(
        (g, j) =>
          groupIds.has(g.group) ||
          issue(['quotas', i, 'groupHeadcounts', j, 'group'], `未定义的重点群体：${g.group}`),
      );
      q.routes?.forEach(
        (r, j) => routeIds.has(r) || issue(['quotas', i, 'routes', j], `未定义的参保途径：${r}`),
      );
    });
    if (p.enrolment.window && p.enrolment.window.opens > p.enrolment.window.closes)
      issue(['enrolment', 'window', 'closes'], '截止日期早于开始日期');
    p.enrolment.batches.forEach((b, i) => {
      if (b.opens > b.closes) issue(['enrolment', 'batches', i, 'closes'], '截止日期早于开始日期');
      b.routes?.forEach(
        (r, j) =>
          routeIds.has(r) || issue(['enrolment', 'batches', i, 'routes', j], `未定义的参保途径：${r}`),
      );
    });
    if (!p.enrolment.window && p.enrolment.batches.length === 0)
      issue(['enrolment', 'window'], '须规定参保时间或分批办理时间');
    if (p.coverage.kind === 'fixed' && p.coverage.start > p.coverage.end)
      issue(['coverage', 'end'], '保障期结束早于开始');
    // A benefit counted over hospital stays needs the rule for a stay crossing the boundary.
    if (
      !p.coverage.boundaryStay &&
      p.benefits.some((b) => b.rule.kind === 'tiered_annual' || b.rule.kind === 'ratio')
    )
      issue(['coverage', 'boundaryStay'], '含住院费用类补助的项目须规定跨保障期住院的归属规则及理由');
    p.groupRules.participation.forEach((r, i) => {
      if (r.route !== undefined && !routeIds.has(r.route))
        issue(['groupRules', 'participation', i, 'route'], `未定义的参保途径：${r.route}`);
    });
    unique(
      p.groupRules.participation.map((r) => r.route ?? '(所有途径)'),
      ['groupRules', 'participation'],
      '参保途径的参保比例规则',
    );
    if (p.groupRules.requiresProgramId === p.id)
      issue(['groupRules', 'requiresProgramId'], '附加项目不能依赖自身');
    p.exclusions.forEach((e, i) =>
      e.appliesTo.forEach(
        (b, j) => benefitIds.has(b) || issue(['exclusions', i, 'appliesTo', j], `未定义的补助项目：${b}`),
      ),
    );

    p.benefits.forEach((b, bi) => checkBenefit(b, bi, issue, unique));

    p.assumptions.forEach((a, i) => {
      if (resolvePath(p, a.path) === undefined)
        issue(['assumptions', i, 'path'], `找不到假设所指的字段：${a.path}`);
    });
  });

/**
 * An amount is either published (a number, no reason) or unknown (null, with the reason):
 * never a number said to be unknown, never a silent null.
 */
function checkAmountStatus(
  a: { value: number | null; status: AmountStatus; reason: string | undefined },
  issue: (field: string, message: string) => void,
  valueField: string,
): void {
  if (a.status === 'unknown') {
    if (a.value !== null) issue(valueField, '金额未公布时不能填写数额，请设为 null（不得自行假设金额）');
    if (a.reason === undefined) issue('amountUnknownReason', '金额未公布时须写明原因');
  } else {
    if (a.value === null) issue('amountStatus', "未填写金额时须声明 amountStatus: 'unknown' 并写明原因");
    if (a.reason !== undefined) issue('amountUnknownReason', '已公布金额的项目不应填写未公布原因');
  }
}

/** What the data files write (defaults may be omitted). */
export type ProgramInput = z.input<typeof programSchema>;
/** A validated program with defaults filled in. */
export type Program = z.output<typeof programSchema>;
export type Benefit = Program['benefits'][number];
export type BenefitRule = Benefit['rule'];
export type TieredAnnualRule = Extract<BenefitRule, { kind: 'tiered_annual' }>;
export type FixedGrantRule = Extract<BenefitRule, { kind: 'fixed_grant' }>;
export type GradeTableRule = Extract<BenefitRule, { kind: 'grade_table' }>;
export type RatioRule = Extract<BenefitRule, { kind: 'ratio' }>;
export type StayAdjustment = TieredAnnualRule['stayAdjustments'][number];
export type Exclusion = Program['exclusions'][number];
export type FeeSchedule = Program['fee']['schedules'][number];
export type BoundaryStay = NonNullable<Program['coverage']['boundaryStay']>;
export type ParticipationRule = Program['groupRules']['participation'][number];

/** Reads `a.b.0.c` from an object; `null` counts as present (an explicit "none"). */
export function resolvePath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
