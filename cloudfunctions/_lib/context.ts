import { AppError } from '@shared/errors';
import { cloud, database, type Database } from './cloud';
import { getById } from './db';
import { userIdFor, type UserDoc } from './model';

/** Who called, as the platform authenticated it. Never taken from the event payload. */
export interface Caller {
  openid?: string;
  source?: string;
  appid?: string;
  clientIp?: string;
}

export interface HandlerContext {
  caller: Caller;
  db: Database;
  now: Date;
  /** The caller's OPENID, or a refusal when the call is anonymous. */
  openid(): string;
  /**
   * The caller's user document (null when there is none), read once per invocation however many
   * checks ask for it: a handler can start it together with its own first read
   * (`together([requireRegistered(ctx), getById(...)])`) and the checks below share that one read.
   * Each invocation has its own context, so it is never older than the invocation.
   */
  user(): Promise<UserDoc | null>;
}

export function createContext(): HandlerContext {
  const wx = cloud.getWXContext() as { OPENID?: string; SOURCE?: string; APPID?: string; CLIENTIP?: string };
  const caller: Caller = {
    openid: wx.OPENID || undefined,
    source: wx.SOURCE,
    appid: wx.APPID,
    clientIp: wx.CLIENTIP || undefined,
  };
  const db = database();
  let user: Promise<UserDoc | null> | undefined;
  const openid = () => {
    if (!caller.openid) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录');
    return caller.openid;
  };
  return {
    caller,
    db,
    now: new Date(),
    openid,
    user: () => (user ??= getById(db, 'users', userIdFor(openid()))),
  };
}
