/**
 * 我的 → 手机号: a registered worker proves a new number with an SMS code (the local stand-in for
 * WeChat's getPhoneNumber) and sees it on the profile, masked.
 */
import type { Browser } from 'playwright-core';
import { demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { smsSignIn, type TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
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
afterAll(async () => {
  await mobile?.close();
  await browser?.close();
  await app?.close();
});

test('a worker changes the phone number from 我的', async () => {
  const { client, phoneCode } = await smsSignIn(app, '13712349001');
  await client.call('user.register', {
    name: '郑爽',
    idNumber: demoIdNumber('1993-04-05', 61, 'female'),
    phoneCode,
  });
  mobile = await newMobilePage(browser, { baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, client.http.token);
  await page.goto('/#/pages/me/index');
  await waitForTaroPage(page, { text: '137****9001' });
  await page.locator('.me-phone').click();
  await waitForTaroPage(page, { text: '新手机号' });
  await page.locator('.phone-proof__input input').first().fill('13712349002');
  await page.locator('.phone-proof__send').click();
  await page.waitForFunction(() => document.body.innerText.includes('秒后重发'));
  const line = [...app.logs].reverse().find((l) => l.includes('[sms]') && l.includes('137****9002'));
  const code = line!.match(/code (\d{6})/)![1]!;
  await page.locator('.phone-proof__code input').fill(code);
  await screenshot(page, 'phone-change');
  await page.locator('.phone-proof__confirm').click();
  await waitForTaroPage(page, { text: '137****9002' });
  expect(page.url()).toContain('#/pages/me/index');
  expect(mobile.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
});
