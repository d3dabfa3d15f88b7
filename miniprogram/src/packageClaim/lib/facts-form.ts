/**
 * The facts form's state (what the person typed, amounts as yuan text) and the claim facts the
 * API takes (amounts in integer fen, parsed digit by digit with shared/money). Labels mirror
 * shared/claims/facts.ts, which cannot be imported here: it builds zod schemas when loaded.
 */
import type { ClaimFactsDraftInput, ClaimStay } from '@shared/claims/facts';
import { parseYuan } from '@shared/money';
import type { FactsKind } from './benefits';

export type Errors = Record<string, string>;

export const CAUSE_OPTIONS = [
  { value: 'illness', label: '疾病' },
  { value: 'accident', label: '意外伤害' },
  { value: 'traffic_accident', label: '交通事故' },
  { value: 'work_injury', label: '工伤' },
] as const;

export const HOSPITAL_LEVEL_OPTIONS = [
  { value: 'level3', label: '三级医院' },
  { value: 'level2', label: '二级医院' },
  { value: 'level1', label: '一级医院' },
  { value: 'other', label: '其他' },
] as const;

export const OUTCOME_OPTIONS = [
  { value: 'disability', label: '工伤（伤残）' },
  { value: 'death', label: '工亡' },
] as const;

export interface StayState {
  admittedOn: string;
  dischargedOn: string;
  hospital: string;
  settlement: string;
  cause: string;
  selfPaid: string;
  totalCost: string;
  invoiceNo: string;
  criticalIllnessCategory: string;
}

export interface FormState {
  kind: FactsKind;
  stays: StayState[];
  category: string;
  diagnosedOn: string;
  firstDiagnosis: boolean;
  hospital: string;
  hospitalLevel: string;
  hospitalOutOfProvince: boolean;
  injuredOn: string;
  decidedOn: string;
  decisionNo: string;
  outcome: string;
  grade: string;
  appraisedOn: string;
}

/** Fen as the yuan text a person would type back: 800000 → "8000", 12345 → "123.45". */
export function fenToYuanText(fen: number | undefined): string {
  if (fen === undefined) return '';
  const whole = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest ? `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}

export const emptyStay = (): StayState => ({
  admittedOn: '',
  dischargedOn: '',
  hospital: '',
  settlement: '',
  cause: '',
  selfPaid: '',
  totalCost: '',
  invoiceNo: '',
  criticalIllnessCategory: '',
});

const stayState = (s: ClaimStay): StayState => ({
  admittedOn: s.admittedOn ?? '',
  dischargedOn: s.dischargedOn ?? '',
  hospital: s.hospital ?? '',
  settlement: s.settlement ?? '',
  cause: s.cause ?? '',
  selfPaid: fenToYuanText(s.selfPaidFen),
  totalCost: fenToYuanText(s.totalCostFen),
  invoiceNo: s.invoiceNo ?? '',
  criticalIllnessCategory: s.criticalIllnessCategory ?? '',
});

/** The draft's facts as the form shows them (a new hospital claim starts with one stay). */
export function toForm(kind: FactsKind, facts: ClaimFactsDraftInput | undefined): FormState {
  const f = (facts ?? { kind }) as Partial<Record<string, unknown>> & { stays?: ClaimStay[] };
  const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');
  const stays = (f.stays ?? []).map(stayState);
  return {
    kind,
    stays: (kind === 'tiered_annual' || kind === 'ratio') && stays.length === 0 ? [emptyStay()] : stays,
    category: str('category'),
    diagnosedOn: str('diagnosedOn'),
    firstDiagnosis: f.firstDiagnosis === true,
    hospital: str('hospital'),
    hospitalLevel: str('hospitalLevel'),
    hospitalOutOfProvince: f.hospitalOutOfProvince === true,
    injuredOn: str('injuredOn'),
    decidedOn: str('decidedOn'),
    decisionNo: str('decisionNo'),
    outcome: str('outcome'),
    grade: typeof f.grade === 'number' ? String(f.grade) : '',
    appraisedOn: str('appraisedOn'),
  };
}

const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());

function money(text: string, field: string, errors: Errors): number | undefined {
  if (text.trim() === '') return undefined;
  try {
    const fen = parseYuan(text);
    if (fen < 0) throw new Error('negative');
    return fen;
  } catch {
    errors[field] = '请输入金额（元），如 8000 或 8000.50';
    return undefined;
  }
}

function stayFacts(s: StayState, i: number, errors: Errors): ClaimStay {
  const out: Record<string, unknown> = {
    admittedOn: opt(s.admittedOn),
    dischargedOn: opt(s.dischargedOn),
    hospital: opt(s.hospital),
    settlement: opt(s.settlement),
    cause: opt(s.cause),
    selfPaidFen: money(s.selfPaid, `stays.${i}.selfPaidFen`, errors),
    totalCostFen:
      s.cause === 'traffic_accident' && s.settlement === 'none'
        ? money(s.totalCost, `stays.${i}.totalCostFen`, errors)
        : undefined,
    invoiceNo: opt(s.invoiceNo),
    criticalIllnessCategory: opt(s.criticalIllnessCategory),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as ClaimStay;
}

/** The facts to send, or the fields the form itself can tell are wrong (amount text). */
export function toFacts(form: FormState): { facts: ClaimFactsDraftInput; errors: Errors } {
  const errors: Errors = {};
  if (form.kind === 'tiered_annual' || form.kind === 'ratio')
    return { facts: { kind: form.kind, stays: form.stays.map((s, i) => stayFacts(s, i, errors)) }, errors };
  const pick = (o: Record<string, unknown>) => {
    for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === '') delete o[k];
    return o;
  };
  if (form.kind === 'fixed_grant')
    return {
      facts: pick({
        kind: 'fixed_grant',
        category: opt(form.category),
        diagnosedOn: opt(form.diagnosedOn),
        firstDiagnosis: form.firstDiagnosis || undefined,
        hospital: opt(form.hospital),
        hospitalLevel: opt(form.hospitalLevel),
        hospitalOutOfProvince: form.hospitalOutOfProvince || undefined,
      }) as ClaimFactsDraftInput,
      errors,
    };
  const grade = form.outcome === 'disability' && form.grade ? Number(form.grade) : undefined;
  return {
    facts: pick({
      kind: 'grade_table',
      injuredOn: opt(form.injuredOn),
      decidedOn: opt(form.decidedOn),
      decisionNo: opt(form.decisionNo),
      outcome: opt(form.outcome),
      grade,
      appraisedOn: form.outcome === 'disability' ? opt(form.appraisedOn) : undefined,
    }) as ClaimFactsDraftInput,
    errors,
  };
}

/** `payload.facts.stays.0.selfPaidFen` / `facts.stays.0.selfPaidFen` → `stays.0.selfPaidFen`. */
export const fieldKey = (field: string | undefined): string =>
  (field ?? '').replace(/^payload\./, '').replace(/^facts\.?/, '');

/** The server's issues as field errors (the first message per field). */
export function issueErrors(issues: { field: string; message: string }[]): Errors {
  const out: Errors = {};
  for (const i of issues) {
    const k = fieldKey(i.field);
    if (!out[k]) out[k] = i.message;
  }
  return out;
}
