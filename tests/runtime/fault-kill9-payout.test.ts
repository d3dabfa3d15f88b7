/**
 * kill -9 while payout batches are being paid. Approved claims are put into three batches (set up
 * in-process through the real functions); then the runtime runs as its own process and the
 * centre's finance officer, over HTTP, downloads each batch's bank file and records the bank's
 * result (one transfer in every other batch failed), two batches at a time. When the first result
 * is acknowledged the process is SIGKILLed. After a restart on the same data directory:
 * - every acknowledged bank file and result is there; a batch is settled whole or not at all;
 * - no claim is paid twice (its timeline, audit trail and the worker's message say "paid" once);
 * - every batch can be finished: the file again where needed, the result recorded, a second
 *   result refused; the timers change no paid mark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { devClient, openApp, type ApiClient, type TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import { killHard, seedDataDir, startCli, type Cli } from '../helpers/cli';
import { approveAsProposed, districtReviewer, fileClaim, officer } from '../helpers/review';

jest.setTimeout(110_000);

const BATCHES = 3;
const PER_BATCH = 2;

const base = mkdtempSync(join(tmpdir(), 'fault-k9-payout-'));
const dataDir = join(base, 'data');
let cli: Cli | undefined;
let app: TestApp | undefined;
afterAll(async () => {
  if (cli) await killHard(cli.child);
  await app?.close();
  rmSync(base, { recursive: true, force: true });
});

interface Batch {
  id: string;
  claims: string[];
  /** The bank's result: the last transfer of every other batch failed. */
  failed: string[];
  filed?: boolean;
  settled?: boolean;
}

const claimDoc = (id: string) => app!.runtime.db.collection('claims').get(id);
const paidEntries = (id: string) => {
  const db = app!.runtime.db;
  return {
    timeline: claimDoc(id).timeline.filter((e: { action: string }) => e.action === 'paid').length,
    audit: db.collection('auditLog').count({ claimId: id, action: 'review.batch.paid' }),
    messages: db
      .collection('outbox')
      .find({ claimId: id, kind: 'claim_status' })
      .filter((m: { data: { note: string } }) => m.data.note.includes('已发放')).length,
  };
};

test('every acknowledged payout survives kill -9, no claim is paid twice, every batch can be finished', async () => {
  const started = Date.now();
  seedDataDir(dataDir);

  // Approved claims into three batches, through the real functions.
  app = await openApp(dataDir);
  const rv = await districtReviewer(app);
  const fin = await officer(app, [{ role: 'centre_finance', orgId: DEMO.city }], '中心财务');
  const financeOpenid = app.runtime.db.collection('users').get(fin.userId).openid as string;
  const filed = await Promise.all(
    Array.from({ length: BATCHES * PER_BATCH }, async (_, i) => {
      const w = await claimant(
        app!,
        `${'张王李赵周吴郑'[i % 7]}${'东南西北中'[i % 5]}${'一二三四五六七八九十'[i % 10]}`,
      );
      return (await fileClaim(app!, w, 'hospitalisation', hospitalFacts(stay({ selfPaidFen: 700_000 })))).id;
    }),
  );
  const batches: Batch[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const claims = filed.slice(b * PER_BATCH, (b + 1) * PER_BATCH);
    for (const id of claims) await approveAsProposed(rv.client, id);
    const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
    expect(batch.items.map((i) => i.claimId).sort()).toEqual([...claims].sort());
    batches.push({ id: batch.id, claims, failed: b % 2 ? [claims[PER_BATCH - 1]!] : [] });
  }
  await app.close();
  app = undefined;
  const setupMs = Date.now() - started;

  // The finance officer pays them out against the runtime process.
  cli = await startCli(dataDir, ['--no-timers', '--dev-login']);
  const finance: ApiClient = await devClient(cli.url, financeOpenid);
  let killing: Promise<void> | null = null;
  const killNow = () => (killing ??= killHard(cli!.child));
  const refusals: string[] = [];

  async function payOut(b: Batch) {
    try {
      if (killing) return;
      const file = await finance.try('review.batchFile', { batchId: b.id });
      if (!file.ok) return void (killing || refusals.push(`file ${file.error.code}`));
      b.filed = true;
      if (killing) return;
      const settled = await finance.try('review.batchSettle', {
        batchId: b.id,
        failed: b.failed.map((claimId) => ({ claimId, reason: '账户已销户' })),
      });
      if (!settled.ok) return void (killing || refusals.push(`settle ${settled.error.code}`));
      b.settled = true;
      void killNow();
    } catch {
      /* the process is gone */
    }
  }
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < batches.length) await payOut(batches[next++]!);
    }),
  );
  await killNow();
  expect(cli.child.signalCode).toBe('SIGKILL');
  expect(refusals).toEqual([]);
  const settledBefore = batches.filter((b) => b.settled).length;
  console.log(
    `[kill9 payout] setup ${setupMs} ms; killed after ${batches.filter((b) => b.filed).length} files and ${settledBefore} results acknowledged of ${BATCHES}`,
  );
  expect(settledBefore).toBeGreaterThanOrEqual(1);
  expect(settledBefore).toBeLessThan(BATCHES);

  // Restart on the same directory.
  app = await openApp(dataDir, { devLogin: true });
  const db = app.runtime.db;
  const expectWhole = (b: Batch) => {
    const doc = db.collection('payoutBatches').get(b.id);
    if (b.settled) expect(doc.status).toBe('settled');
    if (b.filed) expect(doc.status).not.toBe('open');
    if (doc.status === 'settled') {
      for (const item of doc.items) {
        const failed = b.failed.includes(item.claimId);
        expect(item.status).toBe(failed ? 'failed' : 'paid');
        expect(claimDoc(item.claimId).status).toBe(failed ? 'approved' : 'paid');
      }
    } else {
      // Not settled: nothing of it is (no batch is ever part paid).
      expect(doc.items.map((i: { status: string }) => i.status)).toEqual(b.claims.map(() => 'pending'));
      for (const id of b.claims)
        expect(claimDoc(id)).toMatchObject({ status: 'in_payout', payoutBatchId: b.id });
    }
    for (const id of b.claims) {
      const paid = claimDoc(id).status === 'paid' ? 1 : 0;
      expect(paidEntries(id)).toEqual({ timeline: paid, audit: paid, messages: paid });
    }
    return doc.status as string;
  };
  const states = batches.map(expectWhole);
  console.log(`[kill9 payout] after restart: ${states.join(', ')}`);
  expect(states.filter((s) => s === 'settled').length).toBeGreaterThanOrEqual(settledBefore);

  // Every batch can be finished; a second result is refused; the timers touch no paid mark.
  const fin2 = await app.as(financeOpenid);
  for (const b of batches) {
    if (db.collection('payoutBatches').get(b.id).status === 'settled') continue;
    await fin2.call('review.batchFile', { batchId: b.id });
    const settled = await fin2.call('review.batchSettle', {
      batchId: b.id,
      failed: b.failed.map((claimId) => ({ claimId, reason: '账户已销户' })),
    });
    expect(settled.status).toBe('settled');
    b.settled = true;
  }
  await app.runtime.runTimer('timers');
  for (const b of batches) {
    expect(expectWhole(b)).toBe('settled');
    expect(await fin2.try('review.batchSettle', { batchId: b.id, failed: [] })).toMatchObject({
      ok: false,
      status: 409,
      error: { code: 'REVIEW.BATCH_ALREADY_SETTLED' },
    });
    for (const id of b.claims) expect(paidEntries(id).timeline).toBe(b.failed.includes(id) ? 0 : 1);
  }
  console.log(`[kill9 payout] total ${Date.now() - started} ms`);
});
