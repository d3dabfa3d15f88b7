/**
 * Every unitdata action checks (role, org) grants: across two units, up the tree, and for the
 * money actions the stricter rules (only the receiving side records a transfer; only the centre
 * admin runs the what-if). Each guard here fails when its check is removed.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { userIdFor } from '../../cloudfunctions/_lib/model';
import { startApp, type ApiClient, type TestApp } from '../helpers/app';
import { uploadAndValidate, wujinRow, wujinSheet } from '../helpers/xlsx';

jest.setTimeout(120_000);

let app: TestApp;
let officerA: ApiClient; // unit_officer of unit_wj_01 (the demo officer)
let officerB: ApiClient; // unit_officer of unit_wj_02
let district: ApiClient;
let admin: ApiClient;
const UNIT_B = 'unit_wj_02';
const db = () => app.runtime.db;
const programId = () => db().collection('_rt_meta').get('seed').demoProgramId as string;

beforeAll(async () => {
  app = await startApp();
  db()
    .collection('users')
    .set(userIdFor('officer-b'), {
      openid: 'officer-b',
      registered: true,
      unitStatus: 'none',
      roles: [],
      grants: [{ role: 'unit_officer', orgId: UNIT_B }],
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  db()
    .collection('_rt_demo_identities')
    .set('demo_b', { openid: 'officer-b', label: 'B', role: 'unit_officer', order: 99 });
  [officerA, officerB, district, admin] = await Promise.all([
    app.as(DEMO.unitOfficer),
    app.as('officer-b'),
    app.as(DEMO.reviewer),
    app.as(DEMO.admin),
  ]);
});
afterAll(() => app?.close());

const forbidden = { ok: false, error: { code: 'AUTH.FORBIDDEN' } };

test('a unit officer reaches their own unit only: tickets, imports, exports, dashboard', async () => {
  expect(await officerB.try('unitdata.importTicket', { unitId: DEMO.unit })).toMatchObject(forbidden);
  expect(
    await officerB.try('unitdata.exportSheet', {
      unitId: DEMO.unit,
      programId: programId(),
      template: 'wujin',
      filled: true,
    }),
  ).toMatchObject(forbidden);
  expect(
    await officerB.try('unitdata.dashboard', { programId: programId(), orgId: DEMO.unit }),
  ).toMatchObject(forbidden);
  expect(
    await officerB.try('unitdata.dashboard', { programId: programId(), orgId: DEMO.district }),
  ).toMatchObject(forbidden);
  // A's validated import cannot be read or committed by B.
  const { res } = await uploadAndValidate(
    officerA,
    await wujinSheet([wujinRow(1), wujinRow(2)]),
    DEMO.unit,
    programId(),
  );
  if (!res.ok) throw new Error(res.error.message);
  expect(await officerB.try('unitdata.importStatus', { importId: res.data.importId })).toMatchObject(
    forbidden,
  );
  expect(
    await officerB.try('unitdata.commitImport', { importId: res.data.importId, mode: 'valid_rows' }),
  ).toMatchObject(forbidden);
  expect(db().collection('enrollments').count({ importId: res.data.importId })).toBe(0);
  // …and B cannot validate into A's unit with a ticket of its own unit.
  const ticket = await officerB.call('unitdata.importTicket', { unitId: UNIT_B });
  // An import still awaiting its upload reads as such: no program yet, nothing counted.
  expect(await officerB.call('unitdata.importStatus', { importId: ticket.ticketId })).toMatchObject({
    status: 'awaiting_upload',
    unitId: UNIT_B,
    counts: { rows: 0 },
  });
  expect(
    await officerB.try('unitdata.validateImport', {
      ticketId: ticket.ticketId,
      fileID: `cloud://x/${ticket.path}`,
      programId: programId(),
      unitId: DEMO.unit,
    }),
  ).toMatchObject(forbidden);
  // The district above both units may read and import for either.
  expect(await district.try('unitdata.dashboard', { programId: programId(), orgId: UNIT_B })).toMatchObject({
    ok: true,
  });
  expect(await district.try('unitdata.importStatus', { importId: res.data.importId })).toMatchObject({
    ok: true,
  });
});

test('an anonymous caller and a worker are refused', async () => {
  expect(await app.anonymous().try('unitdata.importTicket', { unitId: DEMO.unit })).toMatchObject({
    ok: false,
  });
  const worker = await app.as(DEMO.worker);
  expect(await worker.try('unitdata.dashboard', { programId: programId(), orgId: DEMO.unit })).toMatchObject(
    forbidden,
  );
});

test('targets are set from above, never by the unit itself', async () => {
  expect(
    await officerA.try('unitdata.setTarget', { programId: programId(), unitId: DEMO.unit, target: 1 }),
  ).toMatchObject(forbidden);
  expect(
    await district.call('unitdata.setTarget', {
      programId: programId(),
      unitId: DEMO.unit,
      target: 9100,
      headcount: 12000,
    }),
  ).toEqual({ saved: true });
  const page = await officerA.call('unitdata.dashboard', { programId: programId(), orgId: DEMO.unit });
  expect(page.items[0]).toMatchObject({ unitId: DEMO.unit, target: 9100 });
});

test('a transfer is recorded by the receiving side only; the what-if by the centre admin only', async () => {
  const month = new Date().toISOString().slice(0, 7);
  db()
    .collection('enrollments')
    .set('en_access_1', {
      userId: 'pm_x',
      unitId: DEMO.unit,
      programId: programId(),
      status: 'pending_payment',
      channel: 'paper',
      totalFen: 10000,
      workerFen: 2000,
      feeLines: [
        { payer: 'worker', label: '个人缴费', amountFen: 2000 },
        { payer: 'county_union', label: '区总工会补助', amountFen: 8000 },
      ],
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  const built = await admin.call('unitdata.buildStatements', {
    programId: programId(),
    orgId: DEMO.district,
    month,
  });
  const unitStatement = built.statements.find((s) => s.orgId === DEMO.unit)!;
  const districtStatement = built.statements.find((s) => s.orgId === DEMO.district)!;
  const transfer = (id: string) => ({
    statementId: id,
    amountFen: 100,
    paidOn: new Date().toISOString().slice(0, 10),
    reference: 'BANK-1',
  });
  // The payer never records its own money as received.
  expect(await officerA.try('unitdata.recordTransfer', transfer(unitStatement.id))).toMatchObject(forbidden);
  expect(await district.try('unitdata.recordTransfer', transfer(districtStatement.id))).toMatchObject(
    forbidden,
  );
  expect(
    await officerB.try('unitdata.listStatements', { programId: programId(), orgId: DEMO.unit, month }),
  ).toMatchObject(forbidden);
  expect(await district.try('unitdata.recordTransfer', transfer(unitStatement.id))).toMatchObject({
    ok: true,
    data: { paidFen: 100 },
  });
  expect(await admin.try('unitdata.recordTransfer', transfer(districtStatement.id))).toMatchObject({
    ok: true,
    data: { paidFen: 100 },
  });
  expect(await district.try('unitdata.whatIf', { programId: programId(), variant: {} })).toMatchObject(
    forbidden,
  );
  expect(await admin.try('unitdata.whatIf', { programId: programId(), variant: {} })).toMatchObject({
    ok: true,
  });
});
