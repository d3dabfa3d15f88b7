import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

/** getWXContext through the real wx-server-sdk, inside functions hosted by the local runtime. */
describe('contract: getWXContext and per-invocation identity', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      functions: {
        whoami: `exports.main = async (event) => {
          if (event.delayMs) await new Promise((r) => setTimeout(r, event.delayMs));
          // After the await: another invocation has run in between and must not leak in.
          const ctx = cloud.getWXContext();
          // A database round trip carries the invocation's token to the server and back.
          const db = cloud.database();
          await db.collection('ctx_probe').add({ data: { openid: ctx.OPENID || null } });
          return { ctx: cloud.getWXContext(), envSeen: process.env.WX_OPENID || null };
        };`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  it('exposes the caller OPENID, APPID, ENV and SOURCE, and hides the API token', async () => {
    const r = (await rt.invoke('whoami', {}, { openid: 'o-alice', source: 'wx_client' })) as {
      ctx: Record<string, unknown>;
    };
    expect(r.ctx).toEqual(
      expect.objectContaining({ OPENID: 'o-alice', APPID: 'wxlocal', ENV: 'local', SOURCE: 'wx_client' }),
    );
    expect(r.ctx).not.toHaveProperty('API_TOKEN');
    expect(r.ctx).not.toHaveProperty('WX_API_TOKEN');
  });

  it('gives an anonymous call no OPENID, even if the host process has one in its env', async () => {
    process.env.WX_OPENID = 'leaked-from-host';
    try {
      const r = (await rt.invoke('whoami', {}, { source: 'wx_client' })) as {
        ctx: Record<string, unknown>;
        envSeen: unknown;
      };
      expect(r.ctx.OPENID).toBeUndefined();
      expect(r.envSeen).toBeNull();
    } finally {
      delete process.env.WX_OPENID;
    }
  });

  it('keeps overlapping invocations apart', async () => {
    const calls = [
      { openid: 'o-slow', delayMs: 120 },
      { openid: 'o-mid', delayMs: 60 },
      { openid: 'o-fast', delayMs: 0 },
      { openid: 'o-slow2', delayMs: 90 },
    ];
    const results = (await Promise.all(
      calls.map((c) =>
        rt.invoke('whoami', { delayMs: c.delayMs }, { openid: c.openid, source: 'wx_client' }),
      ),
    )) as {
      ctx: { OPENID: string };
      envSeen: string;
    }[];
    expect(results.map((r) => r.ctx.OPENID)).toEqual(calls.map((c) => c.openid));
    expect(results.map((r) => r.envSeen)).toEqual(calls.map((c) => c.openid));
  });

  it('reports SOURCE wx_client through the HTTP transport and the session openid', async () => {
    const c = rt.client();
    const anon = await c.call('whoami', 'x');
    expect(anon.status).toBe(200);
    expect(anon.body.ctx.SOURCE).toBe('wx_client');
    expect(anon.body.ctx.OPENID).toBeUndefined();
  });

  it('leaves process.env outside invocations untouched', async () => {
    await rt.invoke('whoami', {}, { openid: 'o-x', source: 'wx_client' });
    expect(process.env.WX_OPENID).toBeUndefined();
    expect(process.env.TCB_CONTEXT_CNFG).toBeUndefined();
  });
});
