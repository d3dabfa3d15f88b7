import { networkInterfaces } from 'node:os';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

/** POST /fn/<name>: the H5 client's transport, its status codes and its refusals. */
describe('runtime: /fn HTTP transport', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      functions: {
        // Writes on every call it gets, so a refusal that reached it would show.
        writer: `exports.main = async (event) => {
          await cloud.database().collection('writes').add({ data: { action: event.action, size: JSON.stringify(event.payload || null).length } });
          if (event.action === 'missing') return { ok: false, error: { code: 'CLAIM.NOT_FOUND', message: '申请不存在' } };
          if (event.action === 'conflict') return { ok: false, error: { code: 'ENROLL.WINDOW_CLOSED', message: '不在参保期内' } };
          if (event.action === 'crash') throw new Error('unexpected');
          const { OPENID, SOURCE } = cloud.getWXContext();
          return { ok: true, data: { echo: event.payload, OPENID: OPENID || null, SOURCE, userInfo: event.userInfo || null } };
        };`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  const writes = () => rt.db.collection('writes').count({});

  it('invokes the function with {action, payload} and returns its envelope', async () => {
    const r = await rt.client().call('writer', 'echo', { a: [1, 2] });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(r.body).toEqual({
      ok: true,
      data: { echo: { a: [1, 2] }, OPENID: null, SOURCE: 'wx_client', userInfo: null },
    });
  });

  it('maps an error envelope to its HTTP status', async () => {
    const c = rt.client();
    const missing = await c.call('writer', 'missing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: { code: 'CLAIM.NOT_FOUND', message: '申请不存在' } });
    expect((await c.call('writer', 'conflict')).status).toBe(409);
    const crash = await c.call('writer', 'crash');
    expect(crash.status).toBe(500);
    expect(crash.body.error.code).toBe('COMMON.INTERNAL');
  });

  describe('refusals write nothing', () => {
    let before: number;
    beforeEach(() => {
      before = writes();
    });
    afterEach(() => {
      expect(writes()).toBe(before);
    });

    it('malformed JSON → 400 COMMON.BAD_REQUEST', async () => {
      const r = await rt.client().request('POST', '/fn/writer', undefined, {
        raw: '{"action": "echo",',
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ ok: false, error: { code: 'COMMON.BAD_REQUEST', message: '请求格式错误' } });
    });

    it('a body without an action → 400', async () => {
      const r = await rt.client().request('POST', '/fn/writer', undefined, { raw: '[1,2]' });
      expect(r.status).toBe(400);
    });

    it('unknown function → 404 COMMON.UNKNOWN_FUNCTION', async () => {
      const r = await rt.client().call('nosuch', 'echo');
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('COMMON.UNKNOWN_FUNCTION');
      expect((await rt.client().call('..%2Fwriter', 'echo')).status).toBe(404);
      expect((await rt.client().call('%E0%A4%A', 'echo')).status).toBe(404);
    });

    it('body over 1 MB → 413 COMMON.PAYLOAD_TOO_LARGE', async () => {
      const r = await rt.client().call('writer', 'echo', { blob: 'x'.repeat(1024 * 1024 + 10) });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('COMMON.PAYLOAD_TOO_LARGE');
    });

    it('an unknown or expired session token → 401, not an anonymous call', async () => {
      const c = rt.client();
      c.token = 'not-a-session';
      const r = await c.call('writer', 'echo');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('AUTH.UNAUTHENTICATED');
    });

    it('GET on a function → 405', async () => {
      expect((await rt.client().get('/fn/writer')).status).toBe(405);
    });
  });

  it('answers no CORS preflight: the H5 app is served same-origin', async () => {
    const pre = await fetch(`${rt.url}/fn/writer`, { method: 'OPTIONS' });
    expect(pre.status).toBe(405);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the H5 build with content types and no traversal', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const h5 = join(rt.dataDir, '..', 'h5');
    mkdirSync(join(h5, 'js'), { recursive: true });
    writeFileSync(join(h5, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(h5, 'js', 'app.js'), 'console.log(1)');
    const c = rt.client();
    const index = await c.get('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.text).toContain('<title>app</title>');
    const js = await c.get('/js/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await c.get('/js/missing.js')).status).toBe(404);
    // History-mode paths fall back to the app; traversal never reaches the data folder.
    expect((await c.get('/pages/me/index')).text).toContain('<title>app</title>');
    for (const p of [
      '/..%2fdata%2fruntime-secret',
      '/%2e%2e/data/runtime-secret',
      '/../data/runtime-secret',
    ]) {
      const r = await c.get(p);
      expect(r.text).not.toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('runtime: startup', () => {
  it('fails cleanly when the port is taken', async () => {
    const first = await startTestRuntime();
    try {
      await expect(startTestRuntime({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
      // The first one is unaffected.
      expect((await first.client().get('/healthz')).status).toBe(200);
    } finally {
      await first.cleanup();
    }
  });
});

describe('runtime: the CloudBase API is for this machine only', () => {
  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  // Needs a non-loopback interface to call from; every CI machine with a network has one.
  (lanAddress ? it : it.skip)('refuses /admin and /cos from a non-loopback address, serves /fn', async () => {
    const rt = await startTestRuntime({
      host: '0.0.0.0',
      functions: { hello: `exports.main = async () => ({ ok: true, data: 'hi' });` },
    });
    try {
      const lan = `http://${lanAddress}:${rt.port}`;
      const admin = await fetch(`${lan}/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'database.getDocument',
          collectionName: '_rt_sessions',
          queryType: 'WHERE',
        }),
      });
      expect(admin.status).toBe(403);
      expect((await fetch(`${lan}/cos/x.txt`, { method: 'PUT', body: 'x' })).status).toBe(403);
      const fn = await fetch(`${lan}/fn/hello`, { method: 'POST', body: JSON.stringify({ action: 'a' }) });
      expect(await fn.json()).toEqual({ ok: true, data: 'hi' });
      // From loopback an unsigned request is refused too (tests/runtime/admin-security.test.ts).
      const local = await fetch(`${rt.url}/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'database.calculateDocument',
          collectionName: '_rt_sessions',
          queryType: 'WHERE',
        }),
      });
      expect(local.status).toBe(403);
    } finally {
      await rt.cleanup();
    }
  });
});
