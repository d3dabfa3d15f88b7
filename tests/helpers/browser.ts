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

export interface MobilePage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (a clean run has none). */
  errors: string[];
  close(): Promise<void>;
}

// Lets waitForTaroPage report what went wrong in the page when it gives up.
const pageErrors = new WeakMap<Page, string[]>();

/** One browser per test file: launching chromium costs seconds, a fresh context milliseconds. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A phone-sized page in its own context (own storage, so no session leaks between tests). */
export async function newMobilePage(browser: Browser, opts: { baseURL?: string } = {}): Promise<MobilePage> {
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
  page.on('requestfailed', (r) =>
    errors.push(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  pageErrors.set(page, errors);
  return { context, page, errors, close: () => context.close() };
}

/** Browser and page together, for a script that needs just one page. */
export async function launchMobile(
  opts: { baseURL?: string } = {},
): Promise<MobilePage & { browser: Browser }> {
  const browser = await launchBrowser();
  const mobile = await newMobilePage(browser, opts);
  return {
    ...mobile,
    browser,
    async close() {
      await mobile.close();
      await browser.close();
    },
  };
}

/**
 * Waits until exactly one Taro page is displayed (H5 keeps the pages below in the stack as
 * hidden `.taro_page`s), it contains `text` if given, and its slide-in has finished, so
 * screenshots and checks never catch a page mid-animation or the previous page still on top.
 */
export async function waitForTaroPage(
  page: Page,
  opts: { text?: string; timeout?: number } = {},
): Promise<void> {
  try {
    await page.waitForFunction(
      (text) => {
        const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter(
          (p) => getComputedStyle(p).display !== 'none',
        );
        if (shown.length !== 1) return false;
        const current = shown[0];
        if (text && !current.innerText.includes(text)) return false;
        // A page sliding in is offset sideways until it has settled at the left edge.
        if (Math.abs(current.getBoundingClientRect().left) > 1) return false;
        // Spinners loop forever; only finite animations (the page slide-in) have to finish.
        return current
          .getAnimations({ subtree: true })
          .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
      },
      opts.text ?? null,
      { timeout: opts.timeout ?? 15_000 },
    );
  } catch (e) {
    // Say what was on screen instead: which pages were displayed and what they said.
    const pages = await page
      .evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).map((p) => ({
          id: p.id,
          display: getComputedStyle(p).display,
          animations: p.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length,
          text: p.innerText.replace(/\s+/g, ' ').slice(0, 120),
        })),
      )
      .catch(() => 'unavailable');
    throw new Error(
      `waitForTaroPage(${JSON.stringify(opts.text ?? '')}) at ${page.url()}: ${(e as Error).message}\n` +
        `pages: ${JSON.stringify(pages, null, 1)}\nerrors: ${JSON.stringify(pageErrors.get(page) ?? [], null, 1)}`,
    );
  }
}

/** Saves a full-page PNG under test-artifacts/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
