/**
 * Ceilings of the local runtime over loopback: a static file, a function that does nothing, and
 * a function that makes one indexed read through the real wx-server-sdk, at 50 and 500
 * concurrent clients. The runtime runs in its own process; this one only generates load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { load, type LoadResult } from './load';
import { STATIC_FILE } from './ceiling-server';
import { fmt, type Row } from './table';

const ROOT = resolve(__dirname, '../../..');

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/lib/ceiling-server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`bench runtime did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1]! });
      }
    });
    child.once('exit', (code) => fail(new Error(`bench runtime exited with ${code}: ${out}`)));
  });
}

export interface CeilingFigures {
  noop50: LoadResult;
  read50: LoadResult;
}

const call = JSON.stringify({ action: 'bench', payload: {} });
const envelopeOk = (status: number, text: string) => status === 200 && text.startsWith('{"ok":true');

export async function ceilings(quick: boolean): Promise<{ rows: Row[]; figures: CeilingFigures }> {
  const seconds = quick ? 1 : 5;
  const { child, url } = await startServer();
  const rows: Row[] = [];
  const row = (metric: string, r: LoadResult, extra: Partial<Row> = {}) =>
    rows.push({
      section: 'ceilings',
      metric,
      value: `${fmt.rate(r.perSecond)}, p50 ${fmt.ms(r.p50)}, p99 ${fmt.ms(r.p99)}${r.errors ? `, ${r.errors} errors` : ''}`,
      ...extra,
    });
  try {
    const figures = {} as CeilingFigures;
    for (const clients of [50, 500]) {
      const file = await load({ url: `${url}${STATIC_FILE}`, clients, seconds });
      row(`static file (16 KB), ${clients} clients`, file);
      const noop = await load({
        url: `${url}/fn/benchNoop`,
        body: () => call,
        clients,
        seconds,
        ok: envelopeOk,
      });
      row(`no-op function, ${clients} clients`, noop);
      const read = await load({
        url: `${url}/fn/benchRead`,
        body: () => call,
        clients,
        seconds,
        ok: envelopeOk,
      });
      if (clients === 50) {
        figures.noop50 = noop;
        figures.read50 = read;
        row(`one-read function, ${clients} clients`, read, {
          goal: 'p99 < 100 ms',
          met: read.p99 < 100 && read.errors === 0,
        });
        const ratio = read.perSecond / noop.perSecond;
        rows.push({
          section: 'ceilings',
          metric: 'one-read / no-op function, 50 clients',
          value: fmt.ratio(ratio),
          goal: '≥ 0.5',
          met: ratio >= 0.5,
          note: 'the function’s own SDK work (signing, context, HTTP client) shares the runtime’s core here',
        });
      } else row(`one-read function, ${clients} clients`, read);
    }
    return { rows, figures };
  } finally {
    child.kill('SIGTERM');
  }
}
