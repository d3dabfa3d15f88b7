import type { Me, RegisterInput } from '../../shared/api/user';
import { chinaToday } from '../../shared/calendar';
import { AppError } from '../../shared/errors';
import { maskIdNumber, maskName, maskPhone, parseIdNumber } from '../../shared/identity';
import { openapi } from '../_lib/cloud';
import type { HandlerContext } from '../_lib/context';
import { findOne, getById } from '../_lib/db';
import { userIdFor, type UserDoc } from '../_lib/model';
import { encrypt, lookupHash } from '../_lib/pii';
import { describeUser } from './me';

/** Exchange the getPhoneNumber code for the number WeChat (or the local runtime) verified. */
async function verifiedPhone(code: string): Promise<string> {
  try {
    const res = await openapi.phonenumber.getPhoneNumber({ code });
    const phone = res.phoneInfo?.purePhoneNumber ?? res.phoneInfo?.phoneNumber;
    if (!phone) throw new Error('no phone in reply');
    return phone;
  } catch {
    throw new AppError('USER.PHONE_UNVERIFIED', '手机号验证已失效，请重新验证', 'payload.phoneCode');
  }
}

/**
 * Real-name registration. The ID number is stored sealed, with a keyed hash for the
 * one-account-per-person check (also a unique index, so two racing registrations cannot both win).
 */
export async function register(
  input: Required<Pick<RegisterInput, 'name' | 'idNumber' | 'phoneCode'>> & RegisterInput,
  ctx: HandlerContext,
): Promise<Me> {
  const openid = ctx.openid();
  const parsed = parseIdNumber(input.idNumber, chinaToday(ctx.now));
  if (!parsed.ok) throw new AppError('USER.INVALID_ID', parsed.message, 'payload.idNumber');

  const userId = userIdFor(openid);
  const existing = await getById<UserDoc>(ctx.db, 'users', userId);
  const idHash = lookupHash('id', parsed.idNumber);
  if (existing?.registered && existing.idHash !== idHash) {
    throw new AppError(
      'USER.ALREADY_REGISTERED',
      '本账号已实名登记，身份证号不能更改；如有误请联系单位工会',
      'payload.idNumber',
    );
  }
  const holder = await findOne<UserDoc>(ctx.db.collection('users').where({ idHash }));
  if (holder && holder._id !== userId) {
    throw new AppError(
      'USER.ID_TAKEN',
      '该身份证号已被其他微信账号登记；如需更换账号请联系单位工会',
      'payload.idNumber',
    );
  }
  const phone = await verifiedPhone(input.phoneCode);

  const doc: Omit<UserDoc, '_id'> = {
    openid,
    registered: true,
    name: input.name,
    nameMasked: maskName(input.name),
    idHash,
    idCipher: encrypt(parsed.idNumber),
    idMasked: maskIdNumber(parsed.idNumber),
    birthDate: parsed.birthDate,
    sex: parsed.sex,
    phoneCipher: encrypt(phone),
    phoneMasked: maskPhone(phone),
    unionCardNo: input.unionCardNo ?? existing?.unionCardNo,
    unitId: existing?.unitId,
    unitStatus: existing?.unitStatus ?? 'none',
    roles: Array.from(new Set([...(existing?.roles ?? []), 'worker' as const])),
    officerOrgIds: existing?.officerOrgIds,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
  try {
    await ctx.db.collection('users').doc(userId).set({ data: doc });
  } catch (err) {
    if (String((err as { errMsg?: string }).errMsg ?? err).includes('duplicate key')) {
      throw new AppError(
        'USER.ID_TAKEN',
        '该身份证号已被其他微信账号登记；如需更换账号请联系单位工会',
        'payload.idNumber',
      );
    }
    throw err;
  }
  return describeUser(ctx, { _id: userId, ...doc });
}
