import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseService, loadIndexes } from './db/service';
import { handleAdmin } from './admin/admin-route';
import { AuthService } from './auth/auth-service';
import { handleAuth } from './auth/auth-routes';
import { RuntimeSecret } from './auth/secret';
import { FunctionHost, type Identity } from './host/function-host';
import { installScopedEnv } from './host/scoped-env';
import { TimerScheduler } from './host/timers';
import { handleFn } from './http/fn-route';
import { allowedHosts, isLoopbackHost } from './http/host-check';
import { sendJson } from './http/io';
import { handlePay } from './pay/pay-routes';
import { PaySandbox } from './pay/sandbox';
import { serveStatic } from './static/serve-static';
import { FileStore } from './storage/file-store';
import { handleDownload, handleUpload } from './storage/file-routes';
import { handleClientUpload } from './storage/upload-route';
import type { Clock } from './store';

export const LOCAL_APPID = 'wxlocal';

export interface RuntimeOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  dataDir: string;
  /** Bundled functions, one folder each with index.js (default dist/cloudfunctions). */
  functionsDir?: string;
  h5Dir?: string;
  envId?: string;
  /**
   * Enables POST /auth/dev and GET /auth/dev/identities (seeded demo identities): anyone who can
   * reach them signs in as anyone seeded, so only allowed on a loopback `host`.
   */
  devLogin: boolean;
  /** Origin browsers reach the runtime at (QR codes, temp URLs, pay page). Defaults to the listen URL. */
  publicUrl?: string;
  log?: (line: string) => void;
  /** Run config.json timer triggers on their schedule (default true). */
  timers?: boolean;
  /** Upload size limit for PUT /cos and POST /storage/upload (default 10 MB). */
  maxUploadBytes?: number;
  /** Delays between pay-notification retries (default 1, 2, 4, 8, 16 s). */
  payRetryDelaysMs?: number[];
  /** Injectable time for expiry tests. */
  clock?: Clock;
}

export interface Runtime {
  url: string;
  port: number;
  publicUrl: string;
  db: DatabaseService;
  close(): Promise<void>;
  /** Invokes a hosted function as the platform would, with the given identity. */
  invoke(name: string, event: unknown, identity?: Partial<Identity>): Promise<unknown>;
  /** Fires a function's timer trigger now (SOURCE wx_trigger). */
  runTimer(name: string, triggerName?: string): Promise<unknown>;
  pay: PaySandbox;
  /** Deletes files under uploads/ older than 24 h now (also done at start and hourly); returns the count. */
  sweepUploads(): number;
}

const SWEEP_INTERVAL_MS = 3600_000;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const defaultLog = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? defaultLog;
  const clock = opts.clock ?? Date.now;
  const envId = opts.envId ?? 'local';
  const dataDir = resolve(opts.dataDir);
  const functionsDir = resolve(opts.functionsDir ?? 'dist/cloudfunctions');
  const h5Dir = resolve(opts.h5Dir ?? 'dist/h5');
  const listenHost = opts.host ?? '127.0.0.1';
  if (opts.devLogin && !isLoopbackHost(listenHost))
    throw new Error(
      `dev login (sign in as any demo identity, no password) is only allowed on a loopback host, not ${listenHost}`,
    );
  if (opts.publicUrl !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(opts.publicUrl))
    throw new Error(`publicUrl must be an origin such as http://192.168.1.5:8787, not ${opts.publicUrl}`);
  mkdirSync(dataDir, { recursive: true });

  const secret = RuntimeSecret.load(dataDir);
  const db = new DatabaseService({ dataDir, indexes: loadIndexes() });
  const releaseEnv = installScopedEnv();

  let url = '';
  let publicUrl = '';
  let hosts = new Set<string>();
  // A fresh key per start, handed only to the functions this runtime hosts: the SDK signs every
  // /admin request with it (TC3-HMAC-SHA256) and handleAdmin verifies that signature.
  const credential = { secretId: 'AKIDlocalruntime', secretKey: randomBytes(32).toString('base64url') };
  const host = new FunctionHost({
    functionsDir,
    envId,
    appId: LOCAL_APPID,
    adminUrl: () => `${url}/admin`,
    log,
    credential,
  });
  const auth = new AuthService(db, secret, clock, log);
  const files = new FileStore({
    dataDir,
    secret,
    db,
    clock,
    maxUploadBytes: opts.maxUploadBytes ?? 10 * 1024 * 1024,
  });
  const timers = new TimerScheduler(host, log);
  let pay: PaySandbox | null = null;

  const adminCtx = {
    database: db,
    host,
    log,
    credential,
    storage: () => ({ files, envId, runtimeUrl: url, publicUrl }),
    openapi: () => ({
      db,
      auth,
      clock,
      appId: LOCAL_APPID,
      publicUrl,
      log,
      declaredApis: (fn: string) => host.config(fn).permissions?.openapi,
    }),
    get pay() {
      return pay as PaySandbox;
    },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://runtime.local');
    const path = u.pathname;
    const method = req.method ?? 'GET';
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 is same-origin
    // with us in the browser, but its requests still say `Host: evil.example`.
    if (!hosts.has(String(req.headers.host ?? '').toLowerCase())) {
      req.resume();
      return sendJson(res, 421, {
        ok: false,
        error: { code: 'COMMON.MISDIRECTED', message: 'unknown Host header' },
      });
    }
    // No CORS headers at all: the H5 app is served by this runtime, same-origin, and no other
    // origin has any business reading its replies.
    if (path === '/admin' || path.startsWith('/cos/')) {
      // Defence in depth: /admin also needs the SDK's signature, /cos an upload grant.
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
        req.resume();
        return sendJson(res, 403, {
          code: 'PERMISSION_DENIED',
          message: 'the CloudBase API is only served to loopback clients',
        });
      }
      if (path === '/admin' && method === 'POST') return handleAdmin(adminCtx, req, res);
      if (method === 'PUT') return handleUpload(files, path, req, res);
    }
    if (path === '/storage/upload') return handleClientUpload({ files, auth, envId }, u, req, res);
    if (path.startsWith('/files/') && (method === 'GET' || method === 'HEAD'))
      return handleDownload(files, u, req, res);
    if (path.startsWith('/fn/')) {
      if (method !== 'POST') {
        req.resume();
        res.writeHead(405, { allow: 'POST' });
        return void res.end();
      }
      let name = '';
      try {
        name = decodeURIComponent(path.slice('/fn/'.length));
      } catch {
        /* malformed escape: no such function */
      }
      return handleFn(host, auth, LOCAL_APPID, name, req, res);
    }
    if (path.startsWith('/auth/')) return handleAuth(auth, opts.devLogin, path, req, res);
    if (path.startsWith('/pay/')) return handlePay(pay as PaySandbox, publicUrl, u, req, res);
    if (path === '/healthz')
      return sendJson(res, 200, { ok: true, data: { env: envId, functions: host.list().length } });
    if (method === 'GET' || method === 'HEAD') return serveStatic(h5Dir, path, req, res, method);
    req.resume();
    res.writeHead(405);
    res.end();
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e) => {
      log(`[http] ${req.method} ${req.url?.split('?')[0]} failed: ${(e as Error)?.stack ?? e}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          ok: false,
          error: { code: 'COMMON.INTERNAL', message: '系统繁忙，请稍后重试' },
        });
      else res.destroy();
    });
  });
  // Functions may take a while; the SDK keeps connections alive between its calls.
  server.requestTimeout = 120_000;
  // Longer than the SDK's idle keep-alive (4.8 s), so the server never closes a socket the SDK is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(opts.port ?? 0, listenHost, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (e) {
    // E.g. the port is taken: leave nothing open behind.
    db.close();
    releaseEnv();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  // The SDK always reaches us over loopback, whatever address we listen on.
  url = `http://127.0.0.1:${port}`;
  publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, '');
  hosts = allowedHosts(port, listenHost, publicUrl);

  pay = new PaySandbox({
    db,
    host,
    secret,
    clock,
    appId: LOCAL_APPID,
    envId,
    publicUrl,
    log,
    retryDelaysMs: opts.payRetryDelaysMs,
  });
  pay.resumePending();
  const sweepUploads = () => {
    const n = files.sweepStaging();
    if (n > 0) log(`[storage] swept ${n} upload(s) older than 24 h from uploads/`);
    return n;
  };
  sweepUploads();
  const sweeper = setInterval(() => {
    try {
      sweepUploads();
    } catch (e) {
      log(`[storage] upload sweep failed: ${(e as Error)?.message ?? e}`);
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  if (opts.timers !== false) timers.start();
  log(
    `[runtime] listening on ${url} (public ${publicUrl}); functions ${functionsDir} [${host.list().join(', ')}]; data ${dataDir}; dev login ${opts.devLogin ? 'on' : 'off'}`,
  );

  let closed: Promise<void> | null = null;
  const paySandbox = pay;
  return {
    url,
    port,
    publicUrl,
    db,
    pay: paySandbox,
    invoke: (name, event, identity = {}) => host.invoke(name, event, { source: 'wx_client', ...identity }),
    runTimer: (name, triggerName) => timers.run(name, triggerName),
    sweepUploads,
    close() {
      closed ??= (async () => {
        timers.stop();
        clearInterval(sweeper);
        paySandbox.close();
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        });
        db.close();
        releaseEnv();
      })();
      return closed;
    },
  };
}
