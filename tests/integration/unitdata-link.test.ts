/**
 * A worker the unit signed up on its paper sheet registers online: the paper enrolment becomes
 * theirs, they belong to that unit, and they are not asked to pay online what the unit collects.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { smsSignIn, startApp, type TestApp } from '../helpers/app';
import { commitAll, idFor, nameFor, uploadAndValidate, wujinRow, wujinSheet } from '../helpers/xlsx';

jest.setTimeout(60_000);

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.close());

test('registering with the ID number of a paper sign-up takes over that enrolment and unit', async () => {
  const programId = app.runtime.db.collection('_rt_meta').get('seed').demoProgramId as string;
  const officer = await app.as(DEMO.unitOfficer);
  const { res } = await uploadAndValidate(
    officer,
    await wujinSheet([wujinRow(5), wujinRow(6)]),
    DEMO.unit,
    programId,
  );
  if (!res.ok) throw new Error(res.error.message);
  await commitAll(officer, res.data.importId, 'valid_rows');

  const { client, phoneCode } = await smsSignIn(app, '13912345005');
  const me = await client.call('user.register', { name: nameFor(5), idNumber: idFor(5), phoneCode });
  expect(me).toMatchObject({ unitId: DEMO.unit, unitStatus: 'approved' });
  const { items } = await client.call('enrollment.mine', {});
  expect(items).toHaveLength(1);
  // Wujin's worker share (20 yuan) is collected by the unit on paper sign-ups.
  expect(items[0]).toMatchObject({ programId, status: 'pending_payment', workerFen: 2000 });
  expect(await client.try('enrollment.pay', { enrollmentId: items[0]!.id })).toMatchObject({
    ok: false,
    error: { code: 'ENROLL.COLLECTED_BY_UNIT' },
  });
  // Someone else registering cannot take the other paper sign-up over.
  const other = await smsSignIn(app, '13912345099');
  await other.client.call('user.register', {
    name: '王小明',
    idNumber: idFor(99),
    phoneCode: other.phoneCode,
  });
  expect((await other.client.call('enrollment.mine', {})).items).toHaveLength(0);
});
