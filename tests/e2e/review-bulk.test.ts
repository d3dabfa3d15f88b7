/**
 * 批量通过 and 不予通过 in the H5 build at 375 px: claims filed through the real functions; the
 * centre reviewer previews a monthly batch (count + total), confirms, and exactly that set is
 * approved; another claim is rejected with a reason from the list and free text (confirmation).
 * Screenshots: review-bulk-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import type { TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay } from '../helpers/claims';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchBrowser, newMobilePage, screenshot, waitForTaroPage } from '../helpers/browser';
import { fileClaim } from '../helpers/review';

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

const shot = (page: Page, step: string) => screenshot(page, `review-bulk-${step}`);
const claimDoc = (id: string) => app.runtime.db.collection('claims').get(id) as { status: string };

async function confirm(page: Page, text: string) {
  await page.locator('.taro-modal__text').getByText(text).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
}

test('bulk approval: preview count and total, confirm; and a rejection with its reason', async () => {
  const c1 = await fileClaim(app, await claimant(app, '钱多多'), 'hospitalisation', hospitalFacts(stay()));
  const c2 = await fileClaim(
    app,
    await claimant(app, '李小龙'),
    'hospitalisation',
    hospitalFacts(stay({ selfPaidFen: 1_200_000 })),
  );

  const { page } = await newMobilePage(browser, { baseURL: app.url });
  await signedIn(page, (await app.as(DEMO.centreReviewer)).http.token);

  // 不予通过 first: take c2, pick a reason, explain, confirm.
  await page.goto(`/#/packageReview/pages/claim/index?id=${c2.id}`);
  await waitForTaroPage(page, { text: '测算金额' });
  await page.locator('.r-take').click();
  await page.locator('.r-open-reject').click();
  await page.locator('.r-reject__reasons .r-reason').first().click();
  await page.locator('.r-reject__note textarea').fill('发票与住院记录不符');
  await shot(page, '01-reject');
  await page.locator('.r-reject__submit').click();
  await confirm(page, '原因：');
  await page.locator('.r-claim-status', { hasText: '未通过' }).waitFor();
  expect(claimDoc(c2.id).status).toBe('rejected');

  // 批量通过 from the queue: the preview names the count and the total, then confirm.
  await page.goto('/#/packageReview/pages/queue/index');
  await waitForTaroPage(page, { text: '批量通过' });
  await page.locator('.r-bulk-open').first().click();
  await waitForTaroPage(page, { text: '合计金额' });
  const total = await page.locator('.r-bulk-total').innerText();
  const count = await page.locator('.r-bulk-count').innerText();
  expect(count).toMatch(/^\d+ 件$/);
  await shot(page, '02-preview');
  await page.locator('.r-bulk-confirm').click();
  await confirm(page, `合计 ${total}`);
  await page.locator('.r-bulk-done').waitFor();
  await shot(page, '03-done');
  await expect(page.locator('.r-bulk-done').innerText()).resolves.toContain(`已批量通过 ${count}`);
  expect(claimDoc(c1.id).status).toBe('approved');
  expect(total).toMatch(/^¥[\d,]+\.\d{2}$/);
});
