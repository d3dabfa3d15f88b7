import { z } from 'zod';
import { action } from './define';
import { idSchema, pageInputSchema, pageOf } from './common';

export const unitSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The union above the unit (区县总工会 / 局工会), so two units of the same name can be told apart. */
  parentName: z.string().optional(),
});
export type UnitSummary = z.infer<typeof unitSummarySchema>;

export const joinRequestSchema = z.object({
  id: idSchema,
  unitId: idSchema,
  displayName: z.string(),
  idMasked: z.string(),
  phoneMasked: z.string().optional(),
  probablyRetired: z.boolean(),
  via: z.enum(['qr', 'search']),
  status: z.enum(['pending', 'approved', 'rejected']),
  createdAt: z.string(),
});

/** wxacode scene: at most 32 visible characters; we keep a short unit code there. */
export const sceneSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, '二维码参数无效');

export const orgApi = {
  /** The unit a scanned QR code stands for. */
  resolveScene: action(z.object({ scene: sceneSchema }), unitSummarySchema),
  searchUnits: action(
    pageInputSchema.extend({ keyword: z.string().trim().min(1, '请输入单位名称关键字').max(40) }),
    pageOf(unitSummarySchema),
  ),
  /** Via a scanned QR code the worker joins at once; via search the unit officer approves first. */
  joinUnit: action(
    z.discriminatedUnion('via', [
      z.object({ via: z.literal('qr'), scene: sceneSchema }),
      z.object({ via: z.literal('search'), unitId: idSchema }),
    ]),
    z.object({ status: z.enum(['approved', 'pending']), unit: unitSummarySchema }),
  ),
  /** Unit officer: the unit's join QR code (PNG) to print or show. */
  unitQrCode: action(
    z.object({ unitId: idSchema }),
    z.object({ scene: z.string(), imageUrl: z.string(), joinPath: z.string() }),
  ),
  listJoinRequests: action(
    pageInputSchema.extend({
      unitId: idSchema,
      status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
    }),
    pageOf(joinRequestSchema),
  ),
  decideJoinRequest: action(
    z.object({ requestId: idSchema, approve: z.boolean(), reason: z.string().trim().max(200).optional() }),
    z.object({ status: z.enum(['approved', 'rejected']) }),
  ),
};
