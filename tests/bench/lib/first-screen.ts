/**
 * The signed-in home page in headless chromium: how long until the worker sees it, cold cache
 * and a warm reload (hashed assets are cached for a year). `throttled` applies Chrome's
 * "Slow 4G"-like profile (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) and a 4× slower CPU, as
 * Lighthouse throttles a mid-range phone; otherwise it is plain loopback.
 * Needs `npm run build:h5` and /usr/bin/chromium.
 */
import { DEMO } from '../../../cloudfunctions/_dev/seed';
import { launchBrowser, newMobilePage, waitForTaroPage } from '../../helpers/browser';
import { signedIn, startH5App } from '../../helpers/h5-app';
import { RuntimeClient } from '../../helpers/runtime';

export interface FirstScreen {
  coldMs: number;
  warmMs: number;
  coldBytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function firstScreen(runs: number, throttled: boolean): Promise<FirstScreen> {
  const app = await startH5App();
  const browser = await launchBrowser();
  const http = new RuntimeClient(app.url);
  const token = ((await http.post('/auth/dev', { openid: DEMO.worker })).body as { data: { token: string } })
    .data.token;
  const results: FirstScreen[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const mobile = await newMobilePage(browser, { baseURL: app.url });
      const { page } = mobile;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      if (throttled) {
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1.6 * 1024 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      }
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
        bytes += e.encodedDataLength;
      });
      await signedIn(page, token);
      const visit = async (go: () => Promise<unknown>) => {
        const start = Date.now();
        await go();
        await waitForTaroPage(page, { text: '互助服务', timeout: 30_000 });
        return Date.now() - start;
      };
      const coldMs = await visit(() => page.goto('/#/pages/index/index'));
      const coldBytes = bytes;
      const warmMs = await visit(() => page.reload());
      results.push({ coldMs, warmMs, coldBytes });
      await mobile.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return {
    coldMs: median(results.map((r) => r.coldMs)),
    warmMs: median(results.map((r) => r.warmMs)),
    coldBytes: median(results.map((r) => r.coldBytes)),
  };
}
