import type { Me } from '@shared/api/user';
import { maskPhone } from '@shared/identity';
import { requireRegistered } from '../_lib/access';
import { auditEntry } from '../_lib/audit';
import type { HandlerContext } from '../_lib/context';
import { insert, updateById } from '../_lib/db';
import { describeUser } from '../_lib/describe-user';
import { verifiedPhone } from '../_lib/phone';
import { encrypt } from '../_lib/pii';
import { consume, LIMITS } from '../_lib/rate-limit';

/**
 * A new phone number, proved the same way as at registration (a one-time code from WeChat's
 * getPhoneNumber, or the local SMS login). Stored sealed; the change is recorded, without numbers.
 * Round trips: user 1, rate limit 1, exchange 1, write 1, audit 1.
 */
export async function changePhone(input: { phoneCode: string }, ctx: HandlerContext): Promise<Me> {
  const user = await requireRegistered(ctx);
  await consume(ctx, LIMITS.register, ctx.openid());
  const phone = await verifiedPhone(input.phoneCode);
  const sealed = { phoneCipher: encrypt(phone), phoneMasked: maskPhone(phone) };
  await updateById(ctx.db, 'users', user._id, { ...sealed, updatedAt: ctx.now });
  const { _id, ...entry } = auditEntry(ctx, {
    actorId: user._id,
    action: 'user.changePhone',
    subject: { kind: 'user', id: user._id },
  });
  await insert(ctx.db, 'auditLog', { _id, ...entry });
  return describeUser(ctx, { ...user, ...sealed });
}
