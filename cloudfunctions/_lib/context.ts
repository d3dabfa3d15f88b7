import { AppError } from '@shared/errors';
import { cloud, database, type Database } from './cloud';

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
}

export function createContext(): HandlerContext {
  const wx = cloud.getWXContext() as { OPENID?: string; SOURCE?: string; APPID?: string; CLIENTIP?: string };
  const caller: Caller = {
    openid: wx.OPENID || undefined,
    source: wx.SOURCE,
    appid: wx.APPID,
    clientIp: wx.CLIENTIP || undefined,
  };
  return {
    caller,
    db: database(),
    now: new Date(),
    openid() {
      if (!caller.openid) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录');
      return caller.openid;
    },
  };
}
