/**
 * 补助审核 in the H5 build at 375 px: a worker's hospital claim with real photos is filed through
 * the real functions; the centre reviewer finds it in the queue (waiting time, filters), takes it,
 * opens a photo at full size, approves it (confirmation); centre finance makes a payout batch,
 * exports the transfer list (download), records the bank's result (confirmation) and publishes the
 * 公示; the public notice page shows masked data without sign-in. Screenshots:
 * test-artifacts/screenshots/review-*.png.
 */
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import { formatYuan } from '../../shared/money';
import type { TestApp } from '../helpers/app';
import { claimant, hospitalFacts, stay, upload } from '../helpers/claims';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchBrowser, newMobilePage, screenshot, waitForTaroPage } from '../helpers/browser';
import type { Browser } from 'playwright-core';

jest.setTimeout(240_000);

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

const shot = (page: Page, step: string) => screenshot(page, `review-${step}`);

// A small real PNG (decodable, so the full-size viewer shows an image).
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const tint = Math.floor(Math.random() * 256);
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * (w * 3 + 1) + 1 + x * 3;
      rows[i] = (x * 255) / w;
      rows[i + 1] = (y * 255) / h;
      rows[i + 2] = tint;
    }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pageAs(openid: string | null, url: string, text?: string): Promise<Page> {
  const { page } = await newMobilePage(browser, { baseURL: app.url });
  await signedIn(page, openid ? (await app.as(openid)).http.token : null);
  await page.goto(`/#${url}`);
  await waitForTaroPage(page, { text });
  return page;
}

async function confirmModal(page: Page, text: string) {
  await page.locator('.taro-modal__text').getByText(text).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
}
const pressConfirm = (page: Page) => page.locator('.taro-model__confirm').click();

/** Every visible button / chip on the page is at least 44 px tall. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLElement>(
        '.taro_page:not([style*="display: none"]) .nut-button, .r-chip, .r-check',
      ),
    )
      .filter((e) => e.offsetParent !== null)
      .filter((e) => e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44)
      .map((e) => `${e.className} ${Math.round(e.getBoundingClientRect().height)}`),
  );
}

test('review → approve → batch → paid → 公示, in the browser at 375 px', async () => {
  // A worker's hospital claim with photos, through the real claim function.
  const worker = await claimant(app, '孙丽华');
  const draft = await worker.client.call('claim.create', {
    enrollmentId: worker.enrollmentId,
    benefitId: 'hospitalisation',
    // Not settled through insurance: the checklist asks for the invoice and records (photos).
    facts: hospitalFacts(stay({ selfPaidFen: 800_000, settlement: 'none', invoiceNo: 'WJ2024030112' })),
  });
  for (const m of draft.missing) {
    const r = await upload(app, worker.client, draft.id, m.materialId, png(900, 1200), m.stayIndex);
    if (!r.ok) throw new Error(r.error.message);
  }
  expect(draft.missing.length).toBeGreaterThan(0);
  const { claim } = await worker.client.call('claim.submit', { claimId: draft.id, confirmDuplicates: true });

  // The centre reviewer's queue: the claim, its waiting time, sorted by age.
  // From the officer workbench's 工作事项 (the one entry list) into the queue.
  const rv = await pageAs(DEMO.centreReviewer, '/packageOfficer/pages/home/index', '补助审核');
  await shot(rv, '00-workbench');
  await rv.locator('.officer-task--review-queue').click();
  await waitForTaroPage(rv, { text: '孙*华' });
  const item = rv.locator('.r-queue-item', { hasText: '孙*华' }).first();
  await expect(item.innerText()).resolves.toMatch(/已等 \d+ 天/);
  await rv.locator('.r-filter-toggle').click();
  await rv.locator('.r-filter-status .r-chip--submitted').click();
  await item.waitFor();
  await shot(rv, '01-queue');
  expect(await smallTargets(rv)).toEqual([]);

  await item.click();
  await waitForTaroPage(rv, { text: '测算金额' });
  await shot(rv, '02a-claim-open');
  await rv.locator('.r-take').click();
  await rv.locator('.r-open-approve').waitFor();
  await shot(rv, '02-claim');
  expect(await smallTargets(rv)).toEqual([]);

  // A photo at full size (a short-lived URL; the view is audited).
  await rv.locator('.r-file').first().click();
  const img = rv.locator('.r-viewer img');
  await img.waitFor();
  await rv.waitForFunction(
    () => (document.querySelector<HTMLImageElement>('.r-viewer img')?.naturalWidth ?? 0) === 900,
  );
  await shot(rv, '03-photo');
  await rv.locator('.r-viewer__close').click();
  const views = app.runtime.db.collection('auditLog').find({ claimId: claim.id }) as { action: string }[];
  expect(views.map((v) => v.action).join(' ')).toMatch(/file/i);

  // 审核通过 at the calculator's amount, confirmed.
  const proposed = await rv.locator('.r-proposal__amount').innerText();
  await rv.locator('.r-open-approve').click();
  await rv.locator('.r-approve__submit').waitFor();
  await shot(rv, '04-approve-sheet');
  await rv.locator('.r-approve__submit').click();
  await confirmModal(rv, `按测算金额 ${proposed} 通过`);
  await shot(rv, '05-approve-confirm');
  await pressConfirm(rv);
  await rv.locator('.r-claim-status', { hasText: '审核通过' }).waitFor();
  const approved = app.runtime.db.collection('claims').get(claim.id) as {
    status: string;
    decision: { amountFen: number };
  };
  expect(approved.status).toBe('approved');
  expect(formatYuan(approved.decision.amountFen)).toBe(proposed);

  // Centre finance: a batch from the approved claims, the transfer list, the bank's result.
  const fin = await pageAs(DEMO.finance, '/packageReview/pages/batches/index', '从已通过的申请生成批次');
  await fin.locator('.r-batch-create__submit').click();
  await confirmModal(fin, '生成一个发放批次');
  await pressConfirm(fin);
  await waitForTaroPage(fin, { text: '发放明细' });
  await fin.locator('.r-batch-line', { hasText: '孙*华' }).waitFor();
  await shot(fin, '06-batch');
  expect(await smallTargets(fin)).toEqual([]);
  await fin.locator('.r-batch-file').click();
  await confirmModal(fin, '导出后批次明细将锁定');
  const download = fin.waitForEvent('download');
  await pressConfirm(fin);
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
  await fin.locator('.r-batch-status', { hasText: '已导出' }).waitFor();

  await fin.locator('.r-batch-settle').click();
  await fin.locator('.r-settle__submit').waitFor();
  await shot(fin, '07-settle-sheet');
  await fin.locator('.r-settle__submit').click();
  await confirmModal(fin, '登记后不可修改');
  await pressConfirm(fin);
  await fin.locator('.r-batch-status', { hasText: '已完成' }).waitFor();
  await fin.locator('.r-batch-line', { hasText: '孙*华' }).getByText('已转账').waitFor();
  expect((app.runtime.db.collection('claims').get(claim.id) as { status: string }).status).toBe('paid');
  await shot(fin, '08-settled');

  // 公示: published from the batch; read without sign-in, masked.
  await fin.locator('.r-batch-publish').click();
  await confirmModal(fin, '脱敏显示');
  await pressConfirm(fin);
  await waitForTaroPage(fin, { text: '身份证号' });
  const noticeUrl = new URL(fin.url()).hash.slice(1);
  expect(noticeUrl).toMatch(/\/packageReview\/pages\/notice\/index\?id=/);

  const pub = await pageAs(null, noticeUrl, '孙*华');
  const text = await pub.locator('.r-notice-lines').innerText();
  expect(text).toContain('孙*华');
  expect(text).toMatch(/32\*{14}\w{2}/);
  expect(await pub.locator('.taro_page').last().innerText()).not.toMatch(/孙丽华|320412\d{8}/);
  await shot(pub, '09-public-notice');
  expect(await smallTargets(pub)).toEqual([]);
  // Objecting needs sign-in: an anonymous reader is sent to the login page.
  await pub.locator('.r-notice-object').first().click();
  await waitForTaroPage(pub, { text: '登录' });

  // Later, an exclusion found: the centre reviewer starts recovery of the paid claim, then records it back.
  await rv.goto(`/#/packageReview/pages/claim/index?id=${claim.id}`);
  await rv.reload();
  await waitForTaroPage(rv, { text: '追回补助' });
  await rv.locator('.r-open-recovery').click();
  await rv.locator('.r-recovery .r-reason').first().click();
  await rv.locator('.r-recovery__note textarea').fill('经核实为体检项目，不属于保障范围');
  await shot(rv, '10-recovery');
  await rv.locator('.r-recovery__submit').click();
  await confirmModal(rv, `追回已发放的 ${proposed}`);
  await pressConfirm(rv);
  await rv.locator('.r-claim-status', { hasText: '追回中' }).waitFor();
  await rv.locator('.r-recovered').click();
  await confirmModal(rv, '已退回');
  await pressConfirm(rv);
  await rv.locator('.r-claim-status', { hasText: '已追回' }).waitFor();
  expect((app.runtime.db.collection('claims').get(claim.id) as { status: string }).status).toBe('recovered');
});
