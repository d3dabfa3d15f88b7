/**
 * An acknowledged write survives kill -9: a child process writes through handle(), prints ACK
 * once handle() has returned, and is SIGKILLed right after; the reopened data dir has the write.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseService } from '../../cloudfunctions/_runtime/db/service';

const SERVICE = resolve(__dirname, '../../cloudfunctions/_runtime/db/service.ts');
const ROOT = resolve(__dirname, '../..');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcb-db-durable-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `script` under tsx, kills it with SIGKILL as soon as it prints ACK; resolves the ACK lines. */
function runUntilAck(script: string): Promise<string[]> {
  const file = join(dir, `child-${Date.now()}.ts`);
  writeFileSync(file, script);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ACK')) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(out.split('\n').filter((l) => l.startsWith('ACK')));
      else reject(new Error(`child exited ${code} before ACK: ${err}${out}`));
    });
  });
}

it('keeps every write acknowledged before a SIGKILL', async () => {
  const dataDir = join(dir, 'data');
  const acks = await runUntilAck(`
    import { DatabaseService } from ${JSON.stringify(SERVICE)};
    const s = new DatabaseService({ dataDir: ${JSON.stringify(dataDir)}, indexes: [{ collection: 'orders', fields: ['outTradeNo'], unique: true }] });
    const r1 = s.handle('database.insertDocument', { collectionName: 'orders', data: ['{"_id":"o1","outTradeNo":"T1","state":"PENDING"}'] });
    const r2 = s.handle('database.modifyDocument', { collectionName: 'orders', queryType: 'WHERE', multi: true, merge: true,
      query: '{"_id":"o1","state":"PENDING"}', data: '{"$set":{"state":"PAID"}}' });
    const tx = s.handle('database.startTransaction', {}).transactionId;
    s.handle('database.insertDocument', { collectionName: 'ledger', transactionId: tx, data: ['{"_id":"l1","amount":{"$numberInt":"100"}}'] });
    const r3 = s.handle('database.commitTransaction', { transactionId: tx });
    if (r1.code || r2.code || r3.code) { console.error(JSON.stringify([r1, r2, r3])); process.exit(1); }
    process.stdout.write('ACK ' + JSON.stringify(r2.data) + '\\n');
    // Keep writing until killed: the kill lands mid-flight, not after a clean close.
    for (let i = 0; ; i++) s.handle('database.insertDocument', { collectionName: 'noise', data: ['{"i":' + i + '}'] });
  `);
  expect(acks).toEqual(['ACK {"updated":1,"upsert_id":null}']);

  const reopened = new DatabaseService({
    dataDir,
    indexes: [{ collection: 'orders', fields: ['outTradeNo'], unique: true }],
  });
  try {
    expect(reopened.collection('orders').get('o1')).toEqual({ _id: 'o1', outTradeNo: 'T1', state: 'PAID' });
    expect(reopened.collection('ledger').get('l1')).toEqual({ _id: 'l1', amount: 100 });
    // The unique index came back with the file.
    const dup = reopened.handle('database.insertDocument', {
      collectionName: 'orders',
      data: ['{"outTradeNo":"T1"}'],
    });
    expect(dup.code).toBe('DATABASE_REQUEST_FAILED');
  } finally {
    reopened.close();
  }
}, 20_000);
