import type { Me } from '@shared/api/user';
import { maskCardNumber } from '@shared/identity';
import { requireRegistered } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { updateById } from '../_lib/db';
import { encrypt } from '../_lib/pii';
import { describeUser } from '../_lib/describe-user';

/** The card is the account subsidies are paid into: stored sealed, shown as its last 4 digits. */
export async function updateUnionCard(input: { unionCardNo: string }, ctx: HandlerContext): Promise<Me> {
  const user = await requireRegistered(ctx);
  const sealed = {
    unionCardCipher: encrypt(input.unionCardNo),
    unionCardMasked: maskCardNumber(input.unionCardNo),
  };
  await updateById(ctx.db, 'users', user._id, { ...sealed, updatedAt: ctx.now });
  return describeUser(ctx, { ...user, ...sealed });
}
