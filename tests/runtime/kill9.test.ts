import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RuntimeClient, writeFunctions } from '../helpers/runtime';

const ROOT = resolve(__dirname, '../..');

/** Starts the runtime CLI as its own process and resolves once it prints READY <url>. */
function startCli(
  dataDir: string,
  functionsDir: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a grandchild that SIGKILL would miss.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cloudfunctions/_runtime/main.ts', '--no-timers'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        FUNCTIONS_DIR: functionsDir,
        H5_DIR: join(dataDir, 'no-h5'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`runtime did not start:\n${out}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /READY (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`runtime exited with ${code}:\n${out}`));
    });
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((ok) =>
    child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok()),
  );

describe('runtime: durability across kill -9', () => {
  const base = mkdtempSync(join(tmpdir(), 'rt-kill9-'));
  const dataDir = join(base, 'data');
  const functionsDir = join(base, 'functions');
  let child: ChildProcess | undefined;

  beforeAll(() => {
    writeFunctions(functionsDir, {
      ledger: `exports.main = async (event) => {
        const db = cloud.database();
        if (event.action === 'add') {
          const r = await db.collection('ledger').add({ data: { n: event.payload.n, at: db.serverDate() } });
          const up = await cloud.uploadFile({ cloudPath: 'receipts/' + event.payload.n + '.txt', fileContent: Buffer.from('receipt ' + event.payload.n) });
          return { ok: true, data: { id: r._id, fileID: up.fileID } };
        }
        const docs = (await db.collection('ledger').orderBy('n', 'asc').get()).data;
        const file = await cloud.downloadFile({ fileID: event.payload.fileID });
        return { ok: true, data: { ns: docs.map((d) => d.n), file: file.fileContent.toString() } };
      };`,
    });
  });

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  it('keeps every acknowledged write when the process is killed right after the reply', async () => {
    const first = await startCli(dataDir, functionsDir);
    child = first.child;
    const c = new RuntimeClient(first.url);
    let last: { id: string; fileID: string } | undefined;
    for (let n = 1; n <= 5; n++) {
      const r = await c.call('ledger', 'add', { n });
      expect(r.status).toBe(200);
      last = r.body.data;
    }
    // No grace period, no shutdown hook: the reply was sent, now the process is gone.
    first.child.kill('SIGKILL');
    await killed(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startCli(dataDir, functionsDir);
    child = second.child;
    const r = await new RuntimeClient(second.url).call('ledger', 'list', { fileID: last!.fileID });
    expect(r.body).toEqual({ ok: true, data: { ns: [1, 2, 3, 4, 5], file: 'receipt 5' } });
    second.child.kill('SIGTERM');
    await killed(second.child);
  }, 60_000);
});
