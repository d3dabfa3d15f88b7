import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, httpStatusOf } from '../../../shared/errors';
import { BodyTooLargeError, bearerToken, parseJsonObject, readBody, sendJson } from '../http/io';
import type { AuthService } from './auth-service';

const AUTH_BODY_LIMIT = 16 * 1024;

export function sendError(res: ServerResponse, err: AppError, headers: Record<string, string> = {}): void {
  sendJson(res, httpStatusOf(err.code), { ok: false, error: err.toBody() }, headers);
}

const notFound = (res: ServerResponse) => sendError(res, new AppError('COMMON.NOT_FOUND', '接口不存在'));

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw: Buffer;
  try {
    raw = await readBody(req, AUTH_BODY_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new AppError('COMMON.PAYLOAD_TOO_LARGE', '请求内容过大');
    throw e;
  }
  const body = raw.length === 0 ? {} : parseJsonObject(raw);
  if (!body) throw new AppError('COMMON.BAD_REQUEST', '请求格式错误');
  return body;
}

/**
 * /auth/*: local sign-in. Every reply is the function envelope, `{ok:true,data}` or
 * `{ok:false,error}`, so the H5 client unwraps it the same way.
 */
export async function handleAuth(
  auth: AuthService,
  devLogin: boolean,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  try {
    if (method === 'POST' && path === '/auth/sms/send') {
      const body = await jsonBody(req);
      return sendJson(res, 200, { ok: true, data: auth.sendSmsCode(body.phone) });
    }
    if (method === 'POST' && path === '/auth/sms/verify') {
      const body = await jsonBody(req);
      return sendJson(res, 200, { ok: true, data: auth.verifySmsCode(body.phone, body.code) });
    }
    if (method === 'POST' && path === '/auth/logout') {
      auth.signOut(bearerToken(req));
      return sendJson(res, 200, { ok: true, data: {} });
    }
    if (method === 'GET' && path === '/auth/session') {
      const s = auth.session(bearerToken(req));
      if (!s) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录');
      return sendJson(res, 200, {
        ok: true,
        data: { openid: s.openid, kind: s.kind, label: s.label, role: s.role, hasPhone: !!s.phone },
      });
    }
    if (method === 'POST' && path === '/auth/phone-code') {
      const s = auth.session(bearerToken(req));
      if (!s) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录');
      // With {phone, code}: a proof of another phone (changing the number); without: the session's own.
      const body = await jsonBody(req);
      const phoneCode =
        body.phone !== undefined
          ? auth.phoneCodeForOtherPhone(s, body.phone, body.code)
          : auth.phoneCodeFor(s);
      return sendJson(res, 200, { ok: true, data: { phoneCode } });
    }
    if (path === '/auth/dev' || path === '/auth/dev/identities') {
      // Dev sign-in does not exist at all unless the runtime was started with it.
      if (!devLogin) return notFound(res);
      if (method === 'GET' && path === '/auth/dev/identities')
        return sendJson(res, 200, { ok: true, data: auth.devIdentities() });
      if (method === 'POST' && path === '/auth/dev') {
        const body = await jsonBody(req);
        return sendJson(res, 200, { ok: true, data: auth.devSignIn(body.openid) });
      }
    }
    return notFound(res);
  } catch (e) {
    if (e instanceof AppError) {
      const retryAfter = (e as AppError & { retryAfter?: number }).retryAfter;
      return sendError(res, e, retryAfter ? { 'retry-after': String(retryAfter) } : {});
    }
    throw e;
  }
}
