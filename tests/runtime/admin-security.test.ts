/**
 * Who may use the runtime's CloudBase API (/admin, /cos) and under which names the runtime answers:
 * only requests signed with the per-start key the hosted functions get; no CORS; no foreign Host.
 */
import { sign } from '@cloudbase/signature-nodejs';
import { request as httpRequest } from 'node:http';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime;
let credential: { id: string; key: string };

beforeAll(async () => {
  rt = await startTestRuntime({
    functions: {
      // A hosted function can read its own credential, like any SCF function can.
      whoami: `exports.main = async () => ({ id: process.env.TENCENTCLOUD_SECRETID, key: process.env.TENCENTCLOUD_SECRETKEY });`,
      count: `exports.main = async () => (await cloud.database().collection('things').count()).total;`,
    },
  });
  credential = (await rt.invoke('whoami', {})) as { id: string; key: string };
  rt.db.collection('things').set('t1', { secret: 's' });
});
afterAll(() => rt.cleanup());

/** A request signed exactly as node-sdk signs it, by the library node-sdk uses. */
function signedRequest(
  params: Record<string, unknown>,
  opts: { key?: string; timestamp?: number; url?: string } = {},
): { url: string; headers: Record<string, string>; body: string } {
  const url = opts.url ?? `${rt.url}/admin?env=local&seqId=1`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'User-Agent': 'tcb-node-sdk/3.17.2',
    'X-TCB-Source': ',tencentcloud',
    Host: new URL(url).host,
  };
  const { authorization, timestamp } = sign({
    secretId: credential.id,
    secretKey: opts.key ?? credential.key,
    method: 'post',
    url,
    params,
    headers,
    withSignedParams: true,
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000) - 1,
  });
  const { Host: _host, ...sent } = headers;
  void _host;
  return {
    url,
    headers: { ...sent, authorization, 'x-timestamp': String(timestamp), 'x-signature-expires': '600' },
    body: JSON.stringify(params),
  };
}

const post = (r: { url: string; headers: Record<string, string>; body: string }, body = r.body) =>
  fetch(r.url, { method: 'POST', headers: r.headers, body });

const countThings = {
  action: 'database.calculateDocument',
  collectionName: 'things',
  queryType: 'WHERE',
  envName: 'local',
};

describe('runtime: /admin needs the SDK signature with the per-start key', () => {
  it('serves the hosted functions through the real SDK', async () => {
    expect(await rt.invoke('count', {})).toBe(1);
    expect(credential.key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a request without a signature with 403 SIGN_PARAM_INVALID', async () => {
    const r = await fetch(`${rt.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'things', queryType: 'WHERE' }),
    });
    expect(r.status).toBe(403);
    const body = await r.json();
    expect(body.code).toBe('SIGN_PARAM_INVALID');
    expect(JSON.stringify(body)).not.toContain('"secret":"s"');
  });

  it('answers a request signed with the key, as computed by @cloudbase/signature-nodejs', async () => {
    const r = await post(signedRequest(countThings));
    expect(r.status).toBe(200);
    expect((await r.json()).data).toEqual({ total: 1 });
  });

  it('refuses a signed request whose body was altered', async () => {
    const r = signedRequest(countThings);
    const altered = JSON.stringify({ ...countThings, collectionName: '_rt_sessions' });
    const res = await post(r, altered);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('SIGN_PARAM_INVALID');
    // A second spelling of a signed key cannot smuggle in another value either.
    const shadow = JSON.stringify({
      ...countThings,
      action: 'database.removeDocument',
      ACTION: countThings.action,
    });
    expect((await post(r, shadow)).status).toBe(403);
  });

  it('refuses a forged signature, another key, and a tampered query or header', async () => {
    const good = signedRequest(countThings);
    const forged = {
      ...good,
      headers: {
        ...good.headers,
        authorization: good.headers.authorization.replace(/Signature=\w{8}/, 'Signature=00000000'),
      },
    };
    expect((await post(forged)).status).toBe(403);
    expect((await post(signedRequest(countThings, { key: 'guessed' }))).status).toBe(403);
    expect((await post({ ...good, url: `${rt.url}/admin?env=other&seqId=1` })).status).toBe(403);
    expect((await post({ ...good, headers: { ...good.headers, 'x-tcb-source': 'forged' } })).status).toBe(
      403,
    );
  });

  it('refuses a correctly signed request older than 600 s', async () => {
    const old = signedRequest(countThings, { timestamp: Math.floor(Date.now() / 1000) - 601 });
    const r = await post(old);
    expect(r.status).toBe(403);
    expect((await r.json()).message).toMatch(/expired/);
    expect(
      (await post(signedRequest(countThings, { timestamp: Math.floor(Date.now() / 1000) - 590 }))).status,
    ).toBe(200);
  });

  it('refuses an unsigned multipart (openapi / cloudPay) request', async () => {
    const form = new FormData();
    form.append('action', 'wx.wxPayApi');
    form.append('apiName', 'queryOrder');
    form.append('requestData', new Blob([JSON.stringify({ out_trade_no: 'x', sub_mch_id: '1' })]));
    const r = await fetch(`${rt.url}/admin`, { method: 'POST', body: form });
    expect(r.status).toBe(403);
  });

  it('uses a new key on every start', async () => {
    const other = await startTestRuntime({
      functions: { whoami: `exports.main = async () => process.env.TENCENTCLOUD_SECRETKEY;` },
    });
    try {
      expect(await other.invoke('whoami', {})).not.toBe(credential.key);
      // This runtime's key means nothing to the other one.
      expect(
        (await post(signedRequest(countThings, { url: `${other.url}/admin?env=local&seqId=1` }))).status,
      ).toBe(403);
    } finally {
      await other.cleanup();
    }
  });
});

/** http.request, since fetch will not send a Host header of our choosing. */
function rawGet(
  path: string,
  host: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${rt.url}${path}`, { method, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('runtime: no CORS and no foreign Host names', () => {
  it('sends no access-control-* header on any route, and has no preflight handling', async () => {
    const c = rt.client();
    const replies = [
      await c.get('/healthz'),
      await c.get('/'),
      await c.call('count', 'x'),
      await c.get('/auth/session'),
      await c.post('/admin', {}),
      await c.request('OPTIONS', '/fn/count', undefined, {
        headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
      }),
    ];
    for (const r of replies) {
      r.headers.forEach((_value, name) => expect(name).not.toMatch(/^access-control-/));
    }
    expect(replies[replies.length - 1].status).toBe(405);
  });

  it('refuses a request whose Host is not a name of this runtime (DNS rebinding)', async () => {
    for (const path of ['/', '/healthz', '/fn/count', '/auth/session', '/admin']) {
      expect((await rawGet(path, 'evil.example')).status).toBe(421);
      expect((await rawGet(path, `evil.example:${rt.port}`)).status).toBe(421);
    }
    expect((await rawGet('/healthz', `127.0.0.1:${rt.port}`)).status).toBe(200);
    expect((await rawGet('/healthz', `localhost:${rt.port}`)).status).toBe(200);
    expect((await rawGet('/healthz', `[::1]:${rt.port}`)).status).toBe(200);
    // Right name, wrong port: another site on this machine.
    expect((await rawGet('/healthz', `localhost:${rt.port + 1}`)).status).toBe(421);
  });

  it('answers to the host of publicUrl', async () => {
    const pub = await startTestRuntime({ publicUrl: 'http://union.example:8787' });
    try {
      const get = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${pub.url}/healthz`, { headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await get('union.example:8787')).toBe(200);
      expect(await get('evil.example:8787')).toBe(421);
    } finally {
      await pub.cleanup();
    }
  });
});

describe('runtime: storage has no listing', () => {
  it('refuses /files and /cos without a signature or grant, whatever the path', async () => {
    const c = rt.client();
    for (const p of ['/files/', '/files', '/files/a/', '/cos/', '/cos/a/']) {
      const r = await c.get(p);
      expect([403, 404, 405]).toContain(r.status);
      expect(r.text).not.toMatch(/<a |href=|\.txt/);
    }
    const put = await fetch(`${rt.url}/cos/a.txt`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(403);
  });
});
