import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, type TestApp } from './app';

const H5_INDEX = join(resolve(__dirname, '../..'), 'dist/h5/index.html');

/** The local system for browser tests: it serves dist/h5, which `npm test` builds before jest. */
export async function startH5App(): Promise<TestApp> {
  if (!existsSync(H5_INDEX)) {
    throw new Error(`${H5_INDEX} is missing: run \`npm run build:h5\` (dev login on) first`);
  }
  return startApp();
}

/** Open the app already signed in: the session token where the H5 client keeps it (Taro storage). */
export async function signedIn(page: Page, token: string | null): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('session.token', JSON.stringify({ data: t })), token);
}
