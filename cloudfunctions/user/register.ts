import type { Me, RegisterInput } from '@shared/api/user';
import { chinaToday } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { maskCardNumber, maskIdNumber, maskName, maskPhone, parseIdNumber } from '@shared/identity';
import { verifiedPhone } from '../_lib/phone';
import type { HandlerContext } from '../_lib/context';
import { findOne, getById, isDuplicateKey } from '../_lib/db';
import { coll } from '../_lib/collections';
import { userIdFor, type UserDoc } from '../_lib/model';
import { encrypt, lookupHash } from '../_lib/pii';
import { consume, LIMITS } from '../_lib/rate-limit';
import { describeUser } from '../_lib/describe-user';
import { linkPaperMember } from '../_lib/paper-members';

/** What registration stores: the person sealed and masked, keeping what the account already had. */
function registeredUser(
  ctx: HandlerContext,
  input: RegisterInput & { name: string },
  person: { idNumber: string; sex: UserDoc['sex']; idHash: string; phone: string },
  existing: UserDoc | null,
): Omit<UserDoc, '_id'> {
  const card = input.unionCardNo
    ? { unionCardCipher: encrypt(input.unionCardNo), unionCardMasked: maskCardNumber(input.unionCardNo) }
    : existing?.unionCardCipher
      ? { unionCardCipher: existing.unionCardCipher, unionCardMasked: existing.unionCardMasked }
      : {};
  return {
    openid: ctx.openid(),
    registered: true,
    name: input.name,
    nameMasked: maskName(input.name),
    idHash: person.idHash,
    idCipher: encrypt(person.idNumber),
    idMasked: maskIdNumber(person.idNumber),
    sex: person.sex,
    phoneCipher: encrypt(person.phone),
    phoneMasked: maskPhone(person.phone),
    ...card,
    unitStatus: existing?.unitStatus ?? 'none',
    ...(existing?.unitId ? { unitId: existing.unitId } : {}),
    ...(existing?.joinRequestId ? { joinRequestId: existing.joinRequestId } : {}),
    roles: Array.from(new Set([...(existing?.roles ?? []), 'worker' as const])),
    ...(existing?.grants ? { grants: existing.grants } : {}),
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
}

/**
 * Real-name registration. The phone is verified before anything is looked up, attempts are
 * counted per caller, and every way an ID number can be unavailable (on another account, or this
 * account already holds another one) gets the same answer — so the action cannot be used to learn
 * whether someone is registered. The ID is stored sealed, with a keyed hash for the
 * one-account-per-person check (a unique index, so two racing registrations cannot both win).
 * Round trips: rate limit 1, phone exchange 1, own doc + ID holder 1 (parallel), write 1, and the
 * paper sign-up look-up 1 (3 more when one is found).
 */
export async function register(
  input: Required<Pick<RegisterInput, 'name' | 'idNumber' | 'phoneCode'>> & RegisterInput,
  ctx: HandlerContext,
): Promise<Me> {
  const openid = ctx.openid();
  await consume(ctx, LIMITS.register, openid);
  const parsed = parseIdNumber(input.idNumber, chinaToday(ctx.now));
  if (!parsed.ok) throw new AppError('USER.INVALID_ID', parsed.message, 'payload.idNumber');
  const phone = await verifiedPhone(input.phoneCode);

  const userId = userIdFor(openid);
  const idHash = lookupHash('id', parsed.idNumber);
  const [existing, holder] = await Promise.all([
    getById(ctx.db, 'users', userId),
    findOne<UserDoc>(coll(ctx.db, 'users').where({ idHash })),
  ]);
  const refused = (existing?.registered && existing.idHash !== idHash) || (holder && holder._id !== userId);
  if (refused) throw new AppError('USER.REGISTRATION_REFUSED');

  const doc = registeredUser(
    ctx,
    input,
    { idNumber: parsed.idNumber, sex: parsed.sex, idHash, phone },
    existing,
  );
  try {
    await coll(ctx.db, 'users').doc(userId).set({ data: doc });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('USER.REGISTRATION_REFUSED');
    throw err;
  }
  const saved: UserDoc = { _id: userId, ...doc };
  // Signed up on paper by the unit before: that cover and that unit are this person's.
  if ((await linkPaperMember(ctx, saved)) && saved.unitStatus !== 'approved') {
    return describeUser(ctx, (await getById(ctx.db, 'users', userId)) ?? saved);
  }
  return describeUser(ctx, saved);
}
