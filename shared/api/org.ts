import { z } from 'zod';
import { action } from './define';
import { idSchema, pageInputSchema, pageOf, strict } from './common';

export const unitSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The union above the unit (区县总工会 / 局工会), so two units of the same name can be told apart. */
  parentName: z.string().optional(),
});
export type UnitSummary = z.infer<typeof unitSummarySchema>;

/** pending → approved | rejected; approved → removed (by the officer) | left (joined another unit). */
export const joinRequestStatusSchema = z.enum(['pending', 'approved', 'rejected', 'removed', 'left']);
export type JoinRequestStatus = z.infer<typeof joinRequestStatusSchema>;

export const joinRequestSchema = z.object({
  id: idSchema,
  unitId: idSchema,
  /** Full name for the officer of the worker's own unit (the view is audited), masked otherwise. */
  displayName: z.string(),
  idMasked: z.string(),
  /** The ID number's last 4 digits, for the officer of the worker's own unit. */
  idLast4: z.string().optional(),
  phoneMasked: z.string().optional(),
  probablyRetired: z.boolean(),
  via: z.enum(['qr', 'search']),
  status: joinRequestStatusSchema,
  reason: z.string().optional(),
  createdAt: z.string(),
});

/** wxacode scene: at most 32 visible characters; a unit's join QR carries a random token there. */
export const sceneSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z_-]{1,32}$/, '二维码参数无效');

export const orgApi = {
  /** The unit a scanned QR code stands for (rate-limited: tokens are not to be guessed). */
  resolveScene: action(strict({ scene: sceneSchema }), unitSummarySchema),
  /** Units whose name, or whose parents' names, match (汉字 or pinyin initials: wj → 武进). */
  searchUnits: action(
    pageInputSchema.extend({ keyword: z.string().trim().min(1, '请输入单位名称关键字').max(40) }).strict(),
    pageOf(unitSummarySchema),
  ),
  /**
   * Via a scanned QR code the worker joins at once; via search the unit officer approves first.
   * Moving from one unit to another must be confirmed (`confirmChange`), since it changes who
   * the worker's next enrolments go through.
   */
  joinUnit: action(
    z.discriminatedUnion('via', [
      strict({ via: z.literal('qr'), scene: sceneSchema, confirmChange: z.boolean().optional() }),
      strict({ via: z.literal('search'), unitId: idSchema, confirmChange: z.boolean().optional() }),
    ]),
    z.object({ status: z.enum(['approved', 'pending']), unit: unitSummarySchema }),
  ),
  /** Unit officer: the unit's join QR code (PNG) to print or show. */
  unitQrCode: action(
    strict({ unitId: idSchema }),
    z.object({
      scene: z.string(),
      imageUrl: z.string(),
      joinPath: z.string(),
      /** The human-readable unit code, for display only. */
      unitCode: z.string().optional(),
    }),
  ),
  /** Unit officer: replace the join QR; the old one stops working at once. */
  rotateUnitQrCode: action(strict({ unitId: idSchema }), z.object({ rotated: z.literal(true) })),
  listJoinRequests: action(
    pageInputSchema.extend({ unitId: idSchema, status: joinRequestStatusSchema.default('pending') }).strict(),
    pageOf(joinRequestSchema),
  ),
  decideJoinRequest: action(
    strict({ requestId: idSchema, approve: z.boolean(), reason: z.string().trim().max(200).optional() }),
    z.object({ status: z.enum(['approved', 'rejected']) }),
  ),
  /** Unit officer: take a member out of the unit (e.g. one who joined by a leaked QR). */
  removeMember: action(
    strict({ requestId: idSchema, reason: z.string().trim().min(2, '请填写原因').max(200) }),
    z.object({ status: z.literal('removed') }),
  ),
};
