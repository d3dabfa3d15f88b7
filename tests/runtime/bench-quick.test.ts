/**
 * `npm run bench -- --quick` as a smoke run inside `npm test`: the benchmark still runs end to
 * end and its correctness figures hold (the burst takes exactly its quota, nothing oversold, the
 * simulation oversells nothing, the weapp packages fit). Speed goals are not asserted here: on
 * a shared 2-core machine a timed unit test would only measure the neighbours; the full run's
 * table in the README is where the speed figures are.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '../..');

test('the quick benchmark prints its table with the correctness goals met', () => {
  const r = spawnSync(
    'npx',
    ['tsx', 'tests/bench/run.ts', '--quick', '--only=ceilings,burst,store,calculator,shards,sizes'],
    { cwd: ROOT, encoding: 'utf8', timeout: 540_000 },
  );
  const out = `${r.stdout}${r.stderr}`;
  expect({ status: r.status, tail: out.slice(-2000) }).toMatchObject({ status: 0 });
  const rows = out.split('\n').filter((l) => l.startsWith('| '));
  const row = (section: string, metric: RegExp) =>
    rows.find((l) => l.startsWith(`| ${section} `) && metric.test(l)) ?? `(no ${section} row for ${metric})`;
  expect(rows.length).toBeGreaterThan(10);
  // Correctness goals: these must be met on any machine.
  expect(row('burst', /submissions vs/)).toMatch(/\| met /);
  expect(row('burst', /oversell/)).toMatch(/\| met /);
  for (const l of rows.filter((x) => x.startsWith('| shards '))) expect(l).toMatch(/\| met /);
  expect(row('sizes', /weapp main package/)).toMatch(/\| met /);
  // No section crashed.
  expect(rows.filter((l) => /\| error /.test(l))).toEqual([]);
});
