import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { AppError } from '@shared/errors';
import type { HandlerContext } from '../_lib/context';
import { getById } from '../_lib/db';
import { requireUnitdata } from '../_lib/unitdata-access';
import { toImportSummary } from '../_lib/unitdata-views';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

/** The validation result and commit progress, with the row errors a page (200) at a time. */
export async function importStatus(input: In<'importStatus'>, ctx: HandlerContext) {
  const imp = await getById(ctx.db, 'imports', input.importId);
  if (!imp) throw new AppError('IMPORT.NOT_FOUND', undefined, 'payload.importId');
  await requireUnitdata(ctx, 'READ', imp.unitId);
  return toImportSummary(imp, input.errorsPage);
}
