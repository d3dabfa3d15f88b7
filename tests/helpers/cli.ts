/**
 * The runtime as its own process (the CLI, as `npm start` runs it), for tests that kill it with
 * SIGKILL mid-work, and the whole app re-opened in-process on the same data directory afterwards
 * (to run the timers and read the store the way the other tests do).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureLocalSecrets } from '../../cloudfunctions/_dev/secrets';
import { seedDemo } from '../../cloudfunctions/_dev/seed';
import { DatabaseService, loadIndexes } from '../../cloudfunctions/_runtime/db/service';

export const ROOT = resolve(__dirname, '../..');
export const BUNDLED = join(ROOT, 'dist', 'cloudfunctions');

export interface Cli {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far, one entry per line. */
  lines: string[];
}

/** Starts the runtime CLI and resolves once it prints READY <url>. */
export function startCli(dataDir: string, args: string[] = ['--no-timers']): Promise<Cli> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a grandchild that SIGKILL would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', 'cloudfunctions/_runtime/main.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      FUNCTIONS_DIR: BUNDLED,
      H5_DIR: join(dataDir, 'no-h5'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`runtime did not start:\n${lines.join('\n')}`)), 30_000);
    const onData = (b: Buffer) => {
      const text = partial + b.toString();
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const m = /^READY (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          ok({ child, url: m[1]!, lines });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`runtime exited with ${code}:\n${lines.join('\n')}`));
    });
  });
}

/** SIGKILL: no grace period, no shutdown hook. Resolves once the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGKILL');
    await gone;
  }
}

/**
 * What `npm start` does before listening, done to a data directory while no runtime has it
 * open: the functions' secrets (into this process's env, which the CLI child inherits), the demo
 * seed, and whatever else a test writes straight into the store (`extra`).
 */
export function seedDataDir(dataDir: string, extra?: (db: DatabaseService) => void): void {
  ensureLocalSecrets(dataDir);
  process.env.WXPAY_SUB_MCH_ID ??= '1900000109';
  const db = new DatabaseService({ dataDir, indexes: loadIndexes() });
  try {
    seedDemo(db, new Date());
    extra?.(db);
  } finally {
    db.close();
  }
}

/** The SMS code the CLI "texted" to this phone, waiting for its log line. */
export async function smsCode(cli: Cli, phone: string, timeoutMs = 15_000): Promise<string> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (let i = cli.lines.length - 1; i >= 0; i--) {
      const line = cli.lines[i]!;
      if (line.includes('[sms]') && line.includes(masked)) {
        const code = /code (\d{6})/.exec(line)?.[1];
        if (code) return code;
      }
    }
    if (Date.now() > until) throw new Error(`no SMS code for ${masked}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
