import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import type { HandlerContext } from '../_lib/context';
import { insert } from '../_lib/db';
import { requireUnitdata } from '../_lib/unitdata-access';
import { newImportId, stagingPath } from '../_lib/unitdata-import';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

const TICKET_MS = 30 * 60 * 1000;

/**
 * A one-time staging path for one sheet, handed to this caller only. The sheet itself never
 * travels in a function call (≤ 100 KB): the client uploads it to the path
 * (`wx.cloud.uploadFile`, locally `POST /storage/upload?path=…`) and then calls validateImport.
 */
export async function importTicket(input: In<'importTicket'>, ctx: HandlerContext) {
  const { user } = await requireUnitdata(ctx, 'IMPORT', input.unitId);
  const _id = newImportId();
  const path = stagingPath();
  const expiresAt = new Date(ctx.now.getTime() + TICKET_MS);
  await insert(ctx.db, 'imports', {
    _id,
    unitId: input.unitId,
    createdBy: user._id,
    status: 'awaiting_upload',
    path,
    expiresAt,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  return { ticketId: _id, path, expiresAt: expiresAt.toISOString() };
}
