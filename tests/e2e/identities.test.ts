/**
 * Every demo identity on the login page (演示账号) reaches a working home page: no 加载失败, the
 * service entries shown; officers also reach their workbench. The district reviewer and the
 * centre admin have no unit of their own (their grants are bound to a district / the centre).
 */
import type { Browser, Page } from 'playwright-core';
import { type TestApp } from '../helpers/app';
import { startH5App } from '../helpers/h5-app';
import {
  launchBrowser,
  newMobilePage,
  screenshot,
  waitForTaroPage,
  type MobilePage,
} from '../helpers/browser';

jest.setTimeout(90_000);

let app: TestApp;
let browser: Browser;
let mobile: MobilePage | null = null;

beforeAll(async () => {
  app = await startH5App();
  browser = await launchBrowser();
});

afterEach(async () => {
  await mobile?.close();
  mobile = null;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const IDENTITIES: { label: string; key: string; officer: boolean }[] = [
  { label: '职工 王*国', key: 'worker', officer: false },
  { label: '新职工', key: 'newcomer', officer: false },
  { label: '单位工会干部', key: 'unit-officer', officer: true },
  { label: '区总工会审核员', key: 'reviewer', officer: true },
  { label: '互助保障中心管理员', key: 'admin', officer: true },
  { label: '互助保障中心审核员', key: 'centre-reviewer', officer: true },
  { label: '互助保障中心财务', key: 'finance', officer: true },
];

/** The 用户协议 / 隐私政策 box on the login page must be ticked before any sign-in. */
async function agree(page: Page) {
  await page.locator('.login-agree__box').click();
}

async function noErrorState(page: Page) {
  await expect(
    page.locator('.taro_page:not([style*="display: none"]) .page-state--error').count(),
  ).resolves.toBe(0);
  const text = await page.evaluate(() => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter(
      (p) => getComputedStyle(p).display !== 'none',
    );
    return shown[0]?.innerText ?? '';
  });
  expect(text).not.toContain('加载失败');
}

test.each(IDENTITIES)(
  'the demo identity $key signs in and sees its home page',
  async ({ label, key, officer }) => {
    mobile = await newMobilePage(browser, { baseURL: app.url });
    const { page } = mobile;
    await page.goto('/#/pages/login/index');
    await waitForTaroPage(page, { text: label });
    await agree(page);
    await page.locator('.dev-login__item', { hasText: label }).click();
    await waitForTaroPage(page, { text: '互助服务' });
    expect(page.url()).toContain('#/pages/index/index');
    await noErrorState(page);
    await screenshot(page, `identity-home-${key}`);

    if (officer) {
      await page.locator('.home-link--officer').click();
      await waitForTaroPage(page, { text: '工作事项' });
      await noErrorState(page);
      await screenshot(page, `identity-officer-${key}`);
    }
    expect(mobile.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
  },
);
