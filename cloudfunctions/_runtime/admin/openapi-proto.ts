import * as protobuf from 'protobufjs';

/** The wire messages of wx.openApi, as bundled in wx-server-sdk (`src/protobuf/openapi.js`). */
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    SvrkitApiData: { fields: { apiName: { type: 'string', id: 1 }, reqData: { type: 'bytes', id: 2 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        svrkitData: { type: 'SvrkitApiData', id: 4 },
        appid: { type: 'string', id: 6 },
      },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
    ApiOptions: { fields: { appid: { type: 'string', id: 1 } } },
  },
});

const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');
const ApiOptions = root.lookupType('ApiOptions');

export interface OpenApiRequest {
  apiType: number;
  appid: string;
  /** JSON params by snake_case key; media params (those with a content type) stay raw bytes. */
  params: Record<string, unknown>;
}

export function decodeOpenApiRequest(bytes: Buffer): OpenApiRequest {
  const msg = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true }) as {
    apiType: number;
    appid: string;
    openapiData?: { pairs?: { key: string; value: Uint8Array; contenttype: string }[] };
  };
  const params: Record<string, unknown> = {};
  for (const p of msg.openapiData?.pairs ?? []) {
    const raw = Buffer.from(p.value);
    params[p.key] = p.contenttype
      ? { contentType: p.contenttype, value: raw }
      : JSON.parse(raw.toString('utf8'));
  }
  return { apiType: msg.apiType, appid: msg.appid, params };
}

export function encodeOpenApiResponse(resp: {
  respData?: Buffer;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
}): Buffer {
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create(resp)).finish());
}

export function decodeApiOptions(bytes: Buffer | undefined): { appid: string } {
  if (!bytes || bytes.length === 0) return { appid: '' };
  return ApiOptions.toObject(ApiOptions.decode(bytes), { defaults: true }) as { appid: string };
}
