import { createHash, randomBytes, randomInt } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { maskPhone } from '../../../shared/identity';
import type { Clock, CollectionSource } from '../store';
import type { RuntimeSecret } from './secret';

export const SESSIONS = '_rt_sessions';
export const SMS_CODES = '_rt_sms_codes';
export const PHONE_CODES = '_rt_phone_codes';
export const DEMO_IDENTITIES = '_rt_demo_identities';

export const SMS_TTL_MS = 5 * 60_000;
export const SMS_RESEND_MS = 60_000;
export const SMS_MAX_ATTEMPTS = 5;
/** Like the code from WeChat's getPhoneNumber button: single use, five minutes. */
export const PHONE_CODE_TTL_MS = 5 * 60_000;
export const SESSION_TTL_MS = 7 * 24 * 3600_000;

const MOBILE = /^1[3-9]\d{9}$/;
/** Seal purpose of phones kept in _rt_sessions and _rt_phone_codes. */
const PHONE_PURPOSE = 'phone';

export interface Session {
  openid: string;
  kind: 'sms' | 'dev';
  /** Verified by SMS; dev identities have none. */
  phone?: string;
  label?: string;
  role?: string;
  expiresAt: number;
}

export interface DemoIdentity {
  openid: string;
  label: string;
  role: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Local sign-in standing in for WeChat's: an SMS code (delivered to the runtime log) proves a
 * phone, the phone maps to a stable local openid, and a bearer session carries that openid to
 * the function host. Functions only ever see OPENID through getWXContext.
 */
export class AuthService {
  constructor(
    private readonly db: CollectionSource,
    private readonly secret: RuntimeSecret,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {
    this.sealClearPhones();
  }

  /** Data dirs of older runtimes kept `phone` in clear in these two tables: seal it in place. */
  private sealClearPhones(): void {
    for (const name of [SESSIONS, PHONE_CODES]) {
      const c = this.db.collection(name);
      for (;;) {
        const docs = c.find({ phone: { $exists: true } }, { limit: 500 }) as {
          _id: string;
          phone: unknown;
        }[];
        if (docs.length === 0) break;
        for (const { _id, phone, ...rest } of docs) {
          const sealed =
            typeof phone === 'string' && phone ? { phoneSealed: this.secret.seal(PHONE_PURPOSE, phone) } : {};
          c.set(_id, { ...rest, ...sealed });
        }
      }
    }
  }

  private phoneKey(phone: string): string {
    return this.secret.mac('sms-phone', phone);
  }

  openidForPhone(phone: string): string {
    return `local_${this.secret.mac('openid', phone).slice(0, 22)}`;
  }

  sendSmsCode(phone: unknown): { expiresIn: number; resendAfter: number } {
    if (typeof phone !== 'string' || !MOBILE.test(phone))
      throw new AppError('AUTH.INVALID_PHONE', '请输入正确的手机号', 'phone');
    const now = this.clock();
    const codes = this.db.collection(SMS_CODES);
    const key = this.phoneKey(phone);
    const prev = codes.get(key) as { sentAt: number } | null;
    if (prev && now - prev.sentAt < SMS_RESEND_MS) {
      const wait = Math.ceil((SMS_RESEND_MS - (now - prev.sentAt)) / 1000);
      throw Object.assign(new AppError('AUTH.RATE_LIMITED', `发送太频繁，请 ${wait} 秒后再试`), {
        retryAfter: wait,
      });
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    codes.set(key, {
      codeMac: this.secret.mac('sms-code', `${phone}\n${code}`),
      sentAt: now,
      expiresAt: now + SMS_TTL_MS,
      attempts: 0,
      void: false,
    });
    // The log is the local "SMS gateway": this line is how a developer receives the code.
    this.log(`[sms] ${maskPhone(phone)} code ${code}`);
    return { expiresIn: SMS_TTL_MS / 1000, resendAfter: SMS_RESEND_MS / 1000 };
  }

  /** Checks an SMS code for a phone and spends it (five wrong tries void it). */
  private spendSmsCode(phone: unknown, code: unknown): string {
    if (typeof phone !== 'string' || !MOBILE.test(phone))
      throw new AppError('AUTH.INVALID_PHONE', '请输入正确的手机号', 'phone');
    if (typeof code !== 'string' || !/^\d{6}$/.test(code))
      throw new AppError('AUTH.CODE_INVALID', '请输入 6 位验证码', 'code');
    const now = this.clock();
    const codes = this.db.collection(SMS_CODES);
    const key = this.phoneKey(phone);
    const rec = codes.get(key) as {
      codeMac: string;
      sentAt: number;
      expiresAt: number;
      attempts: number;
      void: boolean;
    } | null;
    if (!rec || rec.void || rec.expiresAt <= now)
      throw new AppError('AUTH.CODE_EXPIRED', '验证码已失效，请重新获取', 'code');
    if (!this.secret.verify('sms-code', `${phone}\n${code}`, rec.codeMac)) {
      const attempts = rec.attempts + 1;
      const left = SMS_MAX_ATTEMPTS - attempts;
      // Keep sentAt on a voided code so the resend interval still applies.
      codes.set(key, { ...stripId(rec), attempts, void: left <= 0 });
      if (left <= 0)
        throw new AppError('AUTH.CODE_EXPIRED', '错误次数过多，验证码已失效，请重新获取', 'code');
      throw new AppError('AUTH.CODE_INVALID', `验证码错误，还可尝试 ${left} 次`, 'code');
    }
    // Spent: a code is used once. The record stays (void) to keep the resend interval.
    codes.set(key, { ...stripId(rec), void: true });
    return phone;
  }

  verifySmsCode(
    phone: unknown,
    code: unknown,
  ): { token: string; openid: string; phone: string; phoneCode: string; expiresAt: string } {
    const proved = this.spendSmsCode(phone, code);
    const openid = this.openidForPhone(proved);
    const { token, expiresAt } = this.createSession({ openid, kind: 'sms', phone: proved });
    this.log(`[auth] sms sign-in ${maskPhone(proved)} → ${openid}`);
    return {
      token,
      openid,
      phone: proved,
      phoneCode: this.issuePhoneCode(openid, proved),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  devIdentities(): DemoIdentity[] {
    return this.db
      .collection(DEMO_IDENTITIES)
      .find({}, { sort: { order: 1, role: 1, label: 1 }, limit: 200 })
      .map((d: DemoIdentity) => ({ openid: d.openid, label: d.label, role: d.role }));
  }

  devSignIn(openid: unknown): {
    token: string;
    openid: string;
    label: string;
    role: string;
    expiresAt: string;
  } {
    if (typeof openid !== 'string' || !openid)
      throw new AppError('COMMON.BAD_REQUEST', '请选择演示身份', 'openid');
    const found = this.db.collection(DEMO_IDENTITIES).find({ openid }, { limit: 1 })[0] as
      DemoIdentity | undefined;
    if (!found) throw new AppError('AUTH.IDENTITY_NOT_FOUND', '没有这个演示身份', 'openid');
    const { token, expiresAt } = this.createSession({
      openid,
      kind: 'dev',
      label: found.label,
      role: found.role,
    });
    this.log(`[auth] dev sign-in ${openid} (${found.role})`);
    return {
      token,
      openid,
      label: found.label,
      role: found.role,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  private createSession(s: Omit<Session, 'expiresAt'>): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.clock() + SESSION_TTL_MS;
    const { phone, ...rest } = s;
    // Stored by hash: a copy of the data folder does not hand out live sessions. The phone is
    // sealed, never in clear: it is personal data and only needed to issue phone proofs.
    this.db.collection(SESSIONS).set(sha256(token), {
      ...rest,
      ...(phone ? { phoneSealed: this.secret.seal(PHONE_PURPOSE, phone) } : {}),
      createdAt: this.clock(),
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** The session a bearer token names, or null when unknown or expired. */
  session(token: string | null): Session | null {
    if (!token) return null;
    const stored = this.db.collection(SESSIONS).get(sha256(token)) as
      (Omit<Session, 'phone'> & { phoneSealed?: string; _id?: string }) | null;
    if (!stored) return null;
    if (stored.expiresAt <= this.clock()) {
      this.db.collection(SESSIONS).remove({ _id: sha256(token) });
      return null;
    }
    const { phoneSealed, _id, ...s } = stored;
    void _id;
    const phone = phoneSealed ? this.secret.open(PHONE_PURPOSE, phoneSealed) : null;
    return phone ? { ...s, phone } : s;
  }

  signOut(token: string | null): boolean {
    return token ? this.db.collection(SESSIONS).remove({ _id: sha256(token) }) > 0 : false;
  }

  /**
   * A proof of ANOTHER phone for the signed-in account (changing the number): the SMS code for that
   * phone is checked as at sign-in, but the session stays the account's own. WeChat's
   * getPhoneNumber lets a user pick another verified number the same way.
   */
  phoneCodeForOtherPhone(session: Session, phone: unknown, code: unknown): string {
    const proved = this.spendSmsCode(phone, code);
    this.log(`[auth] ${session.openid} proved another phone ${maskPhone(proved)}`);
    return this.issuePhoneCode(session.openid, proved);
  }

  /** A fresh single-use proof of the session's verified phone, for the `phoneCode` of user.register. */
  phoneCodeFor(session: Session): string {
    if (!session.phone)
      throw new AppError('AUTH.NO_VERIFIED_PHONE', '当前登录方式没有验证过的手机号，请用短信验证码登录');
    return this.issuePhoneCode(session.openid, session.phone);
  }

  private issuePhoneCode(openid: string, phone: string): string {
    const code = randomBytes(24).toString('base64url');
    this.db.collection(PHONE_CODES).set(sha256(code), {
      openid,
      phoneSealed: this.secret.seal(PHONE_PURPOSE, phone),
      expiresAt: this.clock() + PHONE_CODE_TTL_MS,
    });
    return code;
  }

  /**
   * phonenumber.getPhoneNumber locally: the phone a code proves, if the runtime issued the code to
   * this very openid, it is unexpired and unused. Spends the code.
   */
  redeemPhoneCode(code: unknown, callerOpenid: string | undefined): string | null {
    if (typeof code !== 'string' || !code) return null;
    const phones = this.db.collection(PHONE_CODES);
    const id = sha256(code);
    const rec = phones.get(id) as { openid: string; phoneSealed: string; expiresAt: number } | null;
    if (!rec) return null;
    phones.remove({ _id: id });
    if (rec.expiresAt <= this.clock() || !callerOpenid || rec.openid !== callerOpenid) return null;
    return this.secret.open(PHONE_PURPOSE, rec.phoneSealed);
  }
}

function stripId<T extends object>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc as T & { _id?: unknown };
  void _id;
  return rest;
}
