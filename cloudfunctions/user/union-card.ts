import type { Me } from '../../shared/api/user';
import { requireRegistered } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { updateById } from '../_lib/db';
import { describeUser } from './me';

export async function updateUnionCard(input: { unionCardNo: string }, ctx: HandlerContext): Promise<Me> {
  const user = await requireRegistered(ctx);
  await updateById(ctx.db, 'users', user._id, { unionCardNo: input.unionCardNo, updatedAt: ctx.now });
  return describeUser(ctx, { ...user, unionCardNo: input.unionCardNo });
}
