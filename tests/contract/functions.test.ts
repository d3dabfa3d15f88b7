import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

/** cloud.callFunction between hosted functions, through the real wx-server-sdk. */
describe('contract: callFunction between functions', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      functions: {
        caller: `exports.main = async (event) => {
          try {
            const r = await cloud.callFunction({ name: event.target, data: event.data });
            return { ok: true, result: r.result, errMsg: r.errMsg };
          } catch (e) {
            return { ok: false, errCode: e.errCode, code: e.code, errMsg: e.errMsg };
          }
        };`,
        echo: `exports.main = async (event) => {
          const { OPENID, SOURCE } = cloud.getWXContext();
          return { event, OPENID: OPENID || null, SOURCE, when: new Date(0) };
        };`,
        boom: `exports.main = async () => { throw new Error('boom: the callee failed'); };`,
        nothing: `exports.main = async () => undefined;`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  const call = (event: object, openid = 'o-caller') =>
    rt.invoke('caller', event, { openid, source: 'wx_client' }) as Promise<any>;

  it('passes data as JSON and returns the callee result; the callee keeps the user and sees the call chain', async () => {
    const r = await call({ target: 'echo', data: { a: 1, nested: { b: [true, null, 'x'] } } });
    expect(r).toEqual({
      ok: true,
      errMsg: 'callFunction:ok',
      result: {
        event: { a: 1, nested: { b: [true, null, 'x'] } },
        OPENID: 'o-caller',
        SOURCE: 'wx_client,scf',
        when: '1970-01-01T00:00:00.000Z',
      },
    });
  });

  it('turns a throwing callee into FUNCTIONS_EXECUTE_FAIL with its message', async () => {
    const r = await call({ target: 'boom', data: {} });
    expect(r.ok).toBe(false);
    expect(r.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(r.errMsg).toContain('boom: the callee failed');
  });

  it('fails for a function that does not exist', async () => {
    const r = await call({ target: 'ghost', data: {} });
    expect(r.ok).toBe(false);
    expect(r.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(r.errMsg).toContain('ghost');
  });

  it('returns null for a callee that returns nothing', async () => {
    const r = await call({ target: 'nothing', data: {} });
    expect(r).toEqual({ ok: true, result: null, errMsg: 'callFunction:ok' });
  });
});
