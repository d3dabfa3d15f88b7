/**
 * 补助申请 in the H5 build, as a worker would walk it at 375 px: an insured worker (active Wujin
 * 2024 enrolment) files a TWO-STAY hospital claim — one stay settled through Changzhou medical
 * insurance, one not (34%) — types the facts, sees the server's field errors in Chinese, photographs
 * the materials the checklist asks for per stay (real PNGs, re-encoded to JPEG on the "phone"),
 * removes one, leaves and reopens the draft, reads the estimate and its explanation (checked
 * against shared/benefits' calculate with the program from shared/program), confirms the dialog,
 * submits, and follows the timeline on the detail page and 我的申请; then, when the reviewer asks
 * for material, adds it and resubmits. Screenshots: test-artifacts/screenshots/claim-*.png.
 *
 * Why not enrol through the sandbox pay page here: the demo program open for enrolment today
 * covers the NEXT year, and a stay cannot be in the future. The insured worker is therefore made
 * with tests/helpers/claims.ts (real sign-in, registration and unit join through the functions;
 * the Wujin 2024 enrolment written as payNotify writes it after a verified payment).
 */
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { calculate } from '../../shared/benefits';
import { getProgram } from '../../shared/program';
import { formatYuan } from '../../shared/money';
import type { TestApp } from '../helpers/app';
import { claimant } from '../helpers/claims';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchMobile, newMobilePage, screenshot, waitForTaroPage } from '../helpers/browser';

jest.setTimeout(180_000);

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

const shot = (page: Page, step: string) => screenshot(page, `claim-${step}`);

/** A second phone (its own context), signed in with another session. */
async function newPage(token: string | null): Promise<Page> {
  const { page } = await newMobilePage(mobile!.browser, { baseURL: app.url });
  await signedIn(page, token);
  return page;
}

// --- A real (decodable) PNG, its own content each time (so no two photos share a hash). ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  // A gradient with a random tint and random blocks: like a photo, cheap to decode and encode.
  const tint = Math.floor(Math.random() * 256);
  const blocks = Array.from({ length: 64 }, () => Math.floor(Math.random() * 256));
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      rows[i] = Math.floor((x * 255) / width);
      rows[i + 1] = Math.floor((y * 255) / height);
      rows[i + 2] = (tint + blocks[((y >> 7) * 8 + (x >> 7)) % 64]) & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Taps 拍照 / 从相册选择 on a checklist item and gives the file chooser a photo. */
async function uploadTo(page: Page, itemText: string, name: string) {
  const item = page.locator('.claim-material', { hasText: itemText }).first();
  const before = await item.locator('.claim-file').count();
  const chooser = page.waitForEvent('filechooser');
  await item.locator('.claim-material__add').click();
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: png(2400, 1800) });
  await item
    .locator('.claim-file')
    .nth(before)
    .waitFor({ timeout: 60_000 })
    .catch(async (e) => {
      throw new Error(`${(e as Error).message}\nthe item said: ${await item.innerText()}`);
    });
}

async function modalConfirm(page: Page, text: string) {
  await page.locator('.taro-modal__text').getByText(text).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
}

const STAY1 = {
  admittedOn: '2024-03-01',
  dischargedOn: '2024-03-10',
  hospital: '武进人民医院',
  selfPaid: '8000',
};
const STAY2 = {
  admittedOn: '2024-07-05',
  dischargedOn: '2024-07-15',
  hospital: '上海市第六人民医院',
  selfPaid: '12000.50',
  invoiceNo: 'SH2024070512',
};

async function fillStay(page: Page, i: number, s: typeof STAY1 & { invoiceNo?: string }, settlement: string) {
  const stay = page.locator(`.claim-stay--${i}`);
  await stay.locator('.claim-stay__admitted').fill(s.admittedOn);
  await stay.locator('.claim-stay__discharged').fill(s.dischargedOn);
  await stay.locator('.claim-stay__hospital input').fill(s.hospital);
  await stay.locator(`.claim-stay__settlement .claim-choice__item--${settlement}`).click();
  await stay.locator('.claim-stay__cause .claim-choice__item--illness').click();
  if (s.invoiceNo) await stay.locator('.claim-stay__invoice input').fill(s.invoiceNo);
}

test('an insured worker files a two-stay hospital claim with photos, sees the estimate, submits and follows it', async () => {
  const worker = await claimant(app, '孙丽华');
  // The amount the calculator gives for these two stays (the server must show the same).
  const program = getProgram('wujin-2024');
  const expected = calculate(program, 'hospitalisation', {
    kind: 'tiered_annual',
    period: { start: '2024-01-01', end: '2024-12-31' },
    stays: [
      {
        id: 's1',
        ...STAY1,
        selfPaid: undefined,
        settlement: 'insurance',
        cause: 'illness',
        selfPaidFen: 800_000,
      },
      {
        id: 's2',
        ...STAY2,
        selfPaid: undefined,
        settlement: 'none',
        cause: 'illness',
        selfPaidFen: 1_200_050,
      },
    ].map(({ id, admittedOn, dischargedOn, settlement, cause, selfPaidFen }) => ({
      id,
      admittedOn,
      dischargedOn,
      settlement: settlement as 'insurance' | 'none',
      cause: cause as 'illness',
      selfPaidFen,
      exclusionCodes: [],
    })),
  });
  // 8000 × 100% + 12000.50 × 34% = 12,080.17 → the 10,000 yuan tier: 1,500 yuan.
  expect(expected.amountFen).toBe(150_000);

  mobile = await launchMobile({ baseURL: app.url });
  const { page, errors } = mobile;
  await signedIn(page, worker.client.http.token);

  // 1. Home → 补助申请: the one active cover is chosen; pick the hospitalisation benefit.
  await page.goto('/#/pages/index/index');
  await waitForTaroPage(page, { text: '互助服务' });
  await page.locator('.home-entry--claims').click();
  await waitForTaroPage(page, { text: '选择补助项目' });
  await expect(page.locator('.claim-new__cover .claim-choice__item--on').innerText()).resolves.toContain(
    '2024 年度',
  );
  await shot(page, '01-new');
  await page.locator('.claim-benefit--hospitalisation .claim-benefit__start').click();

  // 2. The facts: stay 1 settled through insurance; stay 2 not, with its invoice number.
  await waitForTaroPage(page, { text: '第 1 次住院' });
  await fillStay(page, 0, STAY1, 'insurance');
  await page.locator('.claim-stay--0 .claim-stay__selfpaid input').fill(STAY1.selfPaid);
  await page.locator('.claim-add-stay').click();
  await fillStay(page, 1, STAY2, 'none');
  // Stay 2's amount left out: the server names the field, in Chinese, next to it.
  await page.locator('.claim-next').click();
  await page.locator('.claim-stay--1 .claim-field__error').getByText('个人自理金额').waitFor();
  await shot(page, '02-facts-error');
  // An amount with three decimals is caught before it is sent.
  await page.locator('.claim-stay--1 .claim-stay__selfpaid input').fill('12000.505');
  await page.locator('.claim-next').click();
  await page.locator('.claim-stay--1 .claim-field__error').getByText('请输入金额（元）').waitFor();
  await page.locator('.claim-stay--1 .claim-stay__selfpaid input').fill(STAY2.selfPaid);
  await shot(page, '03-facts');
  await page.locator('.claim-next').click();

  // 3. Materials: only stay 2 (not settled) needs the admission record and the invoice.
  await waitForTaroPage(page, { text: '还需上传' });
  const checklist = await page.locator('.claim-material__label').allInnerTexts();
  expect(checklist).toEqual([
    expect.stringMatching(/^出入院记录（第2次住院/),
    expect.stringMatching(/^本次住院的结算票据（第2次住院/),
    '其他补充材料',
  ]);
  await uploadTo(page, '出入院记录', 'record.png');
  await uploadTo(page, '结算票据', 'invoice.png');
  await uploadTo(page, '其他补充材料', 'extra.png');
  await expect(page.locator('.claim-missing').count()).resolves.toBe(0);
  await shot(page, '04-materials');

  // Compressed on the phone: the 2400 × 1800 PNGs arrived as JPEGs.
  const { claimId, files } = await (async () => {
    const { items } = await worker.client.call('claim.mine', {});
    const view = await worker.client.call('claim.get', { claimId: items[0].id });
    return { claimId: view.id, files: view.checklist.flatMap((c) => c.files) };
  })();
  expect(files.map((f) => f.mime)).toEqual(['image/jpeg', 'image/jpeg', 'image/jpeg']);
  expect(Math.max(...files.map((f) => f.bytes))).toBeLessThan(1_500_000);

  // Full-size preview of a photo (a short-lived URL from claim.fileUrl).
  await page.locator('.claim-material', { hasText: '结算票据' }).locator('.claim-file__view').click();
  const preview = page.locator('.preview-image, .taro-preview-image, [class*=preview]').first();
  await preview.waitFor({ timeout: 10_000 });
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('img')).some(
      (i) => i.src.includes('/files/') && i.complete && i.naturalWidth > 0,
    ),
  );
  await shot(page, '05-preview');
  await preview.click();
  await preview.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);

  // Remove the extra photo again (with a confirmation).
  await page.locator('.claim-material', { hasText: '其他补充材料' }).locator('.claim-file__remove').click();
  await modalConfirm(page, '删除后可重新上传');
  await page.locator('.taro-model__confirm').click();
  await page
    .locator('.claim-material', { hasText: '其他补充材料' })
    .locator('.claim-file')
    .waitFor({ state: 'detached' });

  // 4. Leave and reopen: the draft resumes from the server, both stays filled in.
  await page.goto('/#/pages/index/index');
  await waitForTaroPage(page, { text: '互助服务' });
  await page.goto(`/#/packageClaim/pages/form/index?id=${claimId}`);
  await waitForTaroPage(page, { text: '第 2 次住院' });
  await expect(page.locator('.claim-stay--1 .claim-stay__selfpaid input').inputValue()).resolves.toBe(
    '12000.5',
  );
  await expect(page.locator('.claim-stay--1 .claim-stay__invoice input').inputValue()).resolves.toBe(
    STAY2.invoiceNo,
  );
  await page.locator('.claim-next').click();
  await waitForTaroPage(page, { text: '下一步：查看补助预估' });
  await page.locator('.claim-next').click();

  // 5. The estimate with the calculator's explanation: tiers, 34% for the stay not settled.
  await waitForTaroPage(page, { text: '计算说明' });
  await expect(page.locator('.claim-estimate__amount').innerText()).resolves.toBe(
    formatYuan(expected.amountFen),
  );
  const lines = await page.locator('.claim-line__text').allInnerTexts();
  const normal = (s: string) => s.replace(/[\u00a0\u2060]/g, ' ').replace(/\s+/g, '');
  expect(lines.map(normal)).toEqual(expected.lines.map((l) => normal(l.text)));
  expect(normal(lines.join(''))).toContain('¥12,000.50的34%计入¥4,080.17');
  await shot(page, '06-estimate');

  // 6. Confirm: the dialog says the amount and what happens next; then submitted.
  await page.locator('.claim-submit').click();
  await modalConfirm(page, `预估补助 ${formatYuan(expected.amountFen)}`);
  await expect(page.locator('.taro-modal__text').innerText()).resolves.toContain('十个工作日内');
  await shot(page, '07-confirm');
  await page.locator('.taro-model__confirm').click();

  // 7. The detail page: 已提交, the estimate, and the timeline (who did what, when).
  await waitForTaroPage(page, { text: '办理进度' });
  expect(page.url()).toContain(`#/packageClaim/pages/detail/index?id=${claimId}`);
  await expect(page.locator('.claim-status').first().innerText()).resolves.toBe('已提交');
  await expect(page.locator('.claim-detail__estimate').innerText()).resolves.toBe('¥1,500.00');
  const timeline = await page.locator('.claim-timeline__text').allInnerTexts();
  expect(timeline[0]).toMatch(/^提交申请，预估补助/);
  expect(normal(timeline[0]).replace(/[,.]00|,/g, '')).toMatch(/1500/);
  expect(timeline[timeline.length - 1]).toMatch(/创建住院医疗费用补助金申请草稿/);
  await expect(page.locator('.claim-timeline__who').first().innerText()).resolves.toBe('本人');
  await shot(page, '08-detail');

  // 8. 我的申请 lists it with its status.
  await page.goto('/#/packageClaim/pages/mine/index');
  await waitForTaroPage(page, { text: '住院医疗费用补助金' });
  await expect(page.locator('.claim-item .claim-status').first().innerText()).resolves.toBe('已提交');
  await expect(page.locator('.claim-item__amount').first().innerText()).resolves.toBe('预估 ¥1,500.00');
  await shot(page, '09-mine');

  // 9. The reviewer asks for a clearer invoice (the review function is the next issue: its
  // material request is written as ClaimDoc.materialRequest). The worker adds it and resubmits.
  app.runtime.db.collection('claims').update(
    { _id: claimId },
    {
      $set: {
        status: 'needs_material',
        materialRequest: {
          note: '结算票据照片不清晰，请重新拍摄',
          items: [
            { materialId: 'settlement_invoice', stayIndex: 1, label: '本次住院的结算票据（第2次住院）' },
          ],
          requestedAt: new Date(),
          requestedBy: { userId: 'officer-x', role: 'officer', name: '张*' },
          from: 'centre_review',
        },
      },
    },
  );
  await page.goto(`/#/packageClaim/pages/detail/index?id=${claimId}`);
  await waitForTaroPage(page, { text: '需补充材料' });
  await page.getByText('结算票据照片不清晰，请重新拍摄').waitFor();
  await expect(page.locator('.claim-resubmit').getAttribute('class')).resolves.toContain('disabled');
  await shot(page, '10-needs-material');
  await uploadTo(page, '结算票据', 'invoice-again.png');
  await page.locator('.claim-resubmit:not(.nut-button-disabled)').click();
  await page.getByText('补充材料 1 项后重新提交').waitFor();
  await expect(page.locator('.claim-status').first().innerText()).resolves.toBe('已提交');
  await shot(page, '11-resubmitted');

  expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
});

test('代办授权: the worker gives a one-time code, the family member accepts it and files; the worker revokes', async () => {
  const worker = await claimant(app, '周秀兰');
  const family = await claimant(app, '周建军');
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, worker.client.http.token);
  await page.goto('/#/packageClaim/pages/authorise/index');
  await waitForTaroPage(page, { text: '生成授权码' });
  await page.locator('.claim-auth__family').first().click();
  await page.locator('.claim-code__value').waitFor();
  const code = (await page.locator('.claim-code__value').innerText()).replace(/\s+/g, '');
  expect(code).toMatch(/^[0-9A-Z]{10}$/);
  await expect(page.locator('.claim-code__expiry').innerText()).resolves.toMatch(
    /^有效期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
  );
  await shot(page, '12-code');

  // The family member, on their own phone, enters the code and files for the worker.
  const other = await newPage(family.client.http.token);
  await other.goto('/#/packageClaim/pages/authorise/index');
  await waitForTaroPage(other, { text: '输入授权码' });
  await other.locator('.claim-auth__code input').fill(code.toLowerCase());
  await other.locator('.claim-auth__accept-go').click();
  await waitForTaroPage(other, { text: '选择补助项目' });
  await expect(other.locator('.claim-new__cover .claim-choice__item--on').innerText()).resolves.toContain(
    '代 周*兰',
  );
  await other.locator('.claim-benefit--hospitalisation .claim-benefit__start').click();
  await waitForTaroPage(other, { text: '第 1 次住院' });
  await expect(other.locator('.claim-head__meta').innerText()).resolves.toContain('代 周*兰 申请');
  await screenshot(other, 'claim-13-family-files');

  // The worker sees it accepted, and revokes it.
  await page.goto('/#/packageClaim/pages/mine/index');
  await waitForTaroPage(page, { text: '住院医疗费用补助金' });
  await expect(page.locator('.claim-item').first().innerText()).resolves.toContain('由 周*军 代办');
  await page.goto('/#/packageClaim/pages/authorise/index');
  await waitForTaroPage(page, { text: '我的授权' });
  const grant = page.locator('.claim-grant--active');
  await expect(grant.innerText()).resolves.toContain('周*军');
  await shot(page, '14-granted');
  await grant.locator('.claim-grant__revoke').click();
  await modalConfirm(page, '将不能再代您申请');
  await page.locator('.taro-model__confirm').click();
  await page.locator('.claim-grant--revoked').waitFor();
  // The dialog and the toast fade out before the picture is taken.
  await page.waitForFunction(() => {
    const m = document.querySelector<HTMLElement>('.taro__modal');
    const t = document.querySelector<HTMLElement>('.taro__toast');
    return (!m || getComputedStyle(m).display === 'none') && (!t || getComputedStyle(t).display === 'none');
  });
  await shot(page, '15-revoked');
});
