/**
 * The centre admin's records in the H5 build at 375 px: the audit log (a decision made through
 * the real functions appears), the report with its figures, and the 公示 page's objections tab
 * (an objection raised through the real functions, resolved in the browser with confirmation).
 * Screenshots: review-records-*.png.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import type { TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchBrowser, newMobilePage, screenshot, waitForTaroPage } from '../helpers/browser';
import { approveAsProposed, centreFinance, districtReviewer, fileClaim } from '../helpers/review';

jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
beforeAll(async () => {
  app = await startH5App();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const shot = (page: Page, step: string) => screenshot(page, `review-records-${step}`);

test('audit log, report, and an objection resolved by the centre admin', async () => {
  const rv = await districtReviewer(app);
  const fin = await centreFinance(app);
  const w = await claimant(app, '赵六');
  const c = await fileClaim(app, w, 'hospitalisation', hospitalFacts(stay()));
  await approveAsProposed(rv.client, c.id);
  const batch = await fin.client.call('review.batchCreate', { orgId: DEMO.city, programId: 'wujin-2024' });
  await fin.client.call('review.batchFile', { batchId: batch.id });
  const notice = await fin.client.call('review.noticePublish', { batchId: batch.id });
  const line = notice.lines.find((l) => l.name === '赵*')!;
  await w.client.call('review.object', {
    noticeId: notice.id,
    lineNo: line.lineNo,
    reason: '该职工当月已离职',
  });

  const { page } = await newMobilePage(browser, { baseURL: app.url });
  await signedIn(page, (await app.as(DEMO.admin)).http.token);

  await page.goto('/#/packageReview/pages/audit/index');
  await waitForTaroPage(page, { text: '审核通过' });
  await page.locator('.r-audit-item', { hasText: '审核通过' }).first().waitFor();
  await shot(page, '01-audit');

  await page.goto('/#/packageReview/pages/reports/index');
  await waitForTaroPage(page, { text: '生成报表' });
  await page.locator('.r-report-run').click();
  await page.locator('.r-report-summary').waitFor();
  await shot(page, '02-report');

  await page.goto('/#/packageReview/pages/notices/index');
  await waitForTaroPage(page, { text: '公示' });
  await page.locator('.r-chip--objections').click();
  const ob = page.locator('.r-objection', { hasText: '该职工当月已离职' });
  await ob.waitFor();
  await shot(page, '03-objections');
  await ob.locator('.nut-button').click();
  await page.locator('.r-resolve .r-chip--dismissed').click();
  await page.locator('.r-resolve textarea').fill('经核实仍在职，异议不成立');
  await page.locator('.r-resolve .nut-button').click();
  await page.locator('.taro-modal__text').getByText('恢复发放').waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
  await ob.waitFor({ state: 'detached' });
  const stored = app.runtime.db.collection('objections').find({ noticeId: notice.id }) as {
    status: string;
  }[];
  expect(stored.map((o) => o.status)).toEqual(['dismissed']);
});

test('医保结算导入: an .xlsx chosen in the browser becomes claims; unmatched rows say why', async () => {
  // The first claimant of this file registered with sequence number 10 (tests/helpers/claims.ts).
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结算');
  ws.addRow(['常州市医保结算记录导出']);
  ws.addRow(['姓名', '身份证号码', '入院日期', '出院日期', '医院', '个人自理金额']);
  ws.addRow([
    '赵六',
    demoIdNumber('1986-04-12', 10, 'female'),
    '2024-05-01',
    '2024-05-06',
    '武进人民医院',
    '6000',
  ]);
  ws.addRow([
    '李不在',
    demoIdNumber('1982-07-08', 403, 'male'),
    '2024-05-01',
    '2024-05-03',
    '武进人民医院',
    '3000',
  ]);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());

  const { page } = await newMobilePage(browser, { baseURL: app.url });
  await signedIn(page, (await app.as(DEMO.centreReviewer)).http.token);
  await page.goto('/#/packageReview/pages/import/index');
  await waitForTaroPage(page, { text: '医保部门导出的结算明细' });
  const chooser = page.waitForEvent('filechooser');
  await page.locator('.r-import-choose').click();
  await (
    await chooser
  ).setFiles({
    name: '结算.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  });
  await page.getByText('结算.xlsx').waitFor();
  await page.locator('.r-import-go').click();
  await page.locator('.taro-modal__text').getByText('生成补助申请').waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
  await page.locator('.r-import-result').waitFor({ timeout: 60_000 });
  await expect(page.locator('.r-import-row--unmatched').count()).resolves.toBe(1);
  await expect(page.locator('.r-import-row--created').count()).resolves.toBe(1);
  await shot(page, '04-import');
});
