import type { Me } from '@shared/api/user';
import { currentUser } from '../_lib/access';
import type { HandlerContext } from '../_lib/context';
import { describeUser } from '../_lib/describe-user';

export async function me(_input: object, ctx: HandlerContext): Promise<Me> {
  return describeUser(ctx, await currentUser(ctx));
}
