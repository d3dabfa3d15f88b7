import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import type { Invocation } from '../host/function-host';
import type { AuthService } from '../auth/auth-service';
import type { Clock, CollectionSource } from '../store';
import { decodeOpenApiRequest, encodeOpenApiResponse } from './openapi-proto';

export const MESSAGES = '_rt_messages';
/** Where a scanned local QR code lands when the caller names no page. */
export const DEFAULT_QR_PAGE = 'pages/join/index';

export interface OpenApiContext {
  db: CollectionSource;
  auth: AuthService;
  clock: Clock;
  appId: string;
  publicUrl: string;
  log: (line: string) => void;
  /** The calling function's declared `permissions.openapi`, when it has a config.json. */
  declaredApis: (functionName: string) => string[] | undefined;
}

/** What the /admin route sends back: protobuf CommOpenApiResp as octet-stream (TCB-WIRE §4.2). */
export interface BinaryReply {
  contentType: string;
  body: Buffer;
}

const json = (obj: unknown): BinaryReply => ({
  contentType: 'application/octet-stream',
  body: encodeOpenApiResponse({
    respData: Buffer.from(JSON.stringify(obj)),
    contentType: 'application/json',
  }),
});
const platformError = (errorCode: number): BinaryReply => ({
  contentType: 'application/octet-stream',
  body: encodeOpenApiResponse({ errorCode }),
});

/** Scene characters WeChat allows in wxacode.getUnlimited. */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const PAGE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

async function getUnlimited(ctx: OpenApiContext, p: Record<string, unknown>): Promise<BinaryReply> {
  if (typeof p.scene !== 'string' || !SCENE.test(p.scene)) {
    return json({
      errcode: 40169,
      errmsg: 'invalid length for scene, or the data is not json: scene must be 1-32 visible characters',
    });
  }
  const page = p.page === undefined || p.page === '' ? DEFAULT_QR_PAGE : p.page;
  if (typeof page !== 'string' || !PAGE.test(page))
    return json({ errcode: 41030, errmsg: 'invalid page: page must exist and not start with /' });
  const width = typeof p.width === 'number' ? Math.min(Math.max(Math.round(p.width), 280), 1280) : 430;
  // The H5 build uses hash routing; the scene arrives as the same `scene` query a mini-program page reads.
  const target = `${ctx.publicUrl}/#/${page}?scene=${encodeURIComponent(p.scene)}`;
  const png = await QRCode.toBuffer(target, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M' });
  return {
    contentType: 'application/octet-stream',
    body: encodeOpenApiResponse({ respData: png, contentType: 'image/png' }),
  };
}

function subscribeSend(
  ctx: OpenApiContext,
  p: Record<string, unknown>,
  caller: Invocation | undefined,
): BinaryReply {
  if (typeof p.touser !== 'string' || !p.touser)
    return json({ errcode: 40003, errmsg: 'invalid openid: touser is required' });
  if (typeof p.template_id !== 'string' || !p.template_id)
    return json({ errcode: 40037, errmsg: 'invalid template_id' });
  if (!p.data || typeof p.data !== 'object')
    return json({ errcode: 47003, errmsg: 'argument invalid! data is required' });
  const msgid = randomInt(1, 2 ** 47);
  ctx.db.collection(MESSAGES).add({
    msgid,
    touser: p.touser,
    templateId: p.template_id,
    page: p.page ?? null,
    data: p.data,
    miniprogramState: p.miniprogram_state ?? 'formal',
    lang: p.lang ?? 'zh_CN',
    fromFunction: caller?.functionName ?? null,
    sentAt: new Date(ctx.clock()).toISOString(),
  });
  // Template data may name people: the log says who and which template, not what.
  ctx.log(`[msg] subscribeMessage ${p.template_id} → ${p.touser} (msgid ${msgid})`);
  return json({ errcode: 0, errmsg: 'ok', msgid });
}

function getPhoneNumber(
  ctx: OpenApiContext,
  p: Record<string, unknown>,
  caller: Invocation | undefined,
): BinaryReply {
  const phone = ctx.auth.redeemPhoneCode(p.code, caller?.openid);
  if (!phone) {
    return json({
      errcode: 40013,
      errmsg:
        'invalid code: the local runtime cannot reach WeChat; it only accepts the single-use phoneCode that POST /auth/sms/verify ' +
        '(or POST /auth/phone-code) issued to this same user in the last 5 minutes',
    });
  }
  return json({
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: phone,
      purePhoneNumber: phone,
      countryCode: '86',
      watermark: { timestamp: Math.floor(ctx.clock() / 1000), appid: ctx.appId },
    },
  });
}

/** wx.openApi: the cloud calls the project uses, answered locally; anything else is a platform error. */
export async function handleOpenApi(
  ctx: OpenApiContext,
  apiName: string,
  requestData: Buffer | undefined,
  caller: Invocation | undefined,
): Promise<BinaryReply> {
  if (!requestData) return platformError(-604101);
  const req = decodeOpenApiRequest(requestData);
  if (req.apiType !== 0) return platformError(-604101);
  if (caller) {
    const declared = ctx.declaredApis(caller.functionName);
    if (declared && !declared.includes(apiName)) {
      // CloudBase refuses cloud calls a function's config.json does not declare; warn so it is fixed before deploying.
      ctx.log(
        `[openapi] warning: ${caller.functionName} calls ${apiName} but its config.json permissions.openapi does not list it`,
      );
    }
  }
  switch (apiName) {
    case 'wxacode.getUnlimited':
      return getUnlimited(ctx, req.params);
    case 'subscribeMessage.send':
      return subscribeSend(ctx, req.params, caller);
    case 'phonenumber.getPhoneNumber':
      return getPhoneNumber(ctx, req.params, caller);
    default:
      ctx.log(`[openapi] ${apiName} is not emulated locally`);
      return platformError(-604101);
  }
}
