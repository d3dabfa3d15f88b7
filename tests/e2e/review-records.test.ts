/**
 * The centre admin's records in the H5 build at 375 px: the audit log (a decision made through
 * the real functions appears), the report with its figures, and the 公示 page's objections tab
 * (an objection raised through the real functions, resolved in the browser with confirmation).
 * Screenshots: review-records-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
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
