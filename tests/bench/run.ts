/**
 * `npm run bench`: every figure issue #12 asks for, from one run on this machine, as one table.
 * Where a goal is missed the table says MISSED and the note says why. `--quick` is the smoke
 * run `npm test` makes (short durations, small data; its figures are not the README's).
 * `--only=<section>[,<section>]` runs some sections; `--markdown=<file>` also writes the table.
 *
 * Sections: ceilings, roundtrips, burst, store, import, queue, calculator, shards, sizes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { ceilings, type CeilingFigures } from './lib/ceilings';
import { storeBench } from './lib/store';
import { fmt, formatTable, type Row } from './lib/table';

const ROOT = resolve(__dirname, '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const markdownFile = args.find((a) => a.startsWith('--markdown='))?.slice('--markdown='.length);
const wanted = (section: string) => !only || only.includes(section);

function run(cmd: string, argv: string[], timeoutMs: number) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env: process.env });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function roundTrips(): Row[] {
  const r = run('npx', ['jest', 'tests/integration/round-trips.test.ts', '--silent=false'], 300_000);
  const rows: Row[] = [];
  for (const m of r.out.matchAll(/^\s*(\S+)\s+sequential (\d+) \(budget (\d+)\), db calls (\d+)/gm)) {
    const [, action, seq, budget, db] = m;
    rows.push({
      section: 'round trips',
      metric: `${action} sequential database calls`,
      value: `${seq} (${db} in all)`,
      goal: '≤ 4',
      met: Number(seq) <= 4,
      note: Number(seq) > 4 ? `held at ${budget} by tests/integration/round-trips.test.ts` : undefined,
    });
  }
  if (rows.length === 0)
    rows.push({
      section: 'round trips',
      metric: 'tests/integration/round-trips.test.ts',
      value: 'no figures',
      met: false,
      note: r.out.slice(-300),
    });
  return rows;
}

function calculator(): Row[] {
  const r = run('npx', ['tsx', 'tests/bench/calc.bench.ts'], 300_000);
  const m = /calculator: calculate\(\) with Chinese lines\s+([\d.]+) M\/s per core/.exec(r.out);
  if (!m)
    return [
      {
        section: 'calculator',
        metric: 'calculate()',
        value: 'no figure',
        met: false,
        note: r.out.slice(-300),
      },
    ];
  const rate = Number(m[1]);
  return [
    {
      section: 'calculator',
      metric: 'calculate() with explanation lines (Wujin tiers), per core',
      value: `${rate.toFixed(2)} M/s`,
      goal: '≥ 1 M/s',
      met: rate >= 1,
    },
  ];
}

function weappSizes(): Row[] {
  const dist = join(ROOT, 'dist/weapp');
  if (!existsSync(join(dist, 'app.json')))
    return [
      {
        section: 'sizes',
        metric: 'weapp packages',
        value: 'not built',
        note: 'run `npm run build:weapp` first',
      },
    ];
  const r = run('node', ['miniprogram/scripts/weapp-size.js', dist], 60_000);
  const rows: Row[] = [];
  for (const m of r.out.matchAll(/^(\S+)\s+(\d+) B/gm)) {
    const [, name, bytes] = m;
    if (name === 'total') continue;
    const main = name === '(main)';
    const limit = main ? 600 * 1024 : 2 * 1024 * 1024;
    rows.push({
      section: 'sizes',
      metric: main ? 'weapp main package' : `weapp subpackage ${name}`,
      value: fmt.kb(Number(bytes)),
      goal: main ? '≤ 600 KB' : '< 2 MB',
      met: Number(bytes) <= limit,
    });
  }
  return rows;
}

async function h5FirstScreen(): Promise<Row[]> {
  if (!existsSync(join(ROOT, 'dist/h5/index.html')) || !existsSync('/usr/bin/chromium'))
    return [
      {
        section: 'sizes',
        metric: 'H5 first screen',
        value: 'not measured',
        note: 'needs `npm run build:h5` and /usr/bin/chromium',
      },
    ];
  const { firstScreen } = await import('./lib/first-screen');
  const loopback = await firstScreen(quick ? 1 : 3, false);
  return [
    {
      section: 'sizes',
      metric: 'H5 signed-in home, first screen, loopback (cold)',
      value: `${fmt.ms(loopback.coldMs)} (${fmt.kb(loopback.coldBytes)} transferred; warm ${fmt.ms(loopback.warmMs)})`,
      goal: '< 1.5 s',
      met: loopback.coldMs < 1500,
    },
  ];
}

/**
 * The functions the benchmark runs, bundled into a folder of its own: a test run elsewhere
 * rebundles dist/cloudfunctions and must not change the code under measurement mid-run.
 */
function bundleOwnFunctions(): void {
  const dir = join(ROOT, 'dist', 'bench-functions');
  const r = run('npx', ['tsx', 'cloudfunctions/_build/bundle.ts', '--out', dir], 300_000);
  if (!r.ok) throw new Error(`bundling the functions failed:\n${r.out}`);
  process.env.FUNCTIONS_DIR = dir;
}

async function main() {
  const started = Date.now();
  bundleOwnFunctions();
  console.log(
    `bench${quick ? ' --quick' : ''}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const rows: Row[] = [];
  const section = async (name: string, f: () => Promise<Row[]> | Row[]) => {
    if (!wanted(name)) return;
    const t0 = Date.now();
    process.stdout.write(`… ${name}\n`);
    try {
      rows.push(...(await f()));
    } catch (e) {
      rows.push({
        section: name,
        metric: 'error',
        value: 'failed',
        met: false,
        note: String((e as Error)?.message ?? e).slice(0, 200),
      });
    }
    process.stdout.write(`  ${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };

  let ceilingFigures: CeilingFigures | undefined;
  await section('ceilings', async () => {
    const r = await ceilings(quick);
    ceilingFigures = r.figures;
    return r.rows;
  });
  if (!quick) await section('roundtrips', roundTrips);
  await section('burst', async () => {
    const { burst } = await import('./lib/burst');
    return burst(quick, ceilingFigures);
  });
  await section('store', () => {
    const f = storeBench(quick ? 0.3 : 2);
    return [
      {
        section: 'store',
        metric: 'raw SQLite INSERT, one fsynced commit each',
        value: fmt.rate(f.rawInsert),
      },
      { section: 'store', metric: 'durable insertDocument, one per request', value: fmt.rate(f.insert) },
      {
        section: 'store',
        metric: 'durable inserts / raw SQLite',
        value: fmt.ratio(f.insert / f.rawInsert),
        goal: '≥ 0.7',
        met: f.insert / f.rawInsert >= 0.7,
      },
      { section: 'store', metric: 'conditional decrement, one per commit', value: fmt.rate(f.decrement) },
      {
        section: 'store',
        metric: 'group-commit decrements (50 per fsync) / single',
        value: `${fmt.ratio(f.groupDecrement / f.decrement)} (${fmt.rate(f.groupDecrement)})`,
      },
      {
        section: 'store',
        metric: 'unindexed query over the collection (a scan)',
        value: fmt.rate(f.unindexedQuery),
        note: `${fmt.int(f.documents)} documents`,
      },
      { section: 'store', metric: 'indexed query, same collection', value: fmt.rate(f.indexedQuery) },
    ];
  });
  await section('import', async () => {
    const { importSheet } = await import('./lib/import');
    return importSheet(quick);
  });
  await section('queue', async () => {
    const { reviewQueue } = await import('./lib/queue');
    return reviewQueue(quick);
  });
  await section('calculator', calculator);
  await section('shards', async () => {
    const file = join(__dirname, 'quota-shards.ts');
    if (!existsSync(file))
      return [{ section: 'shards', metric: 'reservation simulation', value: 'not available' }];
    const { shardRows } = await import('./lib/shards');
    return shardRows(quick);
  });
  await section('sizes', async () => [...weappSizes(), ...(await h5FirstScreen())]);

  const table = formatTable(rows);
  const missed = rows.filter((r) => r.met === false).length;
  console.log(`\n${table}\n`);
  console.log(
    `${rows.filter((r) => r.met === true).length} goals met, ${missed} missed; ${((Date.now() - started) / 1000).toFixed(0)} s in all${quick ? ' (quick run: small data, short durations)' : ''}`,
  );
  if (markdownFile) writeFileSync(markdownFile, `${table}\n`);
  rmSync(join(ROOT, 'dist', 'bench-functions'), { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
