/**
 * A deterministic (seeded) discrete-event simulation of free-quota (普惠名额) reservations on
 * counter documents: one counter document against places split into slices. Pure: no I/O, no
 * clock, no Math.random, so the same input always gives the same figures.
 *
 * The model (one round = one database round trip, `rttMs`):
 * - `clients` invocations run at once. Each takes the next of `requests` reservations and takes
 *   another when it is done (a closed loop), until the requests run out.
 * - The places are spread over `shards` counter documents the way `spread()` in
 *   shared/officer/quota.ts spreads an allocation over its slices.
 * - An attempt is one conditional decrement (`remaining > 0` → `remaining - 1`) on one shard,
 *   landing in one round. A request's first attempt goes to a uniformly random shard, as
 *   takePlace() does (sliceOrder() with a random start, and no read first).
 * - Optimistic concurrency: a shard commits at most ONE decrement per round. Attempts that read
 *   the same shard in the same round-trip window conflict, and one of them (at random) wins. A
 *   loser that found places is a **conflict**. It retries after a random exponential backoff
 *   (1 + [0, 2^k) rounds after its k-th conflict, capped at `backoffCapMs`) at a random shard
 *   among those with places.
 * - An attempt at an empty shard is a **miss**. The client reads the counters (one round, as
 *   takePlace() reads allocationCounters()), then tries a random shard with places. When no
 *   shard has any, the request is refused (QUOTA.EXHAUSTED).
 *
 * How it relates to the code: takePlace() sends an atomic conditional update, and CloudBase
 * applies it per document without reporting a conflict. After a failed decrement (the slice was
 * empty) it reads once and walks the other slices, fullest first, with no backoff. So in
 * production the attempts that collide on one document queue inside the database; they do not
 * fail. The simulation counts each collision as a conflict to retry, as a reservation made in a
 * transaction would see it. Read "conflicts" as contention on the counter documents. The
 * single-document case is the hot-spot bound: about one reservation per round trip.
 */
import { sliceCount, spread } from '../../shared/officer/quota';

export interface ShardSimInput {
  places: number;
  shards: number;
  clients: number;
  requests: number;
  rttMs: number;
  seed: number;
  /** Longest backoff after repeated conflicts (default 30 s). */
  backoffCapMs?: number;
  /** Stop the clock here (requests still running are `pending`); default: run to the end. */
  horizonSeconds?: number;
  /** A name for the table. */
  label?: string;
}

export interface ShardSimResult {
  label: string;
  places: number;
  shards: number;
  clients: number;
  requests: number;
  rttMs: number;
  /** Places taken (requests that got one). */
  accepted: number;
  /** Requests refused because every shard was empty. */
  refused: number;
  /** Requests still running when the horizon was reached. */
  pending: number;
  /** Places taken beyond those there were (must be 0). */
  oversell: number;
  /** Conditional decrements sent. */
  attempts: number;
  /** Attempts that lost to another decrement of the same shard in the same round trip. */
  conflicts: number;
  /** Attempts at a shard that was already empty. */
  misses: number;
  /** Attempts beyond each request's first (after a conflict or a miss). */
  retries: number;
  /** Counter reads after a miss. */
  reads: number;
  conflictRate: number;
  retriesPerAccepted: number;
  /** Attempts per finished request (accepted or refused). */
  meanAttempts: number;
  p99Attempts: number;
  /** Simulated time until the last request finished (or the horizon). */
  simulatedSeconds: number;
}

/** mulberry32: a small seeded generator in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulateReservations(input: ShardSimInput): ShardSimResult {
  const { places, shards, clients, requests, rttMs, seed } = input;
  if (!(shards >= 1 && clients >= 1 && rttMs > 0 && places >= 0 && requests >= 0))
    throw new Error('simulateReservations: shards, clients ≥ 1, rttMs > 0, places, requests ≥ 0');
  const rand = generator(seed);
  const capRounds = Math.max(1, Math.round((input.backoffCapMs ?? 30_000) / rttMs));
  const horizon =
    input.horizonSeconds === undefined ? Infinity : Math.floor((input.horizonSeconds * 1000) / rttMs);

  // Shards: what is left, and the list of those with places (swap-remove).
  const remaining = Int32Array.from(spread(places, shards));
  const open = new Int32Array(shards);
  const openAt = new Int32Array(shards).fill(-1);
  let openCount = 0;
  for (let s = 0; s < shards; s++) {
    if (remaining[s]! <= 0) continue;
    open[openCount] = s;
    openAt[s] = openCount++;
  }
  const close = (s: number) => {
    const at = openAt[s]!;
    const last = open[--openCount]!;
    open[at] = last;
    openAt[last] = at;
    openAt[s] = -1;
  };
  // Per shard and round: how many attempts reached it, and the one that wins (chosen at random).
  const stamp = new Float64Array(shards).fill(-1);
  const reached = new Int32Array(shards);
  const winner = new Int32Array(shards);

  // Clients: their attempts and conflicts on the current request, whether they know which
  // shards have places (after a read), and the shard of the attempt under way (~s = empty).
  const attemptsOf = new Int32Array(clients);
  const conflictsOf = new Int32Array(clients);
  const informed = new Uint8Array(clients);
  const target = new Int32Array(clients);
  // A calendar of rounds: a ring (longer than the longest delay) of linked lists of clients.
  const ringSize = capRounds + 4;
  const head = new Int32Array(ringSize).fill(-1);
  const link = new Int32Array(clients).fill(-1);
  const schedule = (c: number, round: number) => {
    const slot = round % ringSize;
    link[c] = head[slot]!;
    head[slot] = c;
  };

  let next = 0;
  let active = 0;
  let started = 0;
  let accepted = 0;
  let refused = 0;
  let attempts = 0;
  let conflicts = 0;
  let misses = 0;
  let reads = 0;
  let lastRound = 0;
  let finishedAttempts = 0;
  const histogram: number[] = [0];

  const begin = (c: number, round: number) => {
    if (next >= requests) {
      active--;
      return;
    }
    next++;
    attemptsOf[c] = 0;
    conflictsOf[c] = 0;
    informed[c] = 0;
    schedule(c, round);
  };
  const finish = (c: number, round: number) => {
    const n = attemptsOf[c]!;
    finishedAttempts += n;
    while (histogram.length <= n) histogram.push(0);
    histogram[n]!++;
    lastRound = Math.max(lastRound, round);
    begin(c, round);
  };

  for (let c = 0; c < clients && c < requests; c++) {
    active++;
    begin(c, 0);
  }

  for (let round = 0; active > 0 && round < horizon; round++) {
    const slot = round % ringSize;
    const first = head[slot]!;
    if (first < 0) continue;
    head[slot] = -1;
    // Every attempt of the round reads the shards as they were when it started.
    for (let c = first; c >= 0; c = link[c]!) {
      attempts++;
      if (attemptsOf[c]!++ === 0) started++;
      const s =
        informed[c] && openCount > 0
          ? open[Math.floor(rand() * openCount)]!
          : Math.min(shards - 1, Math.floor(rand() * shards));
      if (remaining[s]! <= 0) {
        target[c] = ~s;
        continue;
      }
      target[c] = s;
      if (stamp[s] !== round) {
        stamp[s] = round;
        reached[s] = 1;
        winner[s] = c;
      } else if (rand() * ++reached[s]! < 1) winner[s] = c;
    }
    for (let c = first; c >= 0;) {
      const after = link[c]!;
      const s = target[c]!;
      if (s < 0) {
        // Empty: read the counters (one round), then a shard with places, or refused.
        misses++;
        reads++;
        if (openCount === 0) {
          refused++;
          finish(c, round + 2);
        } else {
          informed[c] = 1;
          schedule(c, round + 2);
        }
      } else if (winner[s] === c) {
        if (--remaining[s]! === 0) close(s);
        accepted++;
        finish(c, round + 1);
      } else {
        conflicts++;
        const k = conflictsOf[c]!++;
        informed[c] = 1;
        schedule(c, round + 1 + Math.floor(rand() * Math.min(capRounds, 2 ** Math.min(k, 30))));
      }
      c = after;
    }
  }

  let oversell = Math.max(0, accepted - places);
  for (let s = 0; s < shards; s++) oversell += Math.max(0, -remaining[s]!);
  const finished = accepted + refused;
  let p99Attempts = 0;
  for (let n = 0, seen = 0; n < histogram.length; n++) {
    seen += histogram[n] ?? 0;
    if (seen >= 0.99 * finished) {
      p99Attempts = n;
      break;
    }
  }
  const retries = attempts - started;
  return {
    label: input.label ?? `${places} places / ${shards} shards`,
    places,
    shards,
    clients,
    requests,
    rttMs,
    accepted,
    refused,
    pending: requests - finished,
    oversell,
    attempts,
    conflicts,
    misses,
    retries,
    reads,
    conflictRate: attempts ? conflicts / attempts : 0,
    retriesPerAccepted: accepted ? retries / accepted : 0,
    meanAttempts: finished ? finishedAttempts / finished : 0,
    p99Attempts,
    simulatedSeconds: ((Number.isFinite(horizon) && active > 0 ? horizon : lastRound) * rttMs) / 1000,
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

/** The results as a Markdown table, one line per string. */
export function formatShardTable(results: readonly ShardSimResult[]): string[] {
  const cols: [string, (r: ShardSimResult) => string][] = [
    ['case', (r) => r.label],
    ['places', (r) => int(r.places)],
    ['shards', (r) => int(r.shards)],
    ['clients', (r) => int(r.clients)],
    ['requests', (r) => int(r.requests)],
    ['accepted', (r) => int(r.accepted)],
    ['refused', (r) => int(r.refused)],
    ['pending', (r) => int(r.pending)],
    ['oversell', (r) => int(r.oversell)],
    ['conflict rate', (r) => pct(r.conflictRate)],
    ['retries/accepted', (r) => r.retriesPerAccepted.toFixed(2)],
    ['mean attempts', (r) => r.meanAttempts.toFixed(2)],
    ['p99 attempts', (r) => int(r.p99Attempts)],
    [
      'simulated s',
      (r) => (r.simulatedSeconds < 100 ? r.simulatedSeconds.toFixed(1) : int(r.simulatedSeconds)),
    ],
  ];
  const cells = results.map((r) => cols.map(([, f]) => f(r)));
  const widths = cols.map(([h], i) => Math.max([...h].length, ...cells.map((row) => [...row[i]!].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  return [
    line(cols.map(([h]) => h)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ];
}

/** Round trip assumed for one database call from a function (not a documented figure). */
export const ASSUMED_RTT_MS = 50;

/**
 * The scenarios the benchmark prints: one counter document against one per 100 places, for a
 * small batch, for a season's 350,000 places, and for one unit's submission call (up to 100
 * members in parallel) with the slice count the code gives (`sliceCount`, at most 16).
 */
export function shardScenarios(seed = 20240101): ShardSimInput[] {
  const rttMs = ASSUMED_RTT_MS;
  const batch = { places: 1_000, clients: 1_000, requests: 10_000, rttMs, seed };
  const season = { places: 350_000, clients: 50_000, requests: 350_000, rttMs, seed };
  const unit = { places: 1_600, clients: 100, requests: 1_600, rttMs, seed };
  return [
    { ...batch, shards: 1, label: 'batch, 1 document' },
    { ...batch, shards: batch.places / 100, label: 'batch, 1 per 100 places' },
    { ...season, shards: 1, horizonSeconds: 300, label: 'season, 1 document, first 5 min' },
    { ...season, shards: season.places / 100, label: 'season, 1 per 100 places' },
    { ...unit, shards: 1, label: 'one unit call, 1 slice' },
    {
      ...unit,
      shards: sliceCount(unit.places),
      label: `one unit call, sliceCount = ${sliceCount(unit.places)}`,
    },
  ];
}
