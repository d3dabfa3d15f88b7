/**
 * Group commit: requests queued in the same event-loop turn share one commit, and each still
 * gets exactly the reply it would get alone (checked through the real SDK too).
 */
import { EJSON } from 'bson';
import { GroupCommitter } from '../../cloudfunctions/_runtime/db/group-commit';
import { startDbHarness, type DbHarness } from '../helpers/tcb-db-harness';

const E = (v: unknown): string => EJSON.stringify(v, { relaxed: false });

let h: DbHarness;
let committer: GroupCommitter;

beforeAll(async () => {
  let c: GroupCommitter | undefined;
  h = await startDbHarness({ route: (action, body) => c!.handle(action, body) });
  committer = c = new GroupCommitter(h.service, 8);
});
afterAll(() => h.close());

it('answers requests queued together with one commit per batch', async () => {
  h.service.collection('quota').add({ _id: 'q', remaining: 5 });
  const before = { ...committer.stats };
  const take = () =>
    committer.handle('database.modifyDocument', {
      collectionName: 'quota',
      queryType: 'WHERE',
      multi: true,
      merge: true,
      query: E({ _id: 'q', remaining: { $gt: 0 } }),
      data: E({ $inc: { remaining: -1 } }),
    });
  const replies = await Promise.all(Array.from({ length: 20 }, take));
  expect(replies.map((r) => (r.data as { updated: number }).updated)).toEqual([
    ...Array(5).fill(1),
    ...Array(15).fill(0),
  ]);
  // 20 requests, at most 8 per batch.
  expect(committer.stats.batches - before.batches).toBe(3);
  expect(committer.stats.requests - before.requests).toBe(20);
});

it('gives the SDK the same results as handle() would', async () => {
  const db = h.database();
  const _ = db.command;
  await db
    .collection('quota')
    .doc('q')
    .update({ data: { remaining: 3 } });
  const takes = Array.from({ length: 6 }, () =>
    db
      .collection('quota')
      .where({ _id: 'q', remaining: _.gt(0) })
      .update({ data: { remaining: _.inc(-1) } }),
  );
  const adds = Array.from({ length: 8 }, (_v, i) => db.collection('log').add({ data: { _id: `l${i % 6}` } }));
  const takeResults = await Promise.all(takes);
  const addResults = await Promise.allSettled(adds);

  expect(takeResults.map((r: any) => r.stats.updated).sort()).toEqual([0, 0, 0, 1, 1, 1]);
  expect(addResults.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
  expect(addResults.filter((r) => r.status === 'rejected').map((r: any) => r.reason.errCode)).toEqual([
    -502001, -502001,
  ]);
  expect((await db.collection('quota').doc('q').get()).data.remaining).toBe(0);
  expect((await db.collection('log').count()).total).toBe(6);
});
