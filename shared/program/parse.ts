/**
 * Turning untrusted program data into a `Program`, with errors that name the field.
 */
import type { z } from 'zod';
import { AppError } from '../errors';
import { programSchema, type Program } from './schema';

export interface ProgramIssue {
  /** Dotted path, e.g. `fee.schedules.1.lines`. */
  field: string;
  message: string;
}

export type ProgramValidation = { ok: true; program: Program } | { ok: false; issues: ProgramIssue[] };

const dotted = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

/**
 * zod reports unknown keys on the object that holds them (`benefits.0`, keys
 * `['waitingDays']`); the officer needs the key itself, so each becomes its own issue
 * naming `benefits.0.waitingDays`. An unknown key is refused, never dropped: a rule the
 * engine does not know (a waiting period, an age limit, a deductible) would otherwise look
 * enforced while it is ignored.
 */
function toIssues(issue: z.core.$ZodIssue): ProgramIssue[] {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({
      field: dotted([...issue.path, key]),
      message: `未知字段“${key}”：系统不支持该规则，不能保存（请删除，或改用已支持的字段）`,
    }));
  return [{ field: dotted(issue.path), message: issue.message }];
}

export function validateProgram(input: unknown): ProgramValidation {
  const result = programSchema.safeParse(input);
  if (result.success) return { ok: true, program: result.data };
  return { ok: false, issues: result.error.issues.flatMap(toIssues) };
}

/** Parses program data or throws `PROGRAM.INVALID` naming the first offending field. */
export function parseProgram(input: unknown): Program {
  const v = validateProgram(input);
  if (v.ok) return v.program;
  const first = v.issues[0];
  const more = v.issues.length > 1 ? `（另有 ${v.issues.length - 1} 处问题）` : '';
  throw new AppError('PROGRAM.INVALID', `项目配置有误：${first.field}：${first.message}${more}`, first.field);
}
