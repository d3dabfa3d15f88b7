import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Headless Debian chromium for the H5 end-to-end tests (playwright-core ships no browser).
 * Install it with `apt-get install -y chromium fonts-noto-cjk` (the fonts render the Chinese UI).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-artifacts/screenshots');

// Quiet and deterministic: no background traffic (the machine is offline), no GPU, no QUIC.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A cheap Android phone's CSS viewport. */
export const MOBILE_VIEWPORT = { width: 375, height: 812 };

export interface MobileBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (a clean run has none). */
  errors: string[];
  close(): Promise<void>;
}

export async function launchMobile(opts: { baseURL?: string } = {}): Promise<MobileBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const context = await browser.newContext({
    baseURL: opts.baseURL,
    viewport: MOBILE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return {
    browser,
    context,
    page,
    errors,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/**
 * Waits until the current Taro page is shown and its slide-in has finished, so screenshots and
 * text checks do not catch a page mid-animation or the previous page still on top.
 */
export async function waitForTaroPage(
  page: Page,
  opts: { text?: string; timeout?: number } = {},
): Promise<void> {
  const timeout = opts.timeout ?? 10_000;
  await page.waitForSelector('.taro_page', { state: 'visible', timeout });
  if (opts.text)
    await page.getByText(opts.text, { exact: false }).first().waitFor({ state: 'visible', timeout });
  await page.waitForFunction(
    () => {
      const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page'));
      const shown = pages.filter((p) => getComputedStyle(p).display !== 'none');
      if (shown.length !== 1) return false;
      return shown[0].getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
    },
    undefined,
    { timeout },
  );
}

/** Saves a full-page PNG under test-artifacts/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
