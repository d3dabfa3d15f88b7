/**
 * The targets dashboard in the H5 build: the Wujin district reviewer picks the 2024 program by
 * its number, sees the totals for the 37 units of the target list with their traffic lights,
 * each unit as a bar (enrolled of target), pages on with 加载更多 and filters by light.
 * Then the ledger and the payment-issue pages open for the roles that have them. Screenshots:
 * officer-dashboard-*.png (375 px).
 */
import type { Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import type { TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchMobile, screenshot, waitForTaroPage } from '../helpers/browser';

jest.setTimeout(150_000);

let app: TestApp;
let mobile: Awaited<ReturnType<typeof launchMobile>> | null = null;

beforeAll(async () => {
  app = await startH5App();
});

afterEach(async () => {
  await mobile?.close();
  mobile = null;
});

afterAll(async () => {
  await app?.close();
});

const shot = (page: Page, step: string) => screenshot(page, `officer-dashboard-${step}`);

async function choose(page: Page, programId: string) {
  await page.locator('.program-field__input input').fill(programId);
  await page.locator('.program-field__go').click();
}

test('the district reviewer reads every unit against its target, with lights and paging', async () => {
  const reviewer = await app.as(DEMO.reviewer);
  const expected = await reviewer.call('unitdata.dashboard', {
    programId: 'wujin-2024',
    orgId: DEMO.district,
    page: 1,
    pageSize: 50,
  });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, reviewer.http.token);
  await page.goto('/#/packageOfficer/pages/home/index');
  await waitForTaroPage(page, { text: '工作事项' });
  await page.locator('.officer-task--dashboard').click();
  await waitForTaroPage(page, { text: '保障项目' });
  await choose(page, 'wujin-2024');
  await page.locator('.dash-totals').waitFor();
  await expect(page.locator('.dash-lights').innerText()).resolves.toContain(
    `共 ${expected.totals.units} 个单位`,
  );
  expect(expected.total).toBe(37);
  await expect(page.locator('.dash-unit').count()).resolves.toBe(20);
  const first = expected.items[0]!;
  const row = page.locator('.dash-unit').first();
  await expect(row.innerText()).resolves.toContain(first.unitName);
  await expect(row.innerText()).resolves.toContain(`目标 ${first.target.toLocaleString('en-US')}`);
  await shot(page, '01-totals');

  await page.locator('.o-more', { hasText: '加载更多' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.dash-unit').length === 37);

  const reds = expected.items.filter((u) => u.light === 'red').length;
  await page.locator('.dash-filter .o-chip', { hasText: '红灯' }).click();
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.dash-unit').length === Math.min(n, 20) ||
      (n === 0 && document.body.innerText.includes('没有符合条件的单位')),
    reds,
  );
  expect(await page.locator('.dash-unit--green, .dash-unit--yellow').count()).toBe(0);
  await shot(page, '02-red');
  // The program is remembered for next time.
  await page.goto('/#/packageOfficer/pages/ledger/index');
  await waitForTaroPage(page, { text: '月份' });
  await page.locator('.program-field__choices .o-chip', { hasText: 'wujin-2024' }).waitFor();
  await shot(page, '03-ledger');
});

test('finance sees payment issues (empty state) and the what-if is the centre admin’s', async () => {
  const finance = await app.as(DEMO.finance);
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, finance.http.token);
  await page.goto('/#/packageOfficer/pages/payment-issues/index');
  await waitForTaroPage(page, { text: '没有待处理的问题' });
  await shot(page, '04-payment-issues');
  await page.goto('/#/packageOfficer/pages/what-if/index');
  await waitForTaroPage(page, { text: '没有费用测算权限' });

  const admin = await app.as(DEMO.admin);
  await mobile.close();
  mobile = await launchMobile({ baseURL: app.url });
  await signedIn(mobile.page, admin.http.token);
  await mobile.page.goto('/#/packageOfficer/pages/what-if/index?programId=wujin-2024');
  await waitForTaroPage(mobile.page, { text: '开始测算' });
  await mobile.page.locator('.what-if__run').click();
  await mobile.page.locator('.what-if__variant').waitFor();
  await shot(mobile.page, '05-what-if');
});
