/**
 * `npx tsx cloudfunctions/_runtime/main.ts [--dev-login] [--no-timers]`
 * Env: PORT (8787; 0 = any free port), HOST (127.0.0.1), DATA_DIR (.local-data),
 * FUNCTIONS_DIR (dist/cloudfunctions), H5_DIR (dist/h5), PUBLIC_URL, ENV_ID (local).
 * Dev login (sign in as a seeded demo identity without a code) is off unless `--dev-login` is
 * given, and refused unless HOST is a loopback address.
 */
import { startRuntime } from './server';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  for (const a of args) {
    if (!['--dev-login', '--no-timers'].includes(a)) throw new Error(`unknown option ${a}`);
  }
  const runtime = await startRuntime({
    port: process.env.PORT !== undefined ? Number(process.env.PORT) : 8787,
    host: process.env.HOST || '127.0.0.1',
    dataDir: process.env.DATA_DIR || '.local-data',
    functionsDir: process.env.FUNCTIONS_DIR || 'dist/cloudfunctions',
    h5Dir: process.env.H5_DIR || 'dist/h5',
    publicUrl: process.env.PUBLIC_URL || undefined,
    envId: process.env.ENV_ID || 'local',
    devLogin: args.has('--dev-login'),
    timers: !args.has('--no-timers'),
  });
  // Tools that start the runtime (tests, scripts) wait for this exact line.
  process.stdout.write(`READY ${runtime.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[runtime] ${signal}: closing\n`);
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`[runtime] failed to start: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
