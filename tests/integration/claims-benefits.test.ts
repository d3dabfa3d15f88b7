/** What an enrolment lets its worker claim comes from the stored program, and only to the worker. */
import { startApp, type TestApp } from '../helpers/app';
import { claimant } from '../helpers/claims';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

test("the worker sees the program's benefits; another worker is told the enrolment does not exist", async () => {
  const a = await claimant(app, '钱多多');
  const b = await claimant(app, '李四海');
  const { items } = await a.client.call('claim.benefits', { enrollmentId: a.enrollmentId });
  expect(items.map((i) => i.id)).toContain('hospitalisation');
  expect(await b.client.try('claim.benefits', { enrollmentId: a.enrollmentId })).toMatchObject({
    ok: false,
    error: { code: 'ENROLL.NOT_FOUND' },
  });
  const draft = await a.client.call('claim.create', {
    enrollmentId: a.enrollmentId,
    benefitId: 'hospitalisation',
  });
  expect(draft.programBenefits.map((i) => i.id)).toEqual(items.map((i) => i.id));
});
