import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRuntime } from '../../cloudfunctions/_runtime/server';
import { smsCodeFromLogs, startTestRuntime, type TestRuntime } from '../helpers/runtime';

const PHONE = '13812345678';

/** Local sign-in: SMS codes delivered to the runtime log, sessions, phone proof, dev identities. */
describe('runtime: local auth', () => {
  let rt: TestRuntime;
  let now = Date.parse('2026-03-01T02:00:00Z');

  beforeAll(async () => {
    rt = await startTestRuntime({
      devLogin: false,
      clock: () => now,
      functions: {
        user: `exports.main = async (event) => {
          const { OPENID } = cloud.getWXContext();
          if (event.action === 'phone') {
            try {
              const r = await cloud.openapi.phonenumber.getPhoneNumber({ code: event.payload.phoneCode });
              return { ok: true, data: { phone: r.phoneInfo.phoneNumber, OPENID } };
            } catch (e) {
              return { ok: false, error: { code: 'USER.PHONE_UNVERIFIED', message: String(e.errCode) } };
            }
          }
          return { ok: true, data: { OPENID: OPENID || null } };
        };`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  const advance = (ms: number) => {
    now += ms;
  };

  it('sends a code to the log with the phone masked, and never logs the phone in clear', async () => {
    const r = await rt.client().post('/auth/sms/send', { phone: PHONE });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, data: { expiresIn: 300, resendAfter: 60 } });
    expect(smsCodeFromLogs(rt.logs, PHONE)).toMatch(/^\d{6}$/);
    expect(rt.logs.join('\n')).not.toContain(PHONE);
  });

  it('refuses a resend within 60 s with 429 and the seconds to wait', async () => {
    advance(15_000);
    const r = await rt.client().post('/auth/sms/send', { phone: PHONE });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('AUTH.RATE_LIMITED');
    expect(r.body.error.message).toContain('45');
    expect(r.headers.get('retry-after')).toBe('45');
  });

  it('refuses a wrong code, then signs in with the right one', async () => {
    const c = rt.client();
    const code = smsCodeFromLogs(rt.logs, PHONE);
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await c.post('/auth/sms/verify', { phone: PHONE, code: wrong });
    expect(bad.body).toEqual({
      ok: false,
      error: { code: 'AUTH.CODE_INVALID', message: '验证码错误，还可尝试 4 次', field: 'code' },
    });
    const ok = await c.post('/auth/sms/verify', { phone: PHONE, code });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual(
      expect.objectContaining({
        token: expect.any(String),
        openid: expect.stringMatching(/^local_[A-Za-z0-9_-]{22}$/),
        phone: PHONE,
        phoneCode: expect.any(String),
      }),
    );
    // The code is spent.
    expect((await c.post('/auth/sms/verify', { phone: PHONE, code })).body.error.code).toBe(
      'AUTH.CODE_EXPIRED',
    );

    c.token = ok.body.data.token;
    const me = await c.call('user', 'me');
    expect(me.body.data.OPENID).toBe(ok.body.data.openid);

    // The phone proof works once, for this user only, like getPhoneNumber's code.
    const phone = await c.call('user', 'phone', { phoneCode: ok.body.data.phoneCode });
    expect(phone.body).toEqual({ ok: true, data: { phone: PHONE, OPENID: ok.body.data.openid } });
    const reused = await c.call('user', 'phone', { phoneCode: ok.body.data.phoneCode });
    expect(reused.body.error).toEqual({ code: 'USER.PHONE_UNVERIFIED', message: '40013' });

    const fresh = await c.post('/auth/phone-code');
    const other = rt.client();
    other.token = null;
    const stolen = await other.call('user', 'phone', { phoneCode: fresh.body.data.phoneCode });
    expect(stolen.body.error.message).toBe('40013');

    const session = await c.get('/auth/session');
    expect(session.body.data).toEqual(
      expect.objectContaining({ openid: ok.body.data.openid, kind: 'sms', hasPhone: true }),
    );

    expect((await c.post('/auth/logout')).status).toBe(200);
    expect((await c.call('user', 'me')).status).toBe(401);
  });

  it('maps the same phone to the same openid every time', async () => {
    advance(61_000);
    const c = rt.client();
    const first = (await c.signInWithSms('13900001111', rt.logs)).openid;
    advance(61_000);
    const second = (await rt.client().signInWithSms('13900001111', rt.logs)).openid;
    expect(second).toBe(first);
    advance(61_000);
    expect((await rt.client().signInWithSms('13900002222', rt.logs)).openid).not.toBe(first);
  });

  it('expires a code after 5 minutes', async () => {
    advance(61_000);
    const phone = '13700000001';
    await rt.client().post('/auth/sms/send', { phone });
    const code = smsCodeFromLogs(rt.logs, phone);
    advance(5 * 60_000 + 1);
    const r = await rt.client().post('/auth/sms/verify', { phone, code });
    expect(r.body.error.code).toBe('AUTH.CODE_EXPIRED');
  });

  it('voids a code after 5 wrong attempts, even for the right code', async () => {
    const phone = '13700000002';
    await rt.client().post('/auth/sms/send', { phone });
    const code = smsCodeFromLogs(rt.logs, phone);
    const wrong = code === '999999' ? '888888' : '999999';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++)
      messages.push((await rt.client().post('/auth/sms/verify', { phone, code: wrong })).body.error.message);
    expect(messages.slice(0, 4)).toEqual([4, 3, 2, 1].map((n) => `验证码错误，还可尝试 ${n} 次`));
    expect(messages[4]).toContain('错误次数过多');
    const r = await rt.client().post('/auth/sms/verify', { phone, code });
    expect(r.body.error.code).toBe('AUTH.CODE_EXPIRED');
  });

  it('rejects a malformed phone number', async () => {
    const r = await rt.client().post('/auth/sms/send', { phone: '12345' });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual(expect.objectContaining({ code: 'AUTH.INVALID_PHONE', field: 'phone' }));
  });

  it('keeps no phone number in clear in the data dir: keyed hashes for lookup, sealed where given back', async () => {
    advance(61_000);
    const c = rt.client();
    const signedIn = await c.signInWithSms(PHONE, rt.logs);
    const fresh = (await c.post('/auth/phone-code')).body.data.phoneCode;
    expect((await c.call('user', 'phone', { phoneCode: fresh })).body.data.phone).toBe(PHONE);
    // A proof left unredeemed stays in _rt_phone_codes, and the session stays in _rt_sessions.
    await c.post('/auth/phone-code');
    expect((await c.get('/auth/session')).body.data).toEqual(expect.objectContaining({ hasPhone: true }));
    expect(signedIn.openid).toMatch(/^local_/);
    for (const name of ['_rt_sessions', '_rt_phone_codes', '_rt_sms_codes']) {
      const rows = rt.db.collection(name).find({}, { limit: 1000 });
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(PHONE);
    }
    // Every byte SQLite holds, WAL included, whichever table it belongs to.
    const files = readdirSync(rt.dataDir).filter((f) => f.startsWith('db.sqlite'));
    expect(files).toContain('db.sqlite');
    for (const f of files) {
      const bytes = readFileSync(join(rt.dataDir, f));
      expect(bytes.includes(Buffer.from(PHONE))).toBe(false);
      expect(bytes.includes(Buffer.from(PHONE, 'utf16le'))).toBe(false);
    }
  });

  it('has no dev login when devLogin is false', async () => {
    rt.db
      .collection('_rt_demo_identities')
      .add({ openid: 'demo_worker_1', label: '张三（职工）', role: 'worker' });
    expect((await rt.client().post('/auth/dev', { openid: 'demo_worker_1' })).status).toBe(404);
    expect((await rt.client().get('/auth/dev/identities')).status).toBe(404);
  });
});

describe('runtime: dev login', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      devLogin: true,
      functions: {
        user: `exports.main = async () => ({ ok: true, data: { OPENID: cloud.getWXContext().OPENID || null } });`,
      },
    });
    rt.db
      .collection('_rt_demo_identities')
      .add({ openid: 'demo_worker_1', label: '张三（职工）', role: 'worker' });
    rt.db
      .collection('_rt_demo_identities')
      .add({ openid: 'demo_officer_1', label: '李四（单位工会）', role: 'unit_officer' });
  });
  afterAll(() => rt.cleanup());

  it('lists the seeded identities and signs in as one of them', async () => {
    const c = rt.client();
    const list = await c.get('/auth/dev/identities');
    expect(list.body.data).toEqual(
      expect.arrayContaining([
        { openid: 'demo_worker_1', label: '张三（职工）', role: 'worker' },
        { openid: 'demo_officer_1', label: '李四（单位工会）', role: 'unit_officer' },
      ]),
    );
    const r = await c.post('/auth/dev', { openid: 'demo_officer_1' });
    expect(r.body.data).toEqual(
      expect.objectContaining({ openid: 'demo_officer_1', role: 'unit_officer', token: expect.any(String) }),
    );
    c.token = r.body.data.token;
    expect((await c.call('user', 'me')).body.data.OPENID).toBe('demo_officer_1');
    // A dev identity has no verified phone to prove.
    expect((await c.post('/auth/phone-code')).body.error.code).toBe('AUTH.NO_VERIFIED_PHONE');
  });

  it('refuses an identity that was not seeded', async () => {
    const r = await rt.client().post('/auth/dev', { openid: 'o-anyone-i-like' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AUTH.IDENTITY_NOT_FOUND');
  });
});

describe('runtime: phones left in clear by an older runtime', () => {
  it('are sealed at start, and the session keeps its phone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-oldphones-'));
    try {
      const first = await startTestRuntime({ dataDir });
      const token = 'an-old-session-token';
      first.db.collection('_rt_sessions').set(createHash('sha256').update(token).digest('hex'), {
        openid: 'local_old',
        kind: 'sms',
        phone: '13700001234',
        createdAt: Date.now(),
        expiresAt: Date.now() + 3600_000,
      });
      await first.close();
      const second = await startTestRuntime({ dataDir });
      try {
        const [row] = second.db.collection('_rt_sessions').find({}, { limit: 10 });
        expect(row.phone).toBeUndefined();
        expect(row.phoneSealed).toMatch(/^v1\./);
        const c = second.client();
        c.token = token;
        expect((await c.get('/auth/session')).body.data.hasPhone).toBe(true);
        expect((await c.post('/auth/phone-code')).status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('runtime: dev login is loopback-only and opt-in', () => {
  it('refuses to start with dev login on a non-loopback host', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-devhost-'));
    try {
      for (const host of ['0.0.0.0', '::', '192.168.1.5']) {
        await expect(startRuntime({ port: 0, host, dataDir, devLogin: true, log: () => {} })).rejects.toThrow(
          /dev login .* only allowed on a loopback host/,
        );
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves dev login on 0.0.0.0 never, SMS login still', async () => {
    const rt = await startTestRuntime({ host: '0.0.0.0', devLogin: false });
    try {
      expect((await rt.client().get('/auth/dev/identities')).status).toBe(404);
      expect((await rt.client().post('/auth/sms/send', { phone: PHONE })).status).toBe(200);
    } finally {
      await rt.cleanup();
    }
  });

  const ROOT = resolve(__dirname, '../..');
  /** Runs a TS entry point until it prints READY (then stops it) or exits. */
  function run(
    script: string,
    args: string[],
    env: Record<string, string>,
  ): Promise<{ url?: string; code: number | null; out: string; stop: () => void }> {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`no READY and no exit:\n${out}`));
      }, 30_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        const m = /READY (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          ok({ url: m[1], code: null, out, stop: () => child.kill('SIGTERM') });
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        ok({ code, out, stop: () => {} });
      });
    });
  }

  it('the runtime CLI starts without dev login unless --dev-login is given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-cli-'));
    const env = {
      PORT: '0',
      DATA_DIR: dataDir,
      FUNCTIONS_DIR: join(dataDir, 'fns'),
      H5_DIR: join(dataDir, 'h5'),
    };
    try {
      const plain = await run('cloudfunctions/_runtime/main.ts', ['--no-timers'], env);
      try {
        expect((await fetch(`${plain.url}/auth/dev/identities`)).status).toBe(404);
      } finally {
        plain.stop();
      }
      await new Promise((r) => setTimeout(r, 300));
      const dev = await run('cloudfunctions/_runtime/main.ts', ['--no-timers', '--dev-login'], env);
      try {
        expect((await fetch(`${dev.url}/auth/dev/identities`)).status).toBe(200);
      } finally {
        dev.stop();
      }
      const lan = await run('cloudfunctions/_runtime/main.ts', ['--dev-login'], { ...env, HOST: '0.0.0.0' });
      expect(lan.code).toBe(1);
      expect(lan.out).toMatch(/only allowed on a loopback host/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm start refuses --dev-login on a non-loopback HOST before building anything', async () => {
    const r = await run('cloudfunctions/_dev/start.ts', ['--dev-login'], { HOST: '0.0.0.0', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/dev login is only allowed on a loopback HOST/);
  });
});
