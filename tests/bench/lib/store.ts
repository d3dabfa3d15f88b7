/**
 * Throughput of the local runtime's database through DatabaseService.handle(), with durability
 * on (WAL, synchronous=FULL: every acknowledged request is fsynced), beside raw better-sqlite3
 * doing the same fsynced commits on the same disk in the same run.
 */
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseService } from '../../../cloudfunctions/_runtime/db/service';

const E = (v: unknown): string => EJSON.stringify(v, { relaxed: false });

export interface StoreFigures {
  rawInsert: number;
  insert: number;
  insertBatchDocs: number;
  decrement: number;
  groupDecrement: number;
  transaction: number;
  unindexedQuery: number;
  indexedQuery: number;
  documents: number;
}

function must(reply: { code?: string; message?: string }): void {
  if (reply.code) throw new Error(`${reply.code}: ${reply.message}`);
}

/** Runs each case for `seconds`; `print` gets one line per case as it finishes. */
export function storeBench(seconds: number, print: (line: string) => void = () => undefined): StoreFigures {
  const measure = (label: string, op: (i: number) => void): number => {
    const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
    const start = process.hrtime.bigint();
    let i = 0;
    while (process.hrtime.bigint() < deadline) op(i++);
    const rate = i / (Number(process.hrtime.bigint() - start) / 1e9);
    print(`${label.padEnd(58)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} /s  (${i} ops)`);
    return rate;
  };
  const f = {} as StoreFigures;
  const dir = mkdtempSync(join(tmpdir(), 'tcb-db-bench-'));
  const service = new DatabaseService({
    dataDir: dir,
    indexes: [
      { collection: 'enrollments', fields: ['userId'] },
      { collection: 'quotas', fields: ['unitId', 'programId', 'batch'] },
    ],
  });

  try {
    print(`better-sqlite3, WAL, synchronous=FULL; ${seconds}s per case; data in ${dir}`);
    // A ~500-byte enrolment-like document, as in TOOLCHAIN.md's measurements.
    const doc = (i: number) => ({
      userId: `user-${i % 5000}`,
      unitId: `unit-${i % 50}`,
      programId: 'p-2026',
      state: 'PENDING',
      createdAt: { $tcb_server_date: { offset: 0 } },
      applicant: { name: '张三'.repeat(4), phoneMasked: '138****0000', idHash: 'h'.repeat(64) },
      notes: 'x'.repeat(240),
    });

    // Baseline on the same disk and load: what one fsynced SQLite commit costs without this layer.
    const raw = new Database(join(dir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE t (_id TEXT PRIMARY KEY, doc TEXT)');
    const rawInsert = raw.prepare('INSERT INTO t VALUES (?, ?)');
    const rawText = JSON.stringify(doc(0));
    f.rawInsert = measure('baseline: raw better-sqlite3 INSERT, one commit each', (i) =>
      rawInsert.run(`r${i}`, rawText),
    );
    raw.close();

    f.insert = measure('insertDocument, 1 doc per request', (i) =>
      must(service.handle('database.insertDocument', { collectionName: 'enrollments', data: [E(doc(i))] })),
    );
    const batch = 100;
    const docsPerSec =
      batch *
      measure(`insertDocument, ${batch} docs per request (requests)`, (i) =>
        must(
          service.handle('database.insertDocument', {
            collectionName: 'enrollments',
            data: Array.from({ length: batch }, (_v, k) => E(doc(i * batch + k))),
          }),
        ),
      );
    print(`${'  = documents'.padEnd(58)} ${Math.round(docsPerSec).toLocaleString('en-US').padStart(9)} /s`);

    const quotas = 200;
    must(
      service.handle('database.insertDocument', {
        collectionName: 'quotas',
        data: Array.from({ length: quotas }, (_v, k) =>
          E({ _id: `q${k}`, unitId: `unit-${k}`, programId: 'p-2026', batch: 1, remaining: 1e9 }),
        ),
      }),
    );
    f.decrement = measure('conditional decrement where({_id, remaining>0}) $inc -1', (i) =>
      must(
        service.handle('database.modifyDocument', {
          collectionName: 'quotas',
          queryType: 'WHERE',
          multi: true,
          merge: true,
          upsert: false,
          query: E({ _id: `q${i % quotas}`, remaining: { $gt: 0 } }),
          data: E({ $inc: { remaining: -1 } }),
        }),
      ),
    );
    const group = 50;
    const decrement = (i: number) => ({
      action: 'database.modifyDocument',
      body: {
        collectionName: 'quotas',
        queryType: 'WHERE',
        multi: true,
        merge: true,
        upsert: false,
        query: E({ _id: `q${i % quotas}`, remaining: { $gt: 0 } }),
        data: E({ $inc: { remaining: -1 } }),
      },
    });
    const grouped =
      group *
      measure(`  same, group commit: handleMany of ${group} (batches)`, (i) =>
        service.handleMany(Array.from({ length: group }, (_v, k) => decrement(i * group + k))).forEach(must),
      );
    f.groupDecrement = grouped;
    print(`${'  = decrements'.padEnd(58)} ${Math.round(grouped).toLocaleString('en-US').padStart(9)} /s`);
    measure('conditional decrement on indexed fields (no _id)', (i) =>
      must(
        service.handle('database.modifyDocument', {
          collectionName: 'quotas',
          queryType: 'WHERE',
          multi: false,
          merge: true,
          upsert: false,
          query: E({ unitId: `unit-${i % quotas}`, programId: 'p-2026', batch: 1, remaining: { $gt: 0 } }),
          data: E({ $inc: { remaining: -1 } }),
        }),
      ),
    );
    f.transaction = measure('transaction: start, get, update, add, commit', (i) => {
      const { transactionId } = service.handle('database.startTransaction', {});
      must(
        service.handle('database.getDocument', {
          collectionName: 'quotas',
          queryType: 'DOC',
          query: E({ _id: `q${i % quotas}` }),
          transactionId,
        }),
      );
      must(
        service.handle('database.modifyDocument', {
          collectionName: 'quotas',
          queryType: 'DOC',
          multi: false,
          merge: true,
          query: E({ _id: `q${i % quotas}` }),
          data: E({ $inc: { remaining: -1 } }),
          transactionId,
        }),
      );
      must(
        service.handle('database.insertDocument', {
          collectionName: 'ledger',
          data: [E({ q: i })],
          transactionId,
        }),
      );
      must(service.handle('database.commitTransaction', { transactionId }));
    });
    f.unindexedQuery = measure(`getDocument unindexed (state), limit 20, full scan`, () =>
      must(
        service.handle('database.getDocument', {
          collectionName: 'enrollments',
          queryType: 'WHERE',
          query: E({ state: 'NONE' }),
          limit: 20,
        }),
      ),
    );
    f.indexedQuery = measure('getDocument by indexed userId, limit 20', (i) =>
      must(
        service.handle('database.getDocument', {
          collectionName: 'enrollments',
          queryType: 'WHERE',
          query: E({ userId: `user-${i % 5000}` }),
          limit: 20,
        }),
      ),
    );
    f.insertBatchDocs = docsPerSec;
    const total = service.collection('enrollments').count();
    f.documents = total;
    print(`(enrollments now holds ${total.toLocaleString('en-US')} documents)`);
  } finally {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return f;
}
