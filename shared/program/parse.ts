/**
 * Turning untrusted program data into a `Program`, with errors that name the field.
 */
import { AppError } from '../errors';
import { programSchema, type Program } from './schema';

export interface ProgramIssue {
  /** Dotted path, e.g. `fee.schedules.1.lines`. */
  field: string;
  message: string;
}

export type ProgramValidation = { ok: true; program: Program } | { ok: false; issues: ProgramIssue[] };

export function validateProgram(input: unknown): ProgramValidation {
  const result = programSchema.safeParse(input);
  if (result.success) return { ok: true, program: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || '(root)',
      message: i.message,
    })),
  };
}

/** Parses program data or throws `PROGRAM.INVALID` naming the first offending field. */
export function parseProgram(input: unknown): Program {
  const v = validateProgram(input);
  if (v.ok) return v.program;
  const first = v.issues[0];
  const more = v.issues.length > 1 ? `（另有 ${v.issues.length - 1} 处问题）` : '';
  throw new AppError('PROGRAM.INVALID', `项目配置有误：${first.field}：${first.message}${more}`, first.field);
}
