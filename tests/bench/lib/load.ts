/**
 * A closed-loop HTTP load generator: `clients` callers each send a request, wait for the reply
 * and send the next, for `seconds`. Keep-alive sockets, as browsers and the mini-program's
 * gateway keep them, so the figure is the server's, not the cost of opening connections.
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  calls: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A body per call (the call's sequence number lets callers vary it). */
  body?: (i: number) => string | undefined;
  clients: number;
  seconds: number;
  /** Calls before the clock starts (JIT, caches, first requires). */
  warmup?: number;
  /** A reply counts as an error unless this returns true. */
  ok?: (status: number, text: string) => boolean;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarise(latencies: number[], errors: number, elapsedS: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    calls: latencies.length,
    errors,
    perSecond: latencies.length / elapsedS,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export function once(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.clients, maxFreeSockets: spec.clients });
  const url = new URL(spec.url);
  const method = spec.method ?? (spec.body ? 'POST' : 'GET');
  const headers = { 'content-type': 'application/json', ...spec.headers };
  const ok = spec.ok ?? ((s) => s === 200);
  let seq = 0;
  for (let i = 0; i < (spec.warmup ?? spec.clients); i++)
    await once(agent, url, method, headers, spec.body?.(seq++)).catch(() => undefined);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + spec.seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const r = await once(agent, url, method, headers, spec.body?.(seq++));
        if (ok(r.status, r.text)) latencies.push(performance.now() - t0);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, client));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return summarise(latencies, errors, elapsed);
}
