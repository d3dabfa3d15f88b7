import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ActionName, InputOf, OutputOf } from '../../shared/api';
import type { ErrorBody } from '../../shared/errors';
import { ensureLocalSecrets } from '../../cloudfunctions/_dev/secrets';
import { demoJoinToken, seedDemo } from '../../cloudfunctions/_dev/seed';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../cloudfunctions/_runtime/server';
import { RuntimeClient } from './runtime';

const root = resolve(__dirname, '..', '..');

/** The whole local system as `npm start` runs it: real bundled functions, seeded demo data. */
export interface TestApp {
  runtime: Runtime;
  url: string;
  logs: string[];
  /** A client signed in as a seeded demo identity (dev login). */
  as(openid: string): Promise<ApiClient>;
  anonymous(): ApiClient;
  /** The demo unit's current join token (the scene its QR carries). */
  joinToken(unitId?: string): string;
  close(): Promise<void>;
}

export type CallResult<N extends ActionName> =
  { ok: true; data: OutputOf<N>; status: number } | { ok: false; error: ErrorBody; status: number };

export class ApiClient {
  constructor(readonly http: RuntimeClient) {}

  /** The call as the H5 client makes it, keeping refusals as values for assertions. */
  async try<N extends ActionName>(name: N, input: InputOf<N>): Promise<CallResult<N>> {
    const [fn, action] = name.split('.') as [string, string];
    const res = await this.http.post(`/fn/${fn}`, { action, payload: input });
    return {
      ...(res.body as { ok: boolean; data?: OutputOf<N>; error?: ErrorBody }),
      status: res.status,
    } as CallResult<N>;
  }

  async call<N extends ActionName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
    const res = await this.try(name, input);
    if (!res.ok) throw new Error(`${name} refused: ${res.error.code} ${res.error.message}`);
    return res.data;
  }
}

/** Signs in as a listed identity through dev login (the runtime must have it on). */
export async function devClient(url: string, openid: string): Promise<ApiClient> {
  const http = new RuntimeClient(url);
  const res = await http.post('/auth/dev', { openid });
  if (res.status !== 200) throw new Error(`dev login failed: ${res.text}`);
  http.token = res.body.data.token;
  return new ApiClient(http);
}

/**
 * The runtime on `dataDir` as the tests use it (real bundled functions, no timers, pay retries
 * off, logs kept). Nothing is seeded and `close()` leaves the directory: startApp adds both.
 */
export async function openApp(dataDir: string, opts: Partial<RuntimeOptions> = {}): Promise<TestApp> {
  ensureLocalSecrets(dataDir);
  process.env.WXPAY_SUB_MCH_ID ??= '1900000109';
  const logs: string[] = [];
  const runtime = await startRuntime({
    port: 0,
    dataDir,
    // The benchmark points this at its own bundle (see tests/bench/run.ts).
    functionsDir: process.env.FUNCTIONS_DIR ?? join(root, 'dist', 'cloudfunctions'),
    h5Dir: join(root, 'dist', 'h5'),
    devLogin: true,
    timers: false,
    payRetryDelaysMs: [],
    log: (line) => logs.push(line),
    ...opts,
  });
  return {
    runtime,
    url: runtime.url,
    logs,
    as: (openid) => devClient(runtime.url, openid),
    anonymous: () => new ApiClient(new RuntimeClient(runtime.url)),
    joinToken: (unitId) => demoJoinToken(runtime.db, unitId),
    close: () => runtime.close(),
  };
}

export async function startApp(): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'app-'));
  const app = await openApp(dataDir);
  seedDemo(app.runtime.db, new Date());
  return {
    ...app,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function smsSignIn(
  app: TestApp,
  phone: string,
): Promise<{ client: ApiClient; phoneCode: string; openid: string }> {
  const http = new RuntimeClient(app.url);
  const sent = await http.post('/auth/sms/send', { phone });
  if (sent.status !== 200) throw new Error(`sms send failed: ${sent.text}`);
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const line = [...app.logs].reverse().find((l) => l.includes('[sms]') && l.includes(masked));
  const code = line?.match(/code (\d{6})/)?.[1];
  if (!code) throw new Error('no SMS code in the runtime log');
  const verified = await http.post('/auth/sms/verify', { phone, code });
  if (verified.status !== 200) throw new Error(`sms verify failed: ${verified.text}`);
  http.token = verified.body.data.token;
  return {
    client: new ApiClient(http),
    phoneCode: verified.body.data.phoneCode,
    openid: verified.body.data.openid,
  };
}
