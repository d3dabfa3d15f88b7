/**
 * Benchmark of the tier rule: the full calculator (adjustments, tier, earlier payments and
 * the Chinese explanation lines) against a hand-written lookup over the same claims, plus
 * the data-driven tier lookup alone against a hand-written if-chain over the same sums.
 *
 * Run: npx tsx tests/bench/calc.bench.ts   (single thread; figures are per core)
 * Goal: ≥ 1 M calculator evaluations/s and within 3× of the hand-written lookup.
 *
 * The figures are taken on an esbuild bundle of this file, as the cloud functions ship: the
 * script bundles itself and runs the bundle in a child process (`--no-bundle` skips that and
 * measures the code as tsx loaded it, where cross-module calls cost more).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
// Direct module imports: tsx compiles each file to CommonJS, and calls through the
// index's re-export getters would be measured too.
import { calculate, calculateAmount } from '../../shared/benefits/calculate';
import type { HospitalStay, PaidRecord } from '../../shared/benefits/facts';
import { compileTierLookup, tierAmount } from '../../shared/benefits/tiers';
import { getProgram, type TieredAnnualRule } from '../../shared/program';

const program = getProgram('wujin-2024');
const benefit = program.benefits.find((b) => b.id === 'hospitalisation')!;
const rule = benefit.rule as TieredAnnualRule;

// Deterministic pseudo-random claims (no Math.random, so runs compare).
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

interface Claim {
  stays: HospitalStay[];
  history: PaidRecord[];
}

const N = 4096;
const claims: Claim[] = [];
for (let i = 0; i < N; i++) {
  const count = 1 + rand(3);
  const stays: HospitalStay[] = [];
  for (let j = 0; j < count; j++) {
    const kind = rand(10);
    stays.push({
      id: `c${i}s${j}`,
      settlement: kind < 6 ? 'insurance' : 'none',
      cause: kind === 9 ? 'work_injury' : kind === 8 ? 'traffic_accident' : 'illness',
      selfPaidFen: rand(6_000_000),
      liabilityShareTotalFen: rand(6_000_000),
    });
  }
  const history =
    rand(4) === 0
      ? [{ benefitId: 'hospitalisation', periodStart: '2024-01-01', subject: 'period', amountFen: 50000 }]
      : [];
  claims.push({ stays, history });
}
const sums = claims.map((c) => c.stays.reduce((t, s) => t + s.selfPaidFen, 0));

/** Hand-written: the same adjustments and tiers, hard-coded, no explanation. */
function handWrittenClaim(c: Claim): number {
  let sum = 0;
  for (const s of c.stays) {
    if (s.cause === 'work_injury') continue;
    if (s.settlement === 'none' && s.cause === 'traffic_accident')
      sum += Math.floor(((s.liabilityShareTotalFen ?? 0) * 5450 + 5000) / 10000);
    else if (s.settlement === 'insurance') sum += s.selfPaidFen;
    else sum += Math.floor((s.selfPaidFen * 3400 + 5000) / 10000);
  }
  let paid = 0;
  for (const h of c.history) paid += h.amountFen;
  const amount = handWrittenTier(sum);
  return amount > paid ? amount - paid : 0;
}

function handWrittenTier(sum: number): number {
  if (sum >= 10000000) return 5000000;
  if (sum >= 5000000) return 2000000;
  if (sum >= 4000000) return 1000000;
  if (sum >= 3000000) return 500000;
  if (sum >= 2000000) return 300000;
  if (sum >= 1500000) return 200000;
  if (sum >= 1000000) return 150000;
  if (sum >= 500000) return 100000;
  if (sum >= 100000) return 50000;
  return 0;
}

function main(mode: string): void {
  // The two must agree before their speeds mean anything.
  for (const c of claims) {
    const a = calculate(program, benefit, { kind: 'tiered_annual', stays: c.stays }, c.history).amountFen;
    const b = calculateAmount(
      program,
      benefit,
      { kind: 'tiered_annual', stays: c.stays },
      c.history,
    ).amountFen;
    if (a !== handWrittenClaim(c) || b !== a)
      throw new Error(`calculator and hand-written lookup disagree: ${a} / ${b} vs ${handWrittenClaim(c)}`);
  }
  const checkLookup = compileTierLookup(rule);
  for (const s of sums)
    if (tierAmount(rule, s) !== handWrittenTier(s) || checkLookup(s) !== handWrittenTier(s))
      throw new Error('tier lookups disagree');

  let sink = 0;
  const BATCH = 8192; // a multiple of N

  /**
   * Evaluations per CPU-second of this process (= per core; the machine is shared, so wall
   * time would mostly measure the neighbours) and per wall-second, best of several rounds
   * after a warm-up. Each case has its own loop function so V8 inlines its body there; one
   * shared loop calling different closures would turn megamorphic and favour the first case.
   */
  function measure(label: string, loop: (offset: number) => number, targetMs = 600): number {
    for (let w = 0; w < 10; w++) sink += loop(w * BATCH);
    let bestCpu = 0;
    let bestWall = 0;
    for (let round = 0; round < 6; round++) {
      let iterations = 0;
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < targetMs / 6) {
        sink += loop(iterations);
        iterations += BATCH;
        elapsed = performance.now() - start;
      }
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      bestCpu = Math.max(bestCpu, (iterations / Math.max(cpuMs, 0.001)) * 1000);
      bestWall = Math.max(bestWall, (iterations / elapsed) * 1000);
    }
    const m = (x: number) => (x / 1e6).toFixed(2).padStart(8);
    console.log(`${label.padEnd(54)} ${m(bestCpu)} M/s per core   (${m(bestWall)} M/s wall)`);
    return bestCpu;
  }

  const fmtRatio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

  console.log(
    `Tier rule benchmark (Wujin hospitalisation, ${N} claims of 1–3 stays, node ${process.version}, ${mode})`,
  );
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; per core = evaluations per CPU-second of this single-threaded process`,
  );
  const full = measure('calculator: calculate() with Chinese lines', () => {
    let t = 0;
    for (let i = 0; i < BATCH; i++) {
      const c = claims[i & (N - 1)];
      t += calculate(program, benefit, { kind: 'tiered_annual', stays: c.stays }, c.history).amountFen;
    }
    return t;
  });
  const amountOnly = measure('calculator: calculateAmount() (same path, no lines)', () => {
    let t = 0;
    for (let i = 0; i < BATCH; i++) {
      const c = claims[i & (N - 1)];
      t += calculateAmount(program, benefit, { kind: 'tiered_annual', stays: c.stays }, c.history).amountFen;
    }
    return t;
  });
  const hand = measure('hand-written: adjustments + if-chain, same claims', () => {
    let t = 0;
    for (let i = 0; i < BATCH; i++) t += handWrittenClaim(claims[i & (N - 1)]);
    return t;
  });
  const lookup = measure('data-driven tier lookup: tierAmount(rule, sum)', () => {
    let t = 0;
    for (let i = 0; i < BATCH; i++) t += tierAmount(rule, sums[i & (N - 1)]);
    return t;
  });
  const compiledLookup = compileTierLookup(rule);
  const compiled = measure('data-driven tier lookup compiled once from the data', () => {
    let t = 0;
    for (let i = 0; i < BATCH; i++) t += compiledLookup(sums[i & (N - 1)]);
    return t;
  });
  const handTier = measure('hand-written tier lookup: if-chain, same sums', () => {
    let t = 0;
    for (let i = 0; i < BATCH; i++) t += handWrittenTier(sums[i & (N - 1)]);
    return t;
  });

  console.log('');
  console.log(
    `calculate() vs hand-written claim lookup:       ${fmtRatio(hand, full)} slower (explanation lines included)`,
  );
  console.log(`calculateAmount() vs hand-written claim lookup: ${fmtRatio(hand, amountOnly)} slower`);
  console.log(
    `tierAmount() vs hand-written if-chain:          ${fmtRatio(handTier, lookup)} slower (goal ≤ 3×)`,
  );
  console.log(
    `compiled lookup vs hand-written if-chain:       ${fmtRatio(handTier, compiled)} slower (goal ≤ 3×)`,
  );
  console.log(
    `calculate() throughput: ${full >= 1e6 ? 'meets' : 'MISSES'} the ≥ 1 M evaluations/s per core goal`,
  );
  if (sink === 0.5) console.log(sink); // keeps the results observable
}

function runBundled(): number {
  const out = buildSync({
    entryPoints: [__filename],
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['esbuild'],
    write: false,
    logLevel: 'warning',
  });
  // Inside the project (ignored by git) so the bundle still resolves `esbuild` from node_modules.
  const dir = path.resolve(__dirname, '../../node_modules/.cache/calc-bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'calc.bench.js');
  writeFileSync(file, out.outputFiles[0].text);
  const child = spawnSync(process.execPath, [file], {
    stdio: 'inherit',
    env: { ...process.env, CALC_BENCH_CHILD: '1' },
  });
  return child.status ?? 1;
}

if (process.env.CALC_BENCH_CHILD || process.argv.includes('--no-bundle')) {
  main(process.env.CALC_BENCH_CHILD ? 'esbuild bundle, as deployed' : 'as loaded by tsx');
} else {
  process.exitCode = runBundled();
}
