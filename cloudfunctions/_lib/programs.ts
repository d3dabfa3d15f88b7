import { createHash } from 'node:crypto';
import { AppError } from '@shared/errors';
import { parseProgram } from '@shared/program/parse';
import type { Program } from '@shared/program/schema';
import { noticeText } from '@shared/program';
import type { Database } from './cloud';
import { coll } from './collections';
import { findMany, getById } from './db';
import type { OrgDoc } from './model';

/**
 * Published programs live in the `programs` collection as validated data plus where they are
 * offered (org subtrees). A region's new program is a new document, never new code.
 */
export interface ProgramDoc {
  _id: string;
  program: unknown;
  offeredTo: string[];
  status: 'published' | 'withdrawn';
}

export async function loadProgram(
  db: Database,
  programId: string,
): Promise<{ doc: ProgramDoc; program: Program }> {
  const doc = await getById(db, 'programs', programId);
  if (!doc || doc.status !== 'published')
    throw new AppError('ENROLL.PROGRAM_NOT_FOUND', '项目不存在或已下线', 'payload.programId');
  return { doc, program: parseProgram(doc.program) };
}

/** Programs offered to a unit: published for the unit itself or any org above it. */
export async function programsForUnit(
  db: Database,
  unit: OrgDoc,
): Promise<{ doc: ProgramDoc; program: Program }[]> {
  const _ = db.command;
  const docs = await findMany<ProgramDoc>(
    coll(db, 'programs')
      .where({ status: 'published', offeredTo: _.in([unit._id, ...unit.ancestors]) })
      .limit(100),
  );
  // One program document that no longer validates must not hide every other offer from the unit:
  // it is left out (and logged by id for the centre to fix), the rest are offered.
  return docs.flatMap((doc) => {
    try {
      return [{ doc, program: parseProgram(doc.program) }];
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(`program ${doc._id} is not valid and is not offered: ${err.message}`);
      return [];
    }
  });
}

/** What the worker agrees to is pinned by version and by a hash of the exact text shown. */
export function noticeHash(program: Program): string {
  return createHash('sha256')
    .update(`${program.notice.version}\n${noticeText(program)}`)
    .digest('hex');
}
