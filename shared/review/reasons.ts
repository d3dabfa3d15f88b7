/**
 * Why a claim is not paid: a catalogue of reason codes (the reviewer picks one and adds free
 * text), plus the program's own exclusions (除外责任), which are data in the program.
 */
import type { Program } from '../program/schema';

export interface RejectReason {
  code: string;
  label: string;
  /** Money already paid for this reason is recovered (已发放的补助，予以追回). */
  recoverPaid?: boolean;
}

export const REJECT_REASONS: readonly RejectReason[] = [
  { code: 'OUTSIDE_COVERAGE', label: '不在保障期内（住院、确诊或事故日期在保障期外）' },
  { code: 'NOT_ELIGIBLE', label: '不符合参保条件（如已退休、非本单位在职职工）' },
  { code: 'BELOW_THRESHOLD', label: '未达到补助起付标准' },
  { code: 'ALREADY_PAID', label: '本保障期已给付过该项补助' },
  { code: 'DUPLICATE_CLAIM', label: '与其他申请重复（同一住院、票据或材料）' },
  { code: 'MATERIAL_INVALID', label: '材料不真实、不完整或无法核实', recoverPaid: true },
  { code: 'NOT_LISTED_ILLNESS', label: '所患疾病不属于本项目规定的病种' },
  { code: 'NOT_FIRST_DIAGNOSIS', label: '非保障期内首次确诊' },
  { code: 'HOSPITAL_NOT_QUALIFIED', label: '确诊医院不符合规定等级' },
  { code: 'MEETING_REJECTED', label: '鉴定会会商未通过' },
  { code: 'OBJECTION_UPHELD', label: '公示期间异议经核实成立', recoverPaid: true },
  { code: 'OTHER', label: '其他原因（请在说明中写明）' },
];

/** The reasons a reviewer may choose for a claim of `benefitId`: the catalogue plus the program's exclusions. */
export function rejectReasonsFor(program: Program, benefitId: string): RejectReason[] {
  const exclusions = program.exclusions
    .filter((e) => e.appliesTo.includes(benefitId))
    .map((e) => ({ code: `EXCLUSION:${e.code}`, label: `除外责任：${e.label}`, recoverPaid: e.recoverPaid }));
  return [...REJECT_REASONS, ...exclusions];
}

export function findRejectReason(
  program: Program,
  benefitId: string,
  code: string,
): RejectReason | undefined {
  return rejectReasonsFor(program, benefitId).find((r) => r.code === code);
}
