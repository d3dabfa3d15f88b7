import { parseProgram } from '@shared/program/parse';
import type { Program } from '@shared/program/schema';
import { AppError } from '@shared/errors';
import type { Database } from './cloud';
import { getById } from './db';
import type { ProgramDoc } from './programs';

/**
 * loadProgram without re-validating an unchanged program on every call: a function instance
 * keeps the last parse of each program and reuses it while the stored data is the same text.
 * The document itself is re-read at most every few seconds per instance, so a withdrawn or
 * edited program is seen within PROGRAM_DOC_TTL_MS. Used on the hot path of quota submissions,
 * where the read and the zod parse of the program dominated.
 */
const cache = new Map<string, { text: string; program: Program }>();
const docs = new Map<string, { doc: ProgramDoc | null; at: number }>();
/** How long an instance trusts its copy of a program document (a withdrawal shows within this). */
export const PROGRAM_DOC_TTL_MS = 5_000;

export async function loadProgramFast(
  db: Database,
  programId: string,
): Promise<{ doc: ProgramDoc; program: Program }> {
  const held = docs.get(programId);
  const fresh = held && Date.now() - held.at < PROGRAM_DOC_TTL_MS;
  const doc = fresh ? held.doc : await getById(db, 'programs', programId);
  if (!fresh) {
    if (docs.size > 50) docs.clear();
    docs.set(programId, { doc, at: Date.now() });
  }
  if (!doc || doc.status !== 'published')
    throw new AppError('ENROLL.PROGRAM_NOT_FOUND', '项目不存在或已下线', 'payload.programId');
  const text = JSON.stringify(doc.program);
  const hit = cache.get(programId);
  if (hit && hit.text === text) return { doc, program: hit.program };
  const program = parseProgram(doc.program);
  if (cache.size > 50) cache.clear();
  cache.set(programId, { text, program });
  return { doc, program };
}
