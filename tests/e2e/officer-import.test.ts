/**
 * Paper sign-up import in the H5 build: the unit officer picks a small .xlsx (made here with
 * exceljs: 5 good rows, 2 bad ones) through the browser's file chooser, sees the row errors with
 * their row numbers, cannot use all-or-nothing, confirms "valid rows only" naming the counts and
 * watches the commit finish. Screenshots: officer-import-*.png (375 px).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import type { TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchMobile, screenshot, waitForTaroPage } from '../helpers/browser';
import { idFor, sheetRow, wujinRow, wujinSheet } from '../helpers/xlsx';

jest.setTimeout(150_000);

let app: TestApp;
let mobile: Awaited<ReturnType<typeof launchMobile>> | null = null;
const dir = mkdtempSync(join(tmpdir(), 'officer-import-'));

beforeAll(async () => {
  app = await startH5App();
});

afterAll(async () => {
  await mobile?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const shot = (page: Page, step: string) => screenshot(page, `officer-import-${step}`);

async function confirmModal(page: Page, text: string) {
  await page.locator('.taro-modal__text').getByText(text).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
}

test('the officer uploads a sheet with 2 bad rows, sees them by row number and imports the 5 good ones', async () => {
  const programId = app.runtime.db.collection('_rt_meta').get('seed').demoProgramId as string;
  const rows = Array.from({ length: 7 }, (_, k) => wujinRow(k + 500));
  rows[2]![3] = idFor(502).slice(0, 17) + (idFor(502)[17] === '0' ? '1' : '0'); // wrong check digit
  rows[5]![2] = null; // no name
  const file = join(dir, '高新区参保汇总表.xlsx');
  writeFileSync(file, await wujinSheet(rows));

  const officer = await app.as(DEMO.unitOfficer);
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, officer.http.token);
  await page.goto(
    `/#/packageOfficer/pages/import/index?programId=${encodeURIComponent(programId)}&programName=${encodeURIComponent('武进区职工医疗互助')}`,
  );
  await waitForTaroPage(page, { text: '上传报名表' });
  await shot(page, '01-start');

  const chooser = page.waitForEvent('filechooser');
  await page.locator('.import-choose').click();
  await (await chooser).setFiles(file);
  await page.locator('.import-file').getByText('高新区参保汇总表.xlsx').waitFor();
  await page.locator('.import-validate').click();
  await page.locator('.import-summary').waitFor({ timeout: 30_000 });
  await expect(page.locator('.import-count--valid .import-count__n').textContent()).resolves.toBe('5');
  await expect(page.locator('.import-count--invalid .import-count__n').textContent()).resolves.toBe('2');
  const errors = await page.locator('.import-errors').innerText();
  // Each error names its sheet row (the table's 行 column and the message's 第 N 行).
  const rowCells = await page
    .locator('.import-errors__row .o-table__cell--narrow:first-child')
    .allTextContents();
  expect(rowCells).toEqual([String(sheetRow(2)), String(sheetRow(5))]);
  expect(errors).toContain('校验位');
  expect(errors).toContain('姓名不能为空');
  await shot(page, '02-row-errors');

  // All-or-nothing is not possible with bad rows; valid rows only, confirmed with the counts.
  await page.locator('.import-mode .o-chip', { hasText: '全部导入或全部不导入' }).click();
  await page.locator('.import-mode__blocked').waitFor();
  await expect(page.locator('.import-go').getAttribute('class')).resolves.toContain('disabled');
  await page.locator('.import-mode .o-chip', { hasText: '只导入正确的行' }).click();
  await page.locator('.import-go').click();
  await confirmModal(page, '将导入 5 行正确数据，跳过 2 行有错误的数据');
  await page.locator('.import-progress__text').getByText('导入完成').waitFor({ timeout: 60_000 });
  await expect(page.locator('.import-result').innerText()).resolves.toContain('新建参保记录 5 条');
  await shot(page, '03-imported');
  expect(app.runtime.db.collection('enrollments').count({ unitId: DEMO.unit, programId })).toBe(5);
});
