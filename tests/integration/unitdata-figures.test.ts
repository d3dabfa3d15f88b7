/**
 * Targets and progress on the seeded Wujin list (37 units, 55,910), the Excel exports, the fund
 * ledger's statements against the enrolments' fee lines, transfers and reminders, and the fee
 * what-if on stored claims.
 */
import ExcelJS from 'exceljs';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { encrypt } from '../../cloudfunctions/_lib/pii';
import { chinaToday } from '../../shared/calendar';
import { startApp, type ApiClient, type TestApp } from '../helpers/app';

jest.setTimeout(120_000);

let app: TestApp;
let district: ApiClient;
let admin: ApiClient;
const db = () => app.runtime.db;
const programId = () => db().collection('_rt_meta').get('seed').demoProgramId as string;
const WORKER = { payer: 'worker' as const, label: '个人缴费', amountFen: 2000 };
const COUNTY = { payer: 'county_union' as const, label: '区总工会补助', amountFen: 8000 };

let seq = 0;
function enrol(
  unitId: string,
  status: 'active' | 'pending_payment' | 'cancelled',
  channel: 'paper' | 'online',
  createdAt = new Date(),
) {
  const id = `en_fig_${seq++}`;
  db()
    .collection('enrollments')
    .set(id, {
      userId: `pm_fig_${seq}`,
      unitId,
      programId: programId(),
      status,
      channel,
      totalFen: 10000,
      workerFen: 2000,
      feeLines: [WORKER, COUNTY],
      coverage: { start: '2025-01-01', end: '2025-12-31' },
      createdAt,
      updatedAt: createdAt,
    });
  return id;
}

async function download(url: string): Promise<string[][]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

beforeAll(async () => {
  app = await startApp();
  [district, admin] = await Promise.all([app.as(DEMO.reviewer), app.as(DEMO.admin)]);
  for (let i = 0; i < 30; i++)
    enrol(DEMO.unit, i < 20 ? 'active' : 'pending_payment', i % 2 ? 'paper' : 'online');
  enrol(DEMO.unit, 'cancelled', 'paper');
  for (let i = 0; i < 5; i++) enrol('unit_wj_02', 'active', 'paper');
  // A paid claim of the demo unit (the claims collection is another function's; read defensively).
  db()
    .collection('claims')
    .set('cl_fig_1', {
      unitId: DEMO.unit,
      programId: programId(),
      status: 'paid',
      workerId: 'pm_fig_1',
      benefitId: 'hospitalisation',
      coverage: { start: '2025-01-01', end: '2025-12-31' },
      decision: { amountFen: 50000 },
      submittedAt: new Date(),
      sealed: encrypt(
        JSON.stringify({
          facts: {
            kind: 'tiered_annual',
            stays: [{ id: 's1', settlement: 'insurance', cause: 'illness', selfPaidFen: 600000 }],
          },
        }),
      ),
    });
});
afterAll(() => app?.close());

test("the district's dashboard: Wujin's 37 units, 55,910 in total, live counts, lights, claims ratio", async () => {
  const page = await district.call('unitdata.dashboard', {
    programId: programId(),
    orgId: DEMO.district,
    page: 1,
    pageSize: 10,
  });
  expect(page.total).toBe(37);
  expect(page.items).toHaveLength(10);
  expect(page.totals).toMatchObject({
    units: 37,
    target: 55_910,
    enrolled: 35,
    active: 25,
    pendingPayment: 10,
  });
  expect(page.totals.lights.green + page.totals.lights.yellow + page.totals.lights.red).toBe(37);
  const gx = page.items[0]!;
  expect(gx).toMatchObject({
    unitId: DEMO.unit,
    unitName: '高新区工会',
    target: 9000,
    enrolled: 30,
    active: 20,
    pendingPayment: 10,
    premiumsFen: 300_000,
    paidClaimsFen: 50_000,
    claimsRatioBp: 1666,
  });
  expect(gx.completionBp).toBe(Math.floor((30 * 10000) / 9000));
  expect(page.claimsAvailable).toBe(true);
  expect(page.plan).toMatchObject({ greenBp: 10000, yellowBp: 8000, reportEveryDays: 14 });
  const reds = await district.call('unitdata.dashboard', {
    programId: programId(),
    orgId: DEMO.district,
    light: page.items[0]!.light,
  });
  expect(reds.items.every((r) => r.light === page.items[0]!.light)).toBe(true);
});

test('the dashboard and the fortnightly report as Excel files', async () => {
  const file = await district.call('unitdata.exportDashboard', {
    programId: programId(),
    orgId: DEMO.district,
  });
  const rows = await download(file.url);
  expect(rows[1]).toContain('目标任务数');
  expect(rows.at(-1)![0]).toBe('合计');
  expect(rows.at(-1)![2]).toBe('55910');
  const report = await district.call('unitdata.progressReport', {
    programId: programId(),
    orgId: DEMO.district,
  });
  const r = await download(report.url);
  expect(r[0]![0]).toContain('双周通报');
  const gx = r.find((x) => x[1] === '高新区工会')!;
  expect(gx[4]).toBe('30'); // added in the last 14 days
});

test('the ledger: statements sum to the fee lines; transfers reconcile; reminders are queued once', async () => {
  const month = chinaToday(new Date()).slice(0, 7);
  const built = await admin.call('unitdata.buildStatements', {
    programId: programId(),
    orgId: DEMO.district,
    month,
  });
  const live = db()
    .collection('enrollments')
    .find({ programId: programId(), status: { $ne: 'cancelled' } });
  const owed = live.reduce(
    (t: number, e: { channel?: string; feeLines: { payer: string; amountFen: number }[] }) =>
      t +
      e.feeLines
        .filter((l) => !(l.payer === 'worker' && e.channel !== 'paper'))
        .reduce((s, l) => s + l.amountFen, 0),
    0,
  );
  expect(built.statements.reduce((t, s) => t + s.dueFen, 0)).toBe(owed);
  const county = built.statements.find((s) => s.payer === 'county_union')!;
  expect(county).toMatchObject({ orgId: DEMO.district, dueFen: 35 * 8000, enrolments: 35, state: 'open' });
  const workers = built.statements.find((s) => s.payer === 'worker' && s.orgId === DEMO.unit)!;
  expect(workers).toMatchObject({ dueFen: 15 * 2000, payerLabel: '职工个人（单位代收）' });
  // Rebuilding is idempotent: the same statements, the same ids.
  const again = await admin.call('unitdata.buildStatements', {
    programId: programId(),
    orgId: DEMO.district,
    month,
  });
  expect(again.statements.map((s) => s.id).sort()).toEqual(built.statements.map((s) => s.id).sort());

  const paidOn = chinaToday(new Date());
  const part = await district.call('unitdata.recordTransfer', {
    statementId: workers.id,
    amountFen: 10_000,
    paidOn,
    reference: 'ICBC-001',
  });
  expect(part).toMatchObject({ paidFen: 10_000, state: 'part_paid', mismatch: false });
  const over = await district.call('unitdata.recordTransfer', {
    statementId: workers.id,
    amountFen: 30_000,
    paidOn,
    reference: 'ICBC-002',
  });
  expect(over).toMatchObject({ paidFen: 40_000, state: 'overpaid', mismatch: true });
  expect(over.transfers).toHaveLength(2);

  // Due in two days and unpaid: the timer queues one reminder per officer of the payer, once.
  const soon = new Date(Date.now() + 2 * 86_400_000);
  db()
    .collection('statements')
    .update({ _id: county.id }, { $set: { dueOn: chinaToday(soon) } });
  await app.runtime.runTimer('unitdata');
  await app.runtime.runTimer('unitdata');
  const reminders = db().collection('outbox').find({ kind: 'fund_due_reminder' });
  expect(reminders).toHaveLength(1); // the district reviewer holds the district grant
  expect(reminders[0]).toMatchObject({
    status: 'pending',
    data: { statementId: county.id, owedFen: String(35 * 8000) },
  });
  const listed = await district.call('unitdata.listStatements', {
    programId: programId(),
    orgId: DEMO.district,
    month,
  });
  expect(listed.total).toBe(built.statements.length);
});

test('the fee what-if prices this year on the copy: premiums, the calculator’s payouts, the ratio', async () => {
  const program = db().collection('programs').get(programId()).program;
  const r = await admin.call('unitdata.whatIf', {
    programId: programId(),
    variant: {
      perShareFen: 12000,
      schedules: [
        {
          id: program.fee.schedules[0].id,
          lines: [
            { ...WORKER, amountFen: 3000 },
            { ...COUNTY, amountFen: 9000 },
          ],
        },
      ],
    },
  });
  expect(r.enrolments).toBe(35);
  expect(r.claims).toBe(1);
  expect(r.base).toMatchObject({ premiumsFen: 350_000, payoutsFen: 100_000 });
  expect(r.variant).toMatchObject({
    premiumsFen: 420_000,
    payoutsFen: 100_000,
    byPayerFen: { worker: 105_000, county_union: 315_000 },
  });
  expect(r.actual).toMatchObject({ premiumsFen: 350_000, payoutsFen: 50_000 });
  expect(r.variant.claimsRatioBp).toBe(Math.floor((100_000 * 10000) / 420_000));
});
