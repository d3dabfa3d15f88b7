import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, httpStatusOf } from '../../../shared/errors';
import { sendError } from '../auth/auth-routes';
import type { AuthService } from '../auth/auth-service';
import { FunctionTimeoutError, type FunctionHost } from '../host/function-host';
import { BodyTooLargeError, bearerToken, clientIp, parseJsonObject, readBody, sendJson } from './io';

export const FN_BODY_LIMIT = 1024 * 1024;

function isFailedEnvelope(v: unknown): v is { ok: false; error: { code: string } } {
  return (
    !!v &&
    typeof v === 'object' &&
    (v as { ok?: unknown }).ok === false &&
    typeof (v as { error?: { code?: unknown } }).error?.code === 'string'
  );
}

/**
 * POST /fn/<name>: the H5 client's stand-in for wx.cloud.callFunction. The bearer session decides
 * the OPENID the function sees; the body only ever becomes the event. Refusals happen before the
 * function runs, so they write nothing.
 */
export async function handleFn(
  host: FunctionHost,
  auth: AuthService,
  appId: string,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!host.exists(name)) {
    req.resume();
    return sendError(res, new AppError('COMMON.UNKNOWN_FUNCTION', `云函数不存在：${name.slice(0, 60)}`));
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, FN_BODY_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      return sendError(res, new AppError('COMMON.PAYLOAD_TOO_LARGE', '请求内容过大'), {
        connection: 'close',
      });
    throw e;
  }
  const body = parseJsonObject(raw);
  if (!body || typeof body.action !== 'string')
    return sendError(res, new AppError('COMMON.BAD_REQUEST', '请求格式错误'));
  const token = bearerToken(req);
  const session = auth.session(token);
  if (token && !session)
    return sendError(res, new AppError('AUTH.UNAUTHENTICATED', '登录已失效，请重新登录'));
  const openid = session?.openid;
  // wx.cloud.callFunction adds userInfo to the event for signed-in users; do the same.
  const event = {
    action: body.action,
    payload: body.payload,
    ...(openid ? { userInfo: { appId, openId: openid } } : {}),
  };
  let result: unknown;
  try {
    result = await host.invoke(name, event, { openid, source: 'wx_client', clientIp: clientIp(req) });
  } catch (e) {
    if (e instanceof FunctionTimeoutError)
      return sendError(res, new AppError('COMMON.UNAVAILABLE', '服务超时，请稍后重试'));
    return sendError(res, new AppError('COMMON.INTERNAL', '系统繁忙，请稍后重试'));
  }
  sendJson(res, isFailedEnvelope(result) ? httpStatusOf(result.error.code) : 200, result ?? null);
}
