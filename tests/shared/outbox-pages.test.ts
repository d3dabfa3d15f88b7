/** Every subscribe message opens a page the mini-program has (a wrong path opens nothing). */
import { OUTBOX_KINDS } from '../../cloudfunctions/timers/drain-outbox';
import type { HandlerContext } from '../../cloudfunctions/_lib/context';
import type { OutboxDoc } from '../../cloudfunctions/_lib/records';

(globalThis as unknown as { defineAppConfig: (c: unknown) => unknown }).defineAppConfig = (c) => c;
const app = require('../../miniprogram/src/app.config').default as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
};
const pages = new Set([
  ...app.pages,
  ...app.subPackages.flatMap((p) => p.pages.map((x) => `${p.root}/${x}`)),
]);

const ctx = {
  db: {
    collection: () => ({
      doc: () => ({
        get: async () => ({ data: { _id: 'en_1', programName: '项目', coverage: { start: '2024-01-01' } } }),
      }),
    }),
  },
} as unknown as HandlerContext;

test.each(Object.keys(OUTBOX_KINDS))('%s opens an existing page', async (kind) => {
  const entry = {
    _id: 'ob',
    kind,
    userId: 'u',
    enrollmentId: 'en_1',
    claimId: 'cl_1',
    data: {},
    status: 'pending',
    createdAt: new Date(),
  } as unknown as OutboxDoc;
  const built = await OUTBOX_KINDS[kind]!.build(ctx, entry);
  expect('page' in built).toBe(true);
  const page = (built as { page: string }).page.split('?')[0]!;
  expect(pages.has(page)).toBe(true);
});
