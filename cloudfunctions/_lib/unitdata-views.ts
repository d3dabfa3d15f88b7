import type { ImportSummary } from '@shared/api/unitdata';
import type { RowIssue } from '@shared/unitdata';
import { FORMULA_POLICY } from './xlsx-read';
import type { ImportDoc } from './unitdata-model';

export const ISSUES_PAGE = 200;

/** The stored row errors and warnings, in either stored form. */
export function issuesOf(imp: Pick<ImportDoc, 'issues' | 'errors' | 'warnings'>): {
  errors: RowIssue[];
  warnings: RowIssue[];
} {
  if (imp.issues === undefined) return { errors: imp.errors ?? [], warnings: imp.warnings ?? [] };
  const { errors, warnings } = JSON.parse(imp.issues) as { errors?: RowIssue[]; warnings?: RowIssue[] };
  return { errors: errors ?? [], warnings: warnings ?? [] };
}

/** What an officer sees of an import: counts, a page of row errors and warnings, the commit's progress. */
export function toImportSummary(imp: ImportDoc, page = 1): ImportSummary {
  const from = (page - 1) * ISSUES_PAGE;
  const c = imp.commit;
  const { errors, warnings } = issuesOf(imp);
  return {
    importId: imp._id,
    status: imp.status,
    unitId: imp.unitId,
    programId: imp.programId,
    template: imp.template,
    counts: imp.counts ?? { rows: 0, valid: 0, invalid: 0, warnings: 0, blank: 0 },
    refusal: imp.refusal,
    errors: errors.slice(from, from + ISSUES_PAGE),
    warnings: warnings.slice(from, from + ISSUES_PAGE),
    errorsTruncated: imp.errorsTruncated ?? false,
    formulaPolicy: FORMULA_POLICY,
    commit: c
      ? {
          mode: c.mode,
          chunksDone: c.cursor,
          chunks: imp.chunks ?? 0,
          rowsDone: c.rowsDone,
          rowsToImport: imp.rowsToImport ?? 0,
          enrolmentsCreated: c.enrolmentsCreated,
          membersCreated: c.membersCreated,
          linkedToRegistered: c.linkedToRegistered,
          alreadyEnrolled: c.alreadyEnrolled,
          lateErrors: c.lateErrors.slice(0, ISSUES_PAGE),
          done: imp.status === 'committed',
        }
      : undefined,
    createdAt: new Date(imp.createdAt).toISOString(),
  };
}
