/** Test-data builders for the shared domain: small defaults, override what the test is about. */
import type { ClaimFactsInput, HospitalStay, PaidRecord, RatioItem } from '../../shared/benefits';
import { yuan } from '../../shared/money';
import {
  getProgram,
  parseProgram,
  programInputs,
  type Program,
  type ProgramInput,
} from '../../shared/program';
import type { EnrolmentFacts } from '../../shared/program';

export const wujin = (): Program => getProgram('wujin-2024');
export const guangdong = (): Program => getProgram('guangdong-2018');

let stayCounter = 0;

/** A Wujin stay settled through insurance with the given self-paid yuan. */
export function aStay(overrides: Partial<HospitalStay> & { selfPaidYuan?: number } = {}): HospitalStay {
  const { selfPaidYuan, ...rest } = overrides;
  stayCounter += 1;
  return {
    id: `stay-${stayCounter}`,
    settlement: 'insurance',
    cause: 'illness',
    selfPaidFen: selfPaidYuan !== undefined ? yuan(selfPaidYuan) : yuan(1000),
    ...rest,
  };
}

export function hospitalFacts(
  stays: HospitalStay[],
  extra: Partial<Extract<ClaimFactsInput, { kind: 'tiered_annual' }>> = {},
): ClaimFactsInput {
  return { kind: 'tiered_annual', stays, ...extra };
}

export function ratioItems(...basisYuan: number[]): RatioItem[] {
  return basisYuan.map((y, i) => ({ id: `item-${i + 1}`, basisFen: yuan(y) }));
}

export function ratioFacts(
  items: RatioItem[],
  period = { start: '2019-01-01', end: '2019-12-31' },
): ClaimFactsInput {
  return { kind: 'ratio', items, period };
}

export function illnessFacts(
  category: 'listed' | 'in_situ',
  extra: Partial<Extract<ClaimFactsInput, { kind: 'fixed_grant' }>> = {},
): ClaimFactsInput {
  return {
    kind: 'fixed_grant',
    category,
    conditionsMet: ['first_diagnosis', 'qualified_hospital'],
    diagnosedOn: '2024-05-01',
    ...extra,
  };
}

export function injuryFacts(grade: number | 'death', incidentId = 'incident-1'): ClaimFactsInput {
  return grade === 'death'
    ? { kind: 'grade_table', incidentId, death: true }
    : { kind: 'grade_table', incidentId, grade };
}

/** A payment record as the claim service stores it after a calculation. */
export function paid(
  benefitId: string,
  amountFen: number,
  subject = 'period',
  periodStart = '2024-01-01',
): PaidRecord {
  return { benefitId, periodStart, subject, amountFen };
}

/** A copy of a seed program's raw data with changes applied, parsed. */
export function programLike(id: string, change: (p: ProgramInput) => void): Program {
  const raw = JSON.parse(JSON.stringify(programInputs.find((p) => p.id === id))) as ProgramInput;
  change(raw);
  return parseProgram(raw);
}

/** Raw data of a seed program, deep-copied, for schema tests that break it on purpose. */
export function rawProgram(id: string): ProgramInput {
  return JSON.parse(JSON.stringify(programInputs.find((p) => p.id === id)));
}

/** A Wujin worker who satisfies every requirement on the given day. */
export function eligibleWorker(overrides: Partial<EnrolmentFacts> = {}): EnrolmentFacts {
  return {
    today: '2023-11-01',
    activeWorker: true,
    hasUnionCard: true,
    isUnionMember: true,
    hasBasicMedicalInsurance: true,
    unitInRegion: true,
    birthDate: '1985-06-15',
    sex: 'female',
    retirementCategory: 'worker',
    ...overrides,
  };
}
