import { AppError } from '@shared/errors';
import { openapi } from './cloud';

/** Exchange the getPhoneNumber code for the number WeChat (or the local runtime) verified. */
export async function verifiedPhone(code: string): Promise<string> {
  try {
    const res = await openapi.phonenumber.getPhoneNumber({ code });
    const phone = res.phoneInfo?.purePhoneNumber ?? res.phoneInfo?.phoneNumber;
    if (!phone) throw new Error('no phone in reply');
    return phone;
  } catch {
    throw new AppError('USER.PHONE_UNVERIFIED', undefined, 'payload.phoneCode');
  }
}
