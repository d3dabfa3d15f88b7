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

export class FunctionHost {
  private readonly live = new Map<string, Invocation>();
  private readonly loaded = new Map<string, { main: Main; mtimeMs: number }>();

  constructor(private readonly opts: FunctionHostOptions) {}

  private entryOf(name: string): string | null {
    if (!FUNCTION_NAME.test(name)) return null;
    const file = join(this.opts.functionsDir, name, 'index.js');
    return existsSync(file) ? file : null;
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
    if (!FUNCTION_NAME.test(name)) return {};
    const file = join(this.opts.functionsDir, name, 'config.json');
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as FunctionConfig;
    } catch (e) {
      this.opts.log(`[fn] ${name}: config.json is not valid JSON (${(e as Error).message}); ignored`);
      return {};
    }
  }

  /** The live invocation a `wxCloudApiToken` belongs to (how /admin knows who is calling). */
  byToken(token: unknown): Invocation | undefined {
    return typeof token === 'string' && token ? this.live.get(token) : undefined;
  }

  private load(name: string): Main {
    const file = this.entryOf(name);
    if (!file) throw new FunctionNotFoundError(name);
    const mtimeMs = statSync(file).mtimeMs;
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
    const action =
      event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string'
        ? ` ${(event as { action: string }).action}`
        : '';
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
      return result;
    } catch (e) {
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
