import { z } from 'zod';
import { action } from './define';
import { noInput } from './common';

export const roleSchema = z.enum([
  'worker',
  'unit_officer',
  'district_reviewer',
  'centre_reviewer',
  'centre_finance',
  'centre_admin',
]);
export type Role = z.infer<typeof roleSchema>;

export const unitStatusSchema = z.enum(['none', 'pending', 'approved']);

export const grantSchema = z.object({
  role: roleSchema.exclude(['worker']),
  orgId: z.string(),
  orgName: z.string(),
});
export type Grant = z.infer<typeof grantSchema>;

export const meSchema = z.object({
  /** Whether the caller has completed real-name registration. */
  registered: z.boolean(),
  roles: z.array(roleSchema),
  /** Officer roles, each bound to one org (its subtree). */
  grants: z.array(grantSchema),
  /** Masked for display (张*三); the owner's profile page shows more. */
  displayName: z.string().optional(),
  phoneMasked: z.string().optional(),
  idMasked: z.string().optional(),
  unitId: z.string().optional(),
  unitName: z.string().optional(),
  unitStatus: unitStatusSchema,
  /** The unit officer's reason when the last join request was turned down. */
  unitRejection: z.object({ unitName: z.string(), reason: z.string(), at: z.string() }).optional(),
  /** Set when the ID number suggests statutory retirement age: the unit officer confirms. */
  probablyRetired: z.boolean().optional(),
  /** Whether a union service card number is on file (the number itself stays server-side). */
  hasUnionCard: z.boolean().optional(),
  /** The card's last 4 digits (**** 0012), for the owner's own screens. */
  unionCardMasked: z.string().optional(),
});
export type Me = z.infer<typeof meSchema>;

const unionCardNoSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{6,24}$/, '工会卡号应为 6–24 位数字');

export const registerInputSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(2, '请填写真实姓名')
    .max(30, '姓名过长')
    .regex(/^[\u4e00-\u9fa5·A-Za-z\s]+$/, '姓名只能包含汉字、字母或间隔号'),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{17}[\dX]$/, '身份证号应为 18 位'),
  /**
   * Proof of the phone number: in WeChat the code from the getPhoneNumber button, locally the
   * code the runtime's SMS login returned. The server exchanges it; the client never sends a bare number.
   */
  phoneCode: z.string().min(1, '请先验证手机号').max(128),
  unionCardNo: unionCardNoSchema.optional(),
});
export type RegisterInput = z.input<typeof registerInputSchema>;

export const userApi = {
  me: action(noInput, meSchema),
  register: action(registerInputSchema, meSchema),
  /** A registered worker adds or corrects the union service card (工会服务卡) some programs need. */
  updateUnionCard: action(z.strictObject({ unionCardNo: unionCardNoSchema }), meSchema),
  /** A new phone number, proved by a fresh getPhoneNumber / SMS code (the same proof as registration). */
  changePhone: action(z.strictObject({ phoneCode: registerInputSchema.shape.phoneCode }), meSchema),
};
