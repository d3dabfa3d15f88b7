import { z } from 'zod';
import { action } from './define';

export const roleSchema = z.enum(['worker', 'unit_officer', 'district_reviewer', 'centre_admin']);
export type Role = z.infer<typeof roleSchema>;

export const meSchema = z.object({
  /** Whether the caller has completed real-name registration. */
  registered: z.boolean(),
  roles: z.array(roleSchema),
  /** Masked for display; the full name is only shown on the owner's own profile page. */
  displayName: z.string().optional(),
  unitId: z.string().optional(),
  unitName: z.string().optional(),
});
export type Me = z.infer<typeof meSchema>;

export const userApi = {
  me: action(z.object({}).strict(), meSchema),
};
