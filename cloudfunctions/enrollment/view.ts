import type { Enrollment } from '../../shared/api/enrollment';
import type { EnrollmentDoc } from '../_lib/enrollment-model';

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString());

export function toEnrollmentView(e: EnrollmentDoc): Enrollment {
  return {
    id: e._id,
    programId: e.programId,
    programName: e.programName,
    coverage: e.coverage,
    status: e.status,
    workerFen: e.workerFen,
    totalFen: e.totalFen,
    feeLines: e.feeLines,
    certificateNo: e.certificateNo,
    paidAt: iso(e.paidAt),
    createdAt: iso(e.createdAt)!,
    note: e.note ?? undefined,
  };
}
