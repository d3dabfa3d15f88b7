import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runWithEnv } from './scoped-env';

/** Who is calling, as the platform would know it (never taken from a request body). */
export interface Identity {
  openid?: string;
  /** TCB SOURCE: wx_client, wx_paycallback, wx_trigger, or a chain such as `wx_client,scf`. */
  source: string;
  clientIp?: string;
}

export interface Invocation extends Identity {
  token: string;
  functionName: string;
  requestId: string;
  /** Its CloudBase API calls so far (see `FunctionHost.apiCall`). */
  calls: CallCounts;
}

/**
 * What an invocation asked of the CloudBase API. On CloudBase each call is a network hop, so
 * `sequentialDb` (database calls that had to wait for the one before: a call made while another
 * of the same invocation is still in flight, as with Promise.all, does not add one) is the
 * action's latency budget in round trips.
 */
export interface CallCounts {
  api: number;
  db: number;
  sequentialDb: number;
  inFlightDb: number;
  /** Each call as `<action> <collection>`, `+` marking one that overlapped the call before. */
  trace: string[];
}

/** A finished invocation, as `FunctionHost.observe` listeners get it. */
export interface InvocationRecord {
  functionName: string;
  action?: string;
  source: string;
  ms: number;
  ok: boolean;
  calls: Omit<CallCounts, 'inFlightDb'>;
}

export interface TimerTrigger {
  name: string;
  type: string;
  config: string;
}

/** The subset of CloudBase's per-function config.json the host honours. */
export interface FunctionConfig {
  timeout?: number;
  triggers?: TimerTrigger[];
  permissions?: { openapi?: string[] };
}

type Main = (event: unknown, context: Record<string, unknown>) => unknown;

export class FunctionNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`function not found: ${functionName}`);
    this.name = 'FunctionNotFoundError';
  }
}

export class FunctionTimeoutError extends Error {
  constructor(
    readonly functionName: string,
    readonly timeoutMs: number,
  ) {
    super(`Invoking task timed out after ${timeoutMs / 1000} seconds`);
    this.name = 'FunctionTimeoutError';
  }
}

/** Deployable function names as CloudBase allows them; also keeps paths out of the folder name. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export interface FunctionHostOptions {
  functionsDir: string;
  envId: string;
  appId: string;
  /** The SDK endpoint; read per invocation because the port is known only after listen(). */
  adminUrl: () => string;
  log: (line: string) => void;
  /** What the SDK signs its /admin requests with; the runtime verifies that signature. */
  credential: { secretId: string; secretKey: string };
  /** Used when config.json has no `timeout`. Generous: a cold require of wx-server-sdk alone takes ~1 s. */
  defaultTimeoutMs?: number;
}

/**
 * How long a look at a function's files (index.js there? its mtime, config.json) is trusted: a
 * rebuilt bundle is picked up within this, without four file-system calls on every invocation.
 */
const FILES_FRESH_MS = 1000;

interface FileLook {
  at: number;
  /** index.js's path and mtime, or null when the function does not exist. */
  entry: { file: string; mtimeMs: number } | null;
  config: FunctionConfig;
}

export class FunctionHost {
  private readonly live = new Map<string, Invocation>();
  private readonly loaded = new Map<string, { main: Main; mtimeMs: number }>();
  private readonly looks = new Map<string, FileLook>();
  private readonly observers = new Set<(r: InvocationRecord) => void>();

  constructor(private readonly opts: FunctionHostOptions) {}

  private look(name: string): FileLook | null {
    if (!FUNCTION_NAME.test(name)) return null;
    const now = Date.now();
    const cached = this.looks.get(name);
    if (cached && now - cached.at < FILES_FRESH_MS) return cached;
    const file = join(this.opts.functionsDir, name, 'index.js');
    const entry = existsSync(file) ? { file, mtimeMs: statSync(file).mtimeMs } : null;
    const fresh = { at: now, entry, config: entry ? this.readConfig(name) : {} };
    // A function that is not there yet is looked for again at once (tests write them as they go).
    if (entry) this.looks.set(name, fresh);
    else this.looks.delete(name);
    return fresh;
  }

  private entryOf(name: string): string | null {
    return this.look(name)?.entry?.file ?? null;
  }

  exists(name: string): boolean {
    return this.entryOf(name) !== null;
  }

  list(): string[] {
    if (!existsSync(this.opts.functionsDir)) return [];
    return readdirSync(this.opts.functionsDir)
      .filter((n) => this.exists(n))
      .sort();
  }

  config(name: string): FunctionConfig {
    return this.look(name)?.config ?? {};
  }

  private readConfig(name: string): FunctionConfig {
    const file = join(this.opts.functionsDir, name, 'config.json');
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as FunctionConfig;
    } catch (e) {
      this.opts.log(`[fn] ${name}: config.json is not valid JSON (${(e as Error).message}); ignored`);
      return {};
    }
  }

  /** Calls `listener` with every invocation that finishes from now on; returns the unsubscribe. */
  observe(listener: (r: InvocationRecord) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /**
   * Counts one CloudBase API call of the invocation `token` belongs to (database actions also
   * by sequence); call the returned function when its reply is sent. Unknown tokens (background
   * work after the invocation returned) are not counted.
   */
  apiCall(token: unknown, action: string, collection?: unknown): () => void {
    const inv = this.byToken(token);
    if (!inv) return () => undefined;
    inv.calls.api += 1;
    const what = typeof collection === 'string' ? `${action} ${collection}` : action;
    if (!action.startsWith('database.')) {
      inv.calls.trace.push(what);
      return () => undefined;
    }
    inv.calls.db += 1;
    inv.calls.trace.push(inv.calls.inFlightDb === 0 ? what : `+${what}`);
    if (inv.calls.inFlightDb === 0) inv.calls.sequentialDb += 1;
    inv.calls.inFlightDb += 1;
    let done = false;
    return () => {
      if (!done) inv.calls.inFlightDb -= 1;
      done = true;
    };
  }

  private record(inv: Invocation, action: string, ms: number, ok: boolean): void {
    if (this.observers.size === 0) return;
    const { api, db, sequentialDb, trace } = inv.calls;
    const record: InvocationRecord = {
      functionName: inv.functionName,
      ...(action ? { action } : {}),
      source: inv.source,
      ms,
      ok,
      calls: { api, db, sequentialDb, trace },
    };
    for (const o of this.observers) o(record);
  }

  /** The live invocation a `wxCloudApiToken` belongs to (how /admin knows who is calling). */
  byToken(token: unknown): Invocation | undefined {
    return typeof token === 'string' && token ? this.live.get(token) : undefined;
  }

  private load(name: string): Main {
    const entry = this.look(name)?.entry;
    if (!entry) throw new FunctionNotFoundError(name);
    const { file, mtimeMs } = entry;
    const cached = this.loaded.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached.main;
    // A rebuilt bundle is picked up without restarting the runtime.
    if (cached) delete require.cache[require.resolve(file)];
    const mod = require(file) as { main?: Main };
    if (typeof mod.main !== 'function')
      throw new Error(`${name}/index.js does not export main(event, context)`);
    this.loaded.set(name, { main: mod.main, mtimeMs });
    return mod.main;
  }

  /** Runs one invocation in its own environment; rejects with whatever the function threw. */
  async invoke(name: string, event: unknown, identity: Identity): Promise<unknown> {
    const main = this.load(name);
    const cfg = this.config(name);
    const timeoutMs =
      typeof cfg.timeout === 'number' && cfg.timeout > 0
        ? cfg.timeout * 1000
        : (this.opts.defaultTimeoutMs ?? 20_000);
    const inv: Invocation = {
      ...identity,
      token: randomBytes(24).toString('base64url'),
      functionName: name,
      requestId: randomUUID(),
      calls: { api: 0, db: 0, sequentialDb: 0, inFlightDb: 0, trace: [] },
    };
    const isTrigger = identity.source.startsWith('wx_trigger');
    const env: Record<string, string | undefined> = {
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_API_TOKEN',
      WX_OPENID: identity.openid,
      WX_APPID: isTrigger ? undefined : this.opts.appId,
      WX_UNIONID: undefined,
      WX_CLIENTIP: identity.clientIp,
      WX_API_TOKEN: inv.token,
      TCB_ENV: this.opts.envId,
      SCF_NAMESPACE: this.opts.envId,
      TCB_SOURCE: identity.source,
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SOURCE',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl() }),
      SCF_FUNCTIONNAME: name,
      TENCENTCLOUD_SECRETID: this.opts.credential.secretId,
      TENCENTCLOUD_SECRETKEY: this.opts.credential.secretKey,
      TENCENTCLOUD_SESSIONTOKEN: undefined,
      // Skips the SDK's per-request metadata lookup (~65 ms offline), see TCB-WIRE §0.
      TENCENTCLOUD: 'true',
      // Would switch the SDK into WeChat DevTools' local-debug transport.
      TENCENTCLOUD_RUNENV: undefined,
    };
    const context = {
      request_id: inv.requestId,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
      callbackWaitsForEmptyEventLoop: false,
    };
    const started = Date.now();
    const actionName =
      event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string'
        ? (event as { action: string }).action
        : '';
    const action = actionName ? ` ${actionName}` : '';
    this.live.set(inv.token, inv);
    let timer: NodeJS.Timeout | undefined;
    try {
      const run = runWithEnv(env, () => Promise.resolve().then(() => main(event, context)));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FunctionTimeoutError(name, timeoutMs)), timeoutMs);
        timer.unref();
      });
      const result = await Promise.race([run, timeout]);
      this.opts.log(`[fn] ${name}${action} ${identity.source} ${Date.now() - started}ms`);
      this.record(inv, actionName, Date.now() - started, true);
      return result;
    } catch (e) {
      this.record(inv, actionName, Date.now() - started, false);
      this.opts.log(
        `[fn] ${name}${action} ${identity.source} ${Date.now() - started}ms threw ${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? e}`,
      );
      throw e;
    } finally {
      clearTimeout(timer);
      this.live.delete(inv.token);
    }
  }
}
