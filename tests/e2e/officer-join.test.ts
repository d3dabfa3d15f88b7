/**
 * The unit officer's side of joining by search, in the H5 build: a worker asks to join the demo
 * unit through the API, the officer reviews the masked request in the browser (驳回 needs a
 * reason), approves it, and the worker is in; a second request is turned down with a reason.
 * Then the unit's join QR code page shows an image that actually loads. Needs `dist/h5` built
 * with TARO_APP_DEV_LOGIN=true (`npm run build:h5`). Screenshots: test-artifacts/screenshots/officer-*.png.
 */
import type { Page } from 'playwright-core';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { smsSignIn, type ApiClient, type TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
import { MOBILE_VIEWPORT, launchMobile, screenshot, waitForTaroPage } from '../helpers/browser';

jest.setTimeout(120_000);

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

const shot = (page: Page, step: string) => screenshot(page, `officer-${step}`);

/** A registered worker who asked to join the demo unit via search (so it waits for the officer). */
async function applicant(phone: string, name: string, birth: string, seq: number) {
  const idNumber = demoIdNumber(birth, seq, 'male');
  const { client, phoneCode } = await smsSignIn(app, phone);
  await client.call('user.register', { name, idNumber, phoneCode });
  expect(await client.call('org.joinUnit', { via: 'search', unitId: DEMO.unit })).toMatchObject({
    status: 'pending',
  });
  return { client, idNumber };
}

/** The demo unit officer's browser, signed in with a dev-login token. */
async function officerPage(): Promise<{ page: Page; officer: ApiClient }> {
  const officer = await app.as(DEMO.unitOfficer);
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, officer.http.token);
  await page.goto('/#/packageOfficer/pages/home/index');
  await waitForTaroPage(page, { text: '工作事项' });
  return { page, officer };
}

/** Waits for a Taro toast saying `text`, then for it to fade, so screenshots come out clean. */
async function toastSeen(page: Page, text: string) {
  await page.locator('.taro__toast').getByText(text).waitFor();
  await page.waitForFunction(() => {
    const t = document.querySelector<HTMLElement>('.taro__toast');
    return !t || getComputedStyle(t).display === 'none' || getComputedStyle(t).opacity === '0';
  });
}

const pendingIds = async (officer: ApiClient) =>
  (
    await officer.call('org.listJoinRequests', {
      unitId: DEMO.unit,
      status: 'pending',
      page: 1,
      pageSize: 50,
    })
  ).items.map((r) => r.id);

test('the unit officer reviews a request (full name, ID last 4), cannot reject without a reason, approves it', async () => {
  // Born 1962: past the statutory retirement age, so the officer is asked to check.
  const worker = await applicant('13977780011', '孙建华', '1962-04-09', 81);
  const rejected = await applicant('13977780012', '钱志强', '1990-10-10', 82);
  const { page, officer } = await officerPage();
  await shot(page, '01-home');

  await page.locator('.officer-task--join-requests').click();
  await waitForTaroPage(page, { text: '待审核' });
  expect(page.url()).toContain('#/packageOfficer/pages/join-requests/index');
  const item = page
    .locator('.join-item')
    .filter({ has: page.locator('.join-item__name', { hasText: '孙建华' }) });
  await item.waitFor();
  await expect(item.locator('.join-item__id').textContent()).resolves.toBe(
    `${worker.idNumber.slice(0, 2)}${'*'.repeat(14)}${worker.idNumber.slice(-2)}`,
  );
  await expect(item.locator('.join-item__phone').textContent()).resolves.toBe('139****0011');
  await expect(item.locator('.join-item__via').textContent()).resolves.toBe('搜索申请');
  await expect(item.locator('.join-item__retired').textContent()).resolves.toBe(
    '年龄已达法定退休年龄，请核实是否已退休',
  );
  const other = page
    .locator('.join-item')
    .filter({ has: page.locator('.join-item__name', { hasText: '钱志强' }) });
  await expect(other.locator('.join-item__retired').count()).resolves.toBe(0);
  const text = await page.locator('.join-list').innerText();
  expect(text).not.toContain(worker.idNumber);
  // The officer of the worker's own unit sees the full name and the ID's last four digits.
  await expect(item.locator('.join-item__last4').textContent()).resolves.toBe(worker.idNumber.slice(-4));
  await shot(page, '02-requests');

  // 驳回 with no reason is refused in the dialog; nothing reaches the backend.
  await item.locator('.join-item__reject').click();
  await page.locator('.reject-dialog').getByText('驳回“孙建华”的申请').waitFor();
  await page.locator('.reject-dialog .nut-dialog-footer-ok').click();
  await page.locator('.reject-dialog__error').getByText('请填写驳回原因').waitFor();
  // The dimmed overlay covers the screen, not just some box of the page.
  await expect(page.locator('.nut-dialog-overlay').boundingBox()).resolves.toMatchObject({
    y: 0,
    height: MOBILE_VIEWPORT.height,
  });
  await shot(page, '03-reject-needs-reason');
  await page.locator('.reject-dialog .nut-dialog-footer-cancel').click();
  await page.locator('.reject-dialog').waitFor({ state: 'detached' });
  expect(await worker.client.call('user.me', {})).toMatchObject({ unitStatus: 'pending' });

  // 通过 asks first, then the request leaves the pending list and the worker is in.
  await item.locator('.join-item__approve').click();
  await page.locator('.taro-modal__text').getByText('同意“孙建华”').waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await shot(page, '04-approve-confirm');
  await page.locator('.taro-model__confirm').click();
  await toastSeen(page, '已通过');
  await item.waitFor({ state: 'detached' });
  expect(await worker.client.call('user.me', {})).toMatchObject({
    unitId: DEMO.unit,
    unitStatus: 'approved',
    unitName: '高新区工会',
  });

  // The other one is turned down with a reason: the worker is free to join elsewhere.
  await other.locator('.join-item__reject').click();
  await page.locator('.reject-dialog__reason textarea').fill('非本单位职工');
  await page.locator('.reject-dialog .nut-dialog-footer-ok').click();
  await toastSeen(page, '已驳回');
  await page.getByText('暂无待审核的申请').waitFor();
  expect(await pendingIds(officer)).toEqual([]);
  const rejectedMe = await rejected.client.call('user.me', {});
  expect(rejectedMe.unitStatus).toBe('none');
  expect(rejectedMe.unitId).toBeUndefined();
  expect(await rejected.client.try('enrollment.offers', {})).toMatchObject({
    ok: false,
    error: { code: 'ENROLL.NO_UNIT' },
  });
  await shot(page, '05-none-pending');

  await page.locator('.nut-tabs-titles-item', { hasText: '已通过' }).click();
  await page.locator('.join-item__name', { hasText: '孙建华' }).waitFor();
  await waitForTaroPage(page);
  await expect(page.locator('.join-item__approve').count()).resolves.toBe(0);
  await shot(page, '06-approved');
  await page.locator('.nut-tabs-titles-item', { hasText: '已驳回' }).click();
  await page.locator('.join-item__name', { hasText: '钱志强' }).waitFor();
  await waitForTaroPage(page);
  await expect(page.locator('.join-item__name', { hasText: '孙建华' }).count()).resolves.toBe(0);
  await shot(page, '07-rejected');

  expect(mobile!.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
});

test('the unit officer shows the unit QR code, and gets a fresh one', async () => {
  const { page } = await officerPage();
  await page.locator('.officer-task--unit-qr').click();
  await waitForTaroPage(page, { text: '重新获取' });
  expect(page.url()).toContain('#/packageOfficer/pages/unit-qr/index');
  await expect(page.locator('.unit-qr__name').textContent()).resolves.toBe('高新区工会');
  await expect(page.locator('.unit-qr__code').textContent()).resolves.toBe('WJ01');
  const image = page.locator('.unit-qr__image img');
  const loaded = () =>
    page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.unit-qr__image img');
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
  await loaded();
  await shot(page, '08-qr');

  const first = await image.getAttribute('src');
  await page.locator('.unit-qr__refresh').click();
  await page.waitForFunction((src) => {
    const img = document.querySelector<HTMLImageElement>('.unit-qr__image img');
    return img !== null && img.getAttribute('src') !== src;
  }, first);
  await loaded();

  // 更换二维码 asks first (the printed code stops working), then the old token joins no one.
  const oldToken = app.joinToken();
  await page.locator('.unit-qr__rotate').click();
  await page.locator('.taro-modal__text').getByText('旧二维码将立即失效').waitFor();
  await page.locator('.taro-model__confirm').click();
  await page.waitForFunction(() => !document.querySelector('.unit-qr__rotate .nut-button-loading'));
  for (let i = 0; i < 50 && app.joinToken() === oldToken; i++) await page.waitForTimeout(100);
  expect(app.joinToken()).not.toBe(oldToken);
  await expect(page.locator('.unit-qr__code').textContent()).resolves.toBe('WJ01');
  await expect(page.locator('.unit-qr').innerText()).resolves.not.toContain(app.joinToken());
  await expect(page.locator('.unit-qr__save').count()).resolves.toBe(1);
  await shot(page, '08b-qr-rotated');
  expect(mobile!.errors).toEqual([]);
});

test('an approved member is removed with a reason and shows under 已移出', async () => {
  const worker = await applicant('13977780031', '郑丽娟', '1985-05-05', 85);
  const { page, officer } = await officerPage();
  const [id] = (
    await officer.call('org.listJoinRequests', {
      unitId: DEMO.unit,
      status: 'pending',
      page: 1,
      pageSize: 50,
    })
  ).items
    .filter((r) => r.displayName === '郑丽娟')
    .map((r) => r.id);
  await officer.call('org.decideJoinRequest', { requestId: id, approve: true });
  await page.locator('.officer-task--join-requests').click();
  await waitForTaroPage(page, { text: '待审核' });
  await page.locator('.nut-tabs-titles-item', { hasText: '已通过' }).click();
  const item = page
    .locator('.join-item')
    .filter({ has: page.locator('.join-item__name', { hasText: '郑丽娟' }) });
  await item.waitFor();
  await waitForTaroPage(page);
  await item.locator('.join-item__remove').click();
  await page.locator('.remove-dialog').getByText('将“郑丽娟”移出本单位').waitFor();
  await page.locator('.remove-dialog .nut-dialog-footer-ok').click();
  await page.locator('.remove-dialog__error').getByText('请填写移出原因').waitFor();
  await page.locator('.remove-dialog__reason textarea').fill('已离职');
  await shot(page, '09-remove');
  await page.locator('.remove-dialog .nut-dialog-footer-ok').click();
  await toastSeen(page, '已移出');
  await page.locator('.nut-tabs-titles-item', { hasText: '已移出' }).click();
  const removed = page
    .locator('.join-item')
    .filter({ has: page.locator('.join-item__name', { hasText: '郑丽娟' }) });
  await removed.waitFor();
  await expect(removed.locator('.join-item__reason').textContent()).resolves.toBe('已离职');
  await shot(page, '10-removed');
  expect(await worker.client.call('user.me', {})).toMatchObject({ unitStatus: 'none' });
  expect(mobile!.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
});

test('more than a page of requests: 加载更多 brings the rest', async () => {
  const surnames = '周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹';
  for (let i = 0; i < 21; i++) {
    const phone = `1397779${String(i).padStart(4, '0')}`;
    await applicant(phone, `${surnames[i]}晓明`, '1992-01-15', 100 + i);
  }
  const { page, officer } = await officerPage();
  const total = (await pendingIds(officer)).length;
  expect(total).toBeGreaterThan(20);

  await page.locator('.officer-task--join-requests').click();
  await waitForTaroPage(page, { text: `共 ${total} 条` });
  await expect(page.locator('.join-item').count()).resolves.toBe(20);
  await page.locator('.join-list__more').click();
  await page
    .locator('.join-item')
    .nth(total - 1)
    .waitFor();
  await expect(page.locator('.join-item').count()).resolves.toBe(total);
  await expect(page.locator('.join-list__more').count()).resolves.toBe(0);
  await shot(page, '09-more');
  expect(mobile!.errors).toEqual([]);
});

test('the worker whose request was turned down sees why, on home and on the units page', async () => {
  const worker = await applicant('13977780041', '冯雪梅', '1988-08-08', 86);
  const officer = await app.as(DEMO.unitOfficer);
  const { items } = await officer.call('org.listJoinRequests', {
    unitId: DEMO.unit,
    status: 'pending',
    page: 1,
    pageSize: 50,
  });
  const id = items.find((r) => r.displayName === '冯雪梅')!.id;
  await officer.call('org.decideJoinRequest', {
    requestId: id,
    approve: false,
    reason: '查无此人，请核对单位',
  });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, worker.client.http.token);
  await page.goto('/#/pages/index/index');
  await waitForTaroPage(page, { text: '互助服务' });
  await expect(page.locator('.home-rejection__title').innerText()).resolves.toBe(
    '加入“高新区工会”的申请未通过',
  );
  await expect(page.locator('.home-rejection__reason').innerText()).resolves.toBe(
    '原因：查无此人，请核对单位',
  );
  await shot(page, '11-worker-rejected-home');
  await page.locator('.home-rejection__action').click();
  await waitForTaroPage(page, { text: '搜索您所在的单位' });
  await expect(page.locator('.units-rejected__reason').innerText()).resolves.toBe(
    '原因：查无此人，请核对单位',
  );
  await shot(page, '12-worker-rejected-units');
});
