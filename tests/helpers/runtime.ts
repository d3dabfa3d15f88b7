import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../cloudfunctions/_runtime/server';

/** The real, unmodified SDK from the root node_modules, for fixture functions living in temp dirs. */
export const SDK_PATH = require.resolve('wx-server-sdk');

/** What every fixture function starts with, like a real function: the SDK bound to the current env. */
export const FIXTURE_PRELUDE = `const cloud = require(${JSON.stringify(SDK_PATH)});\ncloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });\n`;

export type FixtureFunction = string | { code: string; config?: object };

/** Writes tiny plain-JS functions (`exports.main = …`, with `cloud` in scope) into `dir/<name>/index.js`. */
export function writeFunctions(dir: string, fns: Record<string, FixtureFunction>): void {
  for (const [name, f] of Object.entries(fns)) {
    const { code, config } = typeof f === 'string' ? { code: f, config: undefined } : f;
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'index.js'), FIXTURE_PRELUDE + code);
    if (config) writeFileSync(join(dir, name, 'config.json'), JSON.stringify(config));
  }
}

export interface HttpReply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A few lines of fetch: the way the H5 client talks to the runtime. */
export class RuntimeClient {
  token: string | null = null;

  constructor(readonly url: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    init: { raw?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<HttpReply<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | Buffer | undefined = init.raw;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, {
      method,
      headers,
      body: typeof payload === 'string' || payload === undefined ? payload : new Uint8Array(payload),
      redirect: 'manual',
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  post<T = any>(path: string, body?: unknown): Promise<HttpReply<T>> {
    return this.request<T>('POST', path, body ?? {});
  }

  get<T = any>(path: string): Promise<HttpReply<T>> {
    return this.request<T>('GET', path);
  }

  /** Calls a hosted function like the H5 client: POST /fn/<name> {action, payload}. */
  call<T = any>(fn: string, action: string, payload?: unknown): Promise<HttpReply<T>> {
    return this.post<T>(`/fn/${fn}`, { action, payload });
  }

  /** Signs in through the SMS flow, reading the code from the runtime log the way a developer would. */
  async signInWithSms(
    phone: string,
    logs: string[],
  ): Promise<{ token: string; openid: string; phoneCode: string }> {
    const sent = await this.post('/auth/sms/send', { phone });
    if (sent.status !== 200) throw new Error(`sms/send ${sent.status} ${sent.text}`);
    const code = smsCodeFromLogs(logs, phone);
    const r = await this.post('/auth/sms/verify', { phone, code });
    if (r.status !== 200) throw new Error(`sms/verify ${r.status} ${r.text}`);
    this.token = r.body.data.token;
    return r.body.data;
  }
}

/** The last code the runtime "texted" to this phone (the log masks the phone as 138****5678). */
export function smsCodeFromLogs(logs: string[], phone: string): string {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  for (let i = logs.length - 1; i >= 0; i--) {
    const m = new RegExp(`\\[sms\\] ${masked.replace(/\*/g, '\\*')} code (\\d{6})`).exec(logs[i]);
    if (m) return m[1];
  }
  throw new Error(`no SMS code for ${masked} in the runtime log`);
}

export interface TestRuntime extends Runtime {
  dataDir: string;
  functionsDir: string;
  logs: string[];
  client(): RuntimeClient;
  /** Closes the runtime and deletes its temp folders. */
  cleanup(): Promise<void>;
}

export interface TestRuntimeOptions extends Partial<RuntimeOptions> {
  /** Fixture functions to write into a fresh temp functions dir (ignored when functionsDir is given). */
  functions?: Record<string, FixtureFunction>;
}

/** A runtime on a random port with a temp data dir, quiet unless RUNTIME_LOG=1. */
export async function startTestRuntime(opts: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const base = mkdtempSync(join(tmpdir(), 'rt-test-'));
  const dataDir = opts.dataDir ?? join(base, 'data');
  let functionsDir = opts.functionsDir;
  if (!functionsDir) {
    functionsDir = join(base, 'functions');
    mkdirSync(functionsDir, { recursive: true });
    writeFunctions(functionsDir, opts.functions ?? {});
  }
  const logs: string[] = [];
  const { functions: _fixtures, ...rest } = opts;
  void _fixtures;
  const rt = await startRuntime({
    port: 0,
    devLogin: false,
    timers: false,
    h5Dir: join(base, 'h5'),
    payRetryDelaysMs: [50, 100],
    ...rest,
    dataDir,
    functionsDir,
    log: (line) => {
      logs.push(line);
      if (process.env.RUNTIME_LOG) process.stdout.write(`${line}\n`);
      opts.log?.(line);
    },
  });
  return {
    ...rt,
    dataDir,
    functionsDir,
    logs,
    client: () => new RuntimeClient(rt.url),
    async cleanup() {
      await rt.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
