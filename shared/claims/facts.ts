/**
 * What the worker states in a claim, per benefit rule kind. Drafts may be incomplete (every field
 * optional, each typed); `checkFacts` names what is missing or contradictory before an estimate
 * or a submission. The schemas are strict: a key they do not know is refused, naming it.
 * These are the worker's words; `toCalcFacts` turns them into the calculator's facts.
 */
import { z } from 'zod';
import { isoDateSchema } from '../calendar';

/** An amount far beyond any hospital bill a worker could claim for (5,000,000 yuan). */
export const MAX_AMOUNT_FEN = 500_000_000;
/** Hospital stays in one claim. */
export const MAX_STAYS = 20;

const fen = z
  .number('金额须为数字（分）')
  .int('金额必须是整数分')
  .min(0, '金额不能为负')
  .max(MAX_AMOUNT_FEN, '金额超出合理范围（单次不超过 500 万元），请核对');
const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不超过 ${max} 个字`);
const documentNo = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z()（）〔〕[\]\u4e00-\u9fa5-]{4,40}$/, '号码应为 4–40 位数字、字母或汉字');

export const settlementSchema = z.enum(['insurance', 'none']);
export const stayCauseSchema = z.enum(['illness', 'accident', 'traffic_accident', 'work_injury']);
export const hospitalLevelSchema = z.enum(['level3', 'level2', 'level1', 'other']);

export const SETTLEMENT_LABELS = { insurance: '使用医保卡结算', none: '未经医保结算' } as const;
export const CAUSE_LABELS = {
  illness: '疾病',
  accident: '意外伤害',
  traffic_accident: '交通事故',
  work_injury: '工伤',
} as const;
export const HOSPITAL_LEVEL_LABELS = {
  level3: '三级医院',
  level2: '二级医院',
  level1: '一级医院',
  other: '其他',
} as const;

/** One hospital stay as the worker enters it. */
export const claimStaySchema = z.strictObject({
  admittedOn: isoDateSchema.optional(),
  dischargedOn: isoDateSchema.optional(),
  hospital: text(60).optional(),
  /** Settled with the medical-insurance card (data comes from insurance), or not. */
  settlement: settlementSchema.optional(),
  cause: stayCauseSchema.optional(),
  /** 个人自理 = 个人自付 + 自费. */
  selfPaidFen: fen.optional(),
  /** Traffic accident not settled through insurance: the total cost borne within the worker's liability. */
  totalCostFen: fen.optional(),
  /** The settlement invoice's number (结算票据号码), needed when not settled through insurance. */
  invoiceNo: documentNo.optional(),
  /** The stay's diagnosis is one of the program's critical-illness categories (its id). */
  criticalIllnessCategory: z.string().trim().max(40).optional(),
});
export type ClaimStay = z.infer<typeof claimStaySchema>;

export const hospitalFactsSchema = z.strictObject({
  kind: z.literal('tiered_annual'),
  stays: z.array(claimStaySchema).max(MAX_STAYS, `一次申请最多 ${MAX_STAYS} 次住院`).default([]),
});

/** Ratio rules (Guangdong, Jinan accident stays) take the same stays; selfPaidFen is the basis. */
export const ratioFactsSchema = z.strictObject({
  kind: z.literal('ratio'),
  stays: z.array(claimStaySchema).max(MAX_STAYS, `一次申请最多 ${MAX_STAYS} 次住院`).default([]),
});

export const criticalIllnessFactsSchema = z.strictObject({
  kind: z.literal('fixed_grant'),
  /** The program's category id (e.g. Wujin: listed / in_situ). */
  category: z.string().trim().min(1).max(40).optional(),
  /** 首次确诊日期. */
  diagnosedOn: isoDateSchema.optional(),
  /** The worker declares this is the first diagnosis (the appraisal meeting confirms). */
  firstDiagnosis: z.boolean().optional(),
  hospital: text(60).optional(),
  hospitalLevel: hospitalLevelSchema.optional(),
  /** A hospital outside the program's province (Wujin: 外省市三级医院). */
  hospitalOutOfProvince: z.boolean().optional(),
});

export const workInjuryFactsSchema = z.strictObject({
  kind: z.literal('grade_table'),
  /** 事故发生日期: must fall in the coverage period. */
  injuredOn: isoDateSchema.optional(),
  /** 认定工伤决定书 date and number. */
  decidedOn: isoDateSchema.optional(),
  decisionNo: documentNo.optional(),
  outcome: z.enum(['disability', 'death']).optional(),
  /** 劳动能力鉴定 grade, 1–10 (disability only). */
  grade: z
    .number()
    .int('伤残等级须为整数')
    .min(1, '伤残等级为 1–10 级')
    .max(10, '伤残等级为 1–10 级')
    .optional(),
  appraisedOn: isoDateSchema.optional(),
});

export const claimFactsInputSchema = z.discriminatedUnion('kind', [
  hospitalFactsSchema,
  ratioFactsSchema,
  criticalIllnessFactsSchema,
  workInjuryFactsSchema,
]);
export type ClaimFactsDraft = z.output<typeof claimFactsInputSchema>;
export type ClaimFactsDraftInput = z.input<typeof claimFactsInputSchema>;
export type StayFacts = Extract<ClaimFactsDraft, { kind: 'tiered_annual' | 'ratio' }>;
export type CriticalIllnessFacts = Extract<ClaimFactsDraft, { kind: 'fixed_grant' }>;
export type WorkInjuryFacts = Extract<ClaimFactsDraft, { kind: 'grade_table' }>;

/** Chinese names of the fields, for messages that name the field. */
export const FIELD_LABELS: Record<string, string> = {
  admittedOn: '入院日期',
  dischargedOn: '出院日期',
  hospital: '医院名称',
  settlement: '结算方式',
  cause: '住院原因',
  selfPaidFen: '个人自理金额',
  totalCostFen: '本人责任范围内的住院医疗总费用',
  invoiceNo: '结算票据号码',
  criticalIllnessCategory: '诊断的重大疾病类别',
  category: '重大疾病类别',
  diagnosedOn: '首次确诊日期',
  firstDiagnosis: '是否首次确诊',
  hospitalLevel: '确诊医院等级',
  injuredOn: '工伤事故发生日期',
  decidedOn: '认定工伤决定书日期',
  decisionNo: '认定工伤决定书编号',
  outcome: '工伤或工亡',
  grade: '伤残等级',
  appraisedOn: '劳动能力鉴定日期',
};

/** An empty draft of the right kind for a benefit rule. */
export function emptyFacts(kind: ClaimFactsDraft['kind']): ClaimFactsDraft {
  return kind === 'tiered_annual' || kind === 'ratio' ? { kind, stays: [] } : ({ kind } as ClaimFactsDraft);
}

/** Invoice numbers compare without spaces and case: "ab 12" and "AB12" are one invoice. */
export const normaliseDocumentNo = (no: string): string => no.replace(/\s+/g, '').toUpperCase();
