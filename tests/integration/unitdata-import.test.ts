/**
 * The paper sign-up import at Wujin's scale: a generated 55,910-row sheet (the 37-unit target
 * total) with bad rows, through ticket → upload → validate → resumable commit, as the officer's
 * page drives it. Prints rows/s and memory.
 */
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { idCheckChar } from '../../shared/identity';
import { startApp, type ApiClient, type TestApp } from '../helpers/app';
import { commitAll, idFor, sheetRow, uploadAndValidate, wujinRow, wujinSheet } from '../helpers/xlsx';

jest.setTimeout(300_000);

let app: TestApp;
let officer: ApiClient;
beforeAll(async () => {
  // Small commit steps, so the test exercises many resumptions (one call ≈ a few chunks).
  process.env.UNITDATA_COMMIT_BUDGET_MS = '4000';
  app = await startApp();
  officer = await app.as(DEMO.unitOfficer);
});
afterAll(() => app?.close());

const db = () => app.runtime.db;
const programId = () => db().collection('_rt_meta').get('seed').demoProgramId as string;
const N = 55_910;

function retiredId(): string {
  const first17 = '320412196003010' + '15';
  return first17 + idCheckChar(first17);
}

test('55,910 rows with bad ones: the bad are reported by row number, the good are imported once', async () => {
  const mem0 = process.memoryUsage().rss;
  const t0 = Date.now();
  const rows = Array.from({ length: N }, (_, k) => wujinRow(k));
  const bad: Record<number, string> = {};
  const badId = idFor(10).slice(0, 17) + (idFor(10)[17] === '0' ? '1' : '0');
  rows[10]![3] = badId;
  bad[10] = '校验位';
  rows[20]![3] = idFor(5);
  bad[20] = `与第${sheetRow(5)}行重复`;
  rows[30]![4] = '12345';
  bad[30] = '手机号码';
  rows[40]![2] = null;
  bad[40] = '姓名不能为空';
  rows[50]![3] = Number(idFor(50).slice(0, 17));
  bad[50] = '数字格式';
  rows[60]![2] = { formula: 'C1&"x"', result: '张三' };
  bad[60] = '公式';
  rows[70]![1] = '雪堰镇';
  bad[70] = '乡镇';
  rows[80]![6] = null;
  bad[80] = '工会卡卡号不能为空';
  // The demo worker (registered in this unit) signs on paper too: linked, not duplicated.
  rows[100]![2] = '王建国';
  rows[100]![3] = demoIdNumber('1988-05-16', 1, 'male');
  // Over the statutory retirement age by the ID: imported with a warning for the unit to check.
  rows[110]![3] = retiredId();
  const bytes = await wujinSheet(rows);
  const tGen = Date.now();

  const { res } = await uploadAndValidate(officer, bytes, DEMO.unit, programId());
  const tValid = Date.now();
  console.log(`[unitdata import] generate ${tGen - t0} ms, upload+validate ${tValid - tGen} ms`);
  if (!res.ok) throw new Error(res.error.message);
  const v = res.data;
  expect(v.status).toBe('validated');
  expect(v.counts).toMatchObject({
    rows: N,
    invalid: Object.keys(bad).length,
    valid: N - Object.keys(bad).length,
  });
  for (const [k, text] of Object.entries(bad)) {
    const row = sheetRow(Number(k));
    const found = v.errors.find((e) => e.row === row);
    expect(found?.message).toMatch(new RegExp(`^第${row}行：.*${text}`));
  }
  expect(v.warnings).toContainEqual(
    expect.objectContaining({ row: sheetRow(110), code: 'ENROLL.PROBABLY_RETIRED' }),
  );
  // Validation writes no person and no enrolment.
  expect(db().collection('members').count({})).toBe(0);
  expect(db().collection('enrollments').count({ unitId: DEMO.unit, programId: programId() })).toBe(0);
  // all_or_nothing refuses a sheet with bad rows, and writes nothing.
  expect(
    await officer.try('unitdata.commitImport', { importId: v.importId, mode: 'all_or_nothing' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'IMPORT.HAS_ERRORS' },
  });
  expect(db().collection('enrollments').count({ unitId: DEMO.unit, programId: programId() })).toBe(0);

  const { summary, calls } = await commitAll(officer, v.importId, 'valid_rows');
  const tCommit = Date.now();
  console.log(`[unitdata import] commit ${tCommit - tValid} ms in ${calls} calls`);
  const good = N - Object.keys(bad).length;
  expect(summary.commit).toMatchObject({
    done: true,
    rowsDone: good,
    enrolmentsCreated: good,
    linkedToRegistered: 1,
    membersCreated: good - 1,
    alreadyEnrolled: 0,
  });
  expect(db().collection('enrollments').count({ unitId: DEMO.unit, programId: programId() })).toBe(good);
  expect(db().collection('members').count({ unitId: DEMO.unit })).toBe(good - 1);
  expect(db().collection('importChunks').count({ importId: v.importId })).toBe(0);

  // Sealed like registration: no clear ID, phone or card number in the stored member or in any log line.
  const member = db().collection('members').find({ unitId: DEMO.unit }, { limit: 1 })[0];
  const stored = JSON.stringify(member);
  expect(stored).not.toMatch(/\d{17}[\dX]/);
  expect(stored).not.toMatch(/139\d{8}/);
  expect(member.idCipher).toMatch(/^v\d+:/);
  const logs = app.logs.join('\n');
  for (const k of [0, 1234, 55_000]) expect(logs).not.toContain(idFor(k));

  // Re-running is harmless: the committed import answers with its figures and writes nothing.
  const again = await officer.call('unitdata.commitImport', { importId: v.importId, mode: 'valid_rows' });
  expect(again.commit?.enrolmentsCreated).toBe(good);
  expect(db().collection('enrollments').count({ unitId: DEMO.unit, programId: programId() })).toBe(good);
  const secs = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `[unitdata import] ${N} rows: sheet ${(bytes.length / 1e6).toFixed(1)} MB generated in ${secs(tGen - t0)} s; ` +
      `validate ${secs(tValid - tGen)} s (${Math.round(N / ((tValid - tGen) / 1000))} rows/s); ` +
      `commit ${secs(tCommit - tValid)} s in ${calls} calls (${Math.round(good / ((tCommit - tValid) / 1000))} rows/s); ` +
      `total ${secs(tCommit - t0)} s; rss +${Math.round((process.memoryUsage().rss - mem0) / 1e6)} MB`,
  );
});
