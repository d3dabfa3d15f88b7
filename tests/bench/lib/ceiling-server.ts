/**
 * The runtime as the ceilings benchmark measures it, in a process of its own (the load generator
 * must not share its event loop): two fixture functions on the real wx-server-sdk — one that
 * returns at once, one that makes exactly one indexed database read — and a static file.
 * Prints `READY <url>`; exits on SIGTERM.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../../../cloudfunctions/_runtime/server';
import { writeFunctions } from '../../helpers/runtime';

export const STATIC_FILE = '/assets/bench.js';

async function main() {
  const base = mkdtempSync(join(tmpdir(), 'bench-ceiling-'));
  const functionsDir = join(base, 'functions');
  writeFunctions(functionsDir, {
    benchNoop: `exports.main = async () => ({ ok: true, data: null });`,
    benchRead: `const db = cloud.database();
exports.main = async () => {
  const { data } = await db.collection('orgs').doc('bench-unit').get();
  return { ok: true, data: data.name };
};`,
  });
  const h5Dir = join(base, 'h5');
  mkdirSync(join(h5Dir, 'assets'), { recursive: true });
  writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>bench</title>');
  // About the size of one of the H5 build's JS chunks.
  writeFileSync(join(h5Dir, STATIC_FILE), `/* bench */ ${'x'.repeat(16 * 1024)}`);
  const runtime = await startRuntime({
    port: 0,
    dataDir: join(base, 'data'),
    functionsDir,
    h5Dir,
    devLogin: false,
    timers: false,
    log: () => undefined,
  });
  runtime.db.collection('orgs').set('bench-unit', { name: '基准测试工会', level: 'grassroots' });
  const stop = async () => {
    await runtime.close();
    rmSync(base, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  console.log(`READY ${runtime.url}`);
}

if (require.main === module) void main();
