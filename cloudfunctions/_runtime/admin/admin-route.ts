import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FunctionNotFoundError, type FunctionHost } from '../host/function-host';
import { BodyTooLargeError, parseJsonObject, readBody } from '../http/io';
import {
  batchDeleteFile,
  batchGetDownloadUrl,
  getUploadMetadata,
  type StorageContext,
} from '../storage/actions';
import { PayPlatformError, type PaySandbox } from '../pay/sandbox';
import { parseMultipart } from './multipart';
import { handleOpenApi, type OpenApiContext } from './openapi';
import { decodeApiOptions } from './openapi-proto';
import type { TcbReply } from './reply';
import { verifyTc3, type ApiCredential } from './tc3';

export const ADMIN_BODY_LIMIT = 20 * 1024 * 1024;

export interface AdminContext {
  /** `database.*` actions; the runtime passes its GroupCommitter, so concurrent writers share an fsync. */
  database: { handle(action: string, body: Record<string, any>): TcbReply | Promise<TcbReply> };
  host: FunctionHost;
  storage: () => StorageContext;
  openapi: () => OpenApiContext;
  pay: PaySandbox;
  log: (line: string) => void;
  /** The key the hosted functions sign with (TENCENTCLOUD_SECRETID/SECRETKEY of each invocation). */
  credential: ApiCredential;
}

/**
 * The SDK's signature is the credential: only processes given this runtime's per-start secret key
 * (the functions it hosts) can produce it. Signatures are checked against the real time, not the
 * runtime's injectable clock, because the SDK signs with the real time.
 */
function refusal(ctx: AdminContext, req: IncomingMessage, params: Record<string, unknown>): string | null {
  const why = verifyTc3(
    { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, params },
    ctx.credential,
    Date.now(),
  );
  if (why) ctx.log(`[admin] refused ${String(params.action ?? '?')}: ${why}`);
  return why;
}

function refuse(res: ServerResponse, why: string, contentType: string): void {
  res.writeHead(403, { 'content-type': contentType });
  res.end(
    JSON.stringify({
      code: 'SIGN_PARAM_INVALID',
      message: `request not authenticated: ${why}`,
      requestId: randomUUID(),
    }),
  );
}

/**
 * JSON replies for JSON actions. For the multipart actions the content type must NOT be exactly
 * `application/json; charset=utf-8`, or the SDK mis-parses the reply (TCB-WIRE §4.2).
 */
function reply(res: ServerResponse, body: TcbReply, contentType = 'application/json; charset=utf-8'): void {
  const requestId = body.requestId ?? randomUUID();
  res.writeHead(200, { 'content-type': contentType });
  res.end(JSON.stringify({ ...body, requestId }));
}

async function invokeFunction(ctx: AdminContext, body: Record<string, unknown>): Promise<TcbReply> {
  const name = body.function_name;
  if (typeof name !== 'string' || !ctx.host.exists(name)) {
    return {
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: `[ResourceNotFound.Function] 云函数不存在：${String(name)}`,
    };
  }
  let event: unknown = {};
  if (typeof body.request_data === 'string' && body.request_data !== '') {
    try {
      event = JSON.parse(body.request_data);
    } catch {
      return { code: 'INVALID_PARAM', message: 'request_data is not JSON' };
    }
  }
  const caller = ctx.host.byToken(body.wxCloudApiToken);
  try {
    // As on CloudBase: the callee keeps the user and sees the call chain in SOURCE (`wx_client,scf`).
    const result = await ctx.host.invoke(name, event, {
      openid: caller?.openid,
      clientIp: caller?.clientIp,
      source: caller ? `${caller.source},scf` : 'scf',
    });
    return { data: { response_data: result === undefined ? 'null' : JSON.stringify(result) } };
  } catch (e) {
    if (e instanceof FunctionNotFoundError) return { code: 'FUNCTIONS_EXECUTE_FAIL', message: e.message };
    return {
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: `${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`,
    };
  }
}

async function handleJson(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBody(req, ADMIN_BODY_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      return reply(res, { code: 'INVALID_PARAM', message: `request body exceeds ${ADMIN_BODY_LIMIT} bytes` });
    throw e;
  }
  const body = parseJsonObject(raw);
  if (!body)
    return reply(res, { code: 'INVALID_PARAM', message: 'body must be a JSON object with an action' });
  const why = refusal(ctx, req, body);
  if (why) return refuse(res, why, 'application/json; charset=utf-8');
  if (typeof body.action !== 'string')
    return reply(res, { code: 'INVALID_PARAM', message: 'body must be a JSON object with an action' });
  const action = body.action;
  const counted = ctx.host.apiCall(body.wxCloudApiToken, action, body.collectionName);
  res.once('finish', counted);
  res.once('close', counted);
  if (action.startsWith('database.')) {
    let r: TcbReply;
    try {
      r = await ctx.database.handle(action, body);
    } catch (e) {
      ctx.log(`[admin] ${action} crashed: ${(e as Error).stack ?? e}`);
      r = { code: 'SYS_ERR', message: (e as Error).message };
    }
    return reply(res, r);
  }
  const storage = ctx.storage();
  switch (action) {
    case 'storage.getUploadMetadata':
      return reply(res, getUploadMetadata(storage, body));
    case 'storage.batchGetDownloadUrl':
      return reply(res, batchGetDownloadUrl(storage, body));
    case 'storage.batchDeleteFile':
      return reply(res, batchDeleteFile(storage, body));
    case 'functions.invokeFunction':
      return reply(res, await invokeFunction(ctx, body));
    default:
      return reply(res, {
        code: 'INVALID_PARAM',
        message: `action not supported by the local runtime: ${action}`,
      });
  }
}

async function handleMultipart(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const tcbError = (code: string, message: string) => reply(res, { code, message }, 'application/json');
  let form;
  try {
    form = await parseMultipart(req, ADMIN_BODY_LIMIT);
  } catch (e) {
    return tcbError('INVALID_PARAM', `bad multipart body: ${(e as Error).message}`);
  }
  // A name both as a field and as a part would be signed once but read twice.
  if (Object.keys(form.parts).some((k) => k in form.fields))
    return refuse(res, 'duplicate parameter names', 'application/json');
  const why = refusal(ctx, req, { ...form.fields, ...form.parts });
  if (why) return refuse(res, why, 'application/json');
  const action = form.fields.action;
  const apiName = form.fields.apiName ?? '';
  const caller = ctx.host.byToken(form.fields.wxCloudApiToken);
  const counted = ctx.host.apiCall(form.fields.wxCloudApiToken, `${String(action)} ${apiName}`);
  res.once('close', counted);
  if (action === 'wx.openApi') {
    let out;
    try {
      out = await handleOpenApi(ctx.openapi(), apiName, form.parts.requestData, caller);
    } catch (e) {
      ctx.log(`[openapi] ${apiName} failed: ${(e as Error).message}`);
      return tcbError('SYS_ERR', `openapi ${apiName} failed: ${(e as Error).message}`);
    }
    res.writeHead(200, { 'content-type': out.contentType });
    res.end(out.body);
    return;
  }
  if (action === 'wx.wxPayApi') {
    let params: Record<string, unknown> | null = null;
    if (form.parts.requestData) params = parseJsonObject(form.parts.requestData);
    if (!params) return tcbError('INVALID_PARAM', 'requestData must be a JSON object');
    decodeApiOptions(form.parts.apiOptions); // validates the part; the sandbox has one appid
    let out;
    try {
      out = ctx.pay.handle(apiName, params, caller);
    } catch (e) {
      if (e instanceof PayPlatformError) return tcbError(e.code, e.message);
      throw e;
    }
    if (!out)
      return tcbError('INVALID_PARAM', `cloudPay.${apiName} is not supported by the local pay sandbox`);
    // JSON text with a non-JSON content type: wx-server-sdk expects the raw body (TCB-WIRE §4.2).
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(JSON.stringify(out));
    return;
  }
  return tcbError('INVALID_PARAM', `action not supported by the local runtime: ${String(action)}`);
}

/** POST /admin: the CloudBase API endpoint wx-server-sdk talks to (TCB_CONTEXT_CNFG.URL). */
export async function handleAdmin(
  ctx: AdminContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Refused before the body is read when there is no signature at all.
  if (!/^TC3-HMAC-SHA256 /.test(String(req.headers.authorization ?? ''))) {
    req.resume();
    return refuse(res, 'missing TC3-HMAC-SHA256 Authorization header', 'application/json; charset=utf-8');
  }
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return handleMultipart(ctx, req, res);
  return handleJson(ctx, req, res);
}
