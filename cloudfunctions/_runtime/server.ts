import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { GroupCommitter } from './db/group-commit';
import { DatabaseService, loadIndexes, type DbFaults } from './db/service';
import { AuthService } from './auth/auth-service';
import { RuntimeSecret } from './auth/secret';
import { FunctionHost, type Identity, type InvocationRecord } from './host/function-host';
import { installScopedEnv } from './host/scoped-env';
import { TimerScheduler } from './host/timers';
import { allowedHosts, isLoopbackHost } from './http/host-check';
import { sendJson } from './http/io';
import { createRouter } from './http/router';
import { PaySandbox } from './pay/sandbox';
import { FileStore } from './storage/file-store';
import type { Clock } from './store';

type Log = (line: string) => void;

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
  /** Test hook: database writes fail as on a full disk (`faults.failWrites({collection, action, times})`). */
  faults: DbFaults;
  /** Deletes files under uploads/ older than 24 h now (also done at start and hourly); returns the count. */
  sweepUploads(): number;
  /**
   * Calls `listener` with each invocation that finishes (function, action, duration, its CloudBase
   * API calls and sequential database round trips); returns the unsubscribe.
   */
  observeInvocations(listener: (r: InvocationRecord) => void): () => void;
}

const SWEEP_INTERVAL_MS = 3600_000;

const defaultLog = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

/** Options with defaults applied and paths resolved; throws on a combination that is not allowed. */
function settingsOf(opts: RuntimeOptions) {
  const listenHost = opts.host ?? '127.0.0.1';
  if (opts.devLogin && !isLoopbackHost(listenHost))
    throw new Error(
      `dev login (sign in as any demo identity, no password) is only allowed on a loopback host, not ${listenHost}`,
    );
  if (opts.publicUrl !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(opts.publicUrl))
    throw new Error(`publicUrl must be an origin such as http://192.168.1.5:8787, not ${opts.publicUrl}`);
  return {
    log: opts.log ?? defaultLog,
    clock: opts.clock ?? Date.now,
    envId: opts.envId ?? 'local',
    dataDir: resolve(opts.dataDir),
    functionsDir: resolve(opts.functionsDir ?? 'dist/cloudfunctions'),
    h5Dir: resolve(opts.h5Dir ?? 'dist/h5'),
    listenHost,
  };
}

/** Node's HTTP server running `route`, with timeouts that suit the SDK. */
function createHttpServer(route: (req: IncomingMessage, res: ServerResponse) => Promise<void>, log: Log) {
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
  return server;
}

/** Resolves with the bound port once listening; rejects (e.g. the port is taken) otherwise. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The local storage lifecycle rule: files under uploads/ older than 24 h go, now and hourly.
 * Returns the sweep (for `Runtime.sweepUploads`) and a stop function.
 */
function startUploadSweeper(files: FileStore, log: Log): { sweep: () => number; stop: () => void } {
  const sweep = () => {
    const n = files.sweepStaging();
    if (n > 0) log(`[storage] swept ${n} upload(s) older than 24 h from uploads/`);
    return n;
  };
  const sweepLogged = () => {
    try {
      sweep();
    } catch (e) {
      log(`[storage] upload sweep failed: ${(e as Error)?.message ?? e}`);
    }
  };
  sweepLogged();
  const timer = setInterval(sweepLogged, SWEEP_INTERVAL_MS);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { log, clock, envId, dataDir, functionsDir, h5Dir, listenHost } = settingsOf(opts);
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

  // Every database request the functions send is answered through group commit: the requests
  // that arrive in one event-loop turn share one SQLite commit (one fsync), and each reply is
  // sent only after that commit, so an acknowledged write is on disk.
  const committer = new GroupCommitter(db);
  const adminCtx = {
    database: committer,
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
  const route = createRouter({
    appId: LOCAL_APPID,
    envId,
    h5Dir,
    devLogin: opts.devLogin,
    host,
    auth,
    files,
    admin: adminCtx,
    hosts: () => hosts,
    publicUrl: () => publicUrl,
    pay: () => pay as PaySandbox,
  });
  const server = createHttpServer(route, log);

  let port: number;
  try {
    port = await listen(server, opts.port ?? 0, listenHost);
  } catch (e) {
    // E.g. the port is taken: leave nothing open behind.
    db.close();
    releaseEnv();
    throw e;
  }
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
  const sweeper = startUploadSweeper(files, log);
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
    faults: db.faults,
    invoke: (name, event, identity = {}) => host.invoke(name, event, { source: 'wx_client', ...identity }),
    runTimer: (name, triggerName) => timers.run(name, triggerName),
    sweepUploads: sweeper.sweep,
    observeInvocations: (listener) => host.observe(listener),
    close() {
      closed ??= (async () => {
        timers.stop();
        sweeper.stop();
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
