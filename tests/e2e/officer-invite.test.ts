/**
 * Scan an invite and join as an officer, in the H5 build: the centre admin creates a
 * district-reviewer invite for 武进区总工会 in the browser (role, org picked down the tree,
 * expiry, use limit, confirmation) and sees its QR; a new registered user opens the accept page
 * from the QR's path, sees what it grants, accepts and lands on the workbench with the new role.
 * The used-up and revoked invites are refused plainly. Screenshots: officer-invite-*.png (375 px).
 */
import type { Page } from 'playwright-core';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { smsSignIn, type TestApp } from '../helpers/app';
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

const shot = (page: Page, step: string) => screenshot(page, `officer-invite-${step}`);

/** Taro's showModal: wait for it to be fully shown, then confirm. */
async function confirmModal(page: Page, text: string) {
  await page.locator('.taro-modal__text').getByText(text).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
}

async function registeredUser(phone: string, name: string, seq: number) {
  const { client, phoneCode } = await smsSignIn(app, phone);
  await client.call('user.register', { name, idNumber: demoIdNumber('1986-06-06', seq, 'male'), phoneCode });
  return client;
}

test('the admin invites a district reviewer; a new user accepts and sees the workbench', async () => {
  const admin = await app.as(DEMO.admin);
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, admin.http.token);
  await page.goto('/#/packageOfficer/pages/home/index');
  await waitForTaroPage(page, { text: '工作事项' });
  await shot(page, '01-admin-home');
  await page.locator('.officer-task--invites').click();
  await waitForTaroPage(page, { text: '新建邀请' });

  // Role, then the org: 江苏省总工会 › 常州市总工会 › 武进区总工会.
  await page.locator('.invites-role .o-chip', { hasText: '区县审核员' }).click();
  await page.locator('.invites-org .org-picker__current').click();
  const line = (name: string) => page.locator('.org-line', { hasText: name });
  await line('江苏省总工会').locator('.org-line__open').click();
  await line('常州市总工会').locator('.org-line__open').click();
  await line('武进区总工会').locator('.org-line__pick').click();
  await expect(page.locator('.invites-org .org-picker__current').innerText()).resolves.toContain(
    '武进区总工会',
  );
  await page.locator('.invites-days .o-chip', { hasText: '3 天' }).click();
  await page.locator('.invites-uses input').fill('1');
  await shot(page, '02-form');
  await page.locator('.invites-create').click();
  await confirmModal(page, '3 天内有效，可使用 1 次');
  await page.locator('.invites-created .invite-qr__img img').waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.invites-created .invite-qr__img img');
    return Boolean(img?.complete && img.naturalWidth > 0);
  });
  await page.locator('.invite-item', { hasText: '0 / 1' }).waitFor();
  await shot(page, '03-created');

  const { items } = await admin.call('officer.listInvites', { orgId: DEMO.district, page: 1, pageSize: 5 });
  expect(items[0]).toMatchObject({ role: 'district_reviewer', maxUses: 1, uses: 0, status: 'active' });
  const token = items[0]!.id;
  const qr = await admin.call('officer.inviteQrCode', { inviteId: token });
  expect(qr.path).toBe(`packageOfficer/pages/accept-invite/index?scene=${token}`);
  await mobile.close();

  // The new officer scans: the accept page says what it grants, then accepts.
  const newcomer = await registeredUser('13977770101', '周文斌', 101);
  mobile = await launchMobile({ baseURL: app.url });
  const p2 = mobile.page;
  await signedIn(p2, newcomer.http.token);
  await p2.goto(`/#/${qr.path}`);
  await waitForTaroPage(p2, { text: '邀请您担任' });
  await expect(p2.locator('.accept-grant__role').textContent()).resolves.toBe('区县（局、产业）工会审核员');
  await expect(p2.locator('.accept-grant').innerText()).resolves.toContain('武进区总工会');
  await shot(p2, '04-accept');
  await p2.locator('.accept-submit').click();
  await confirmModal(p2, '武进区总工会');
  await waitForTaroPage(p2, { text: '工作事项' });
  expect(p2.url()).toContain('#/packageOfficer/pages/home/index');
  await expect(p2.locator('.officer-head').innerText()).resolves.toContain('武进区总工会');
  await p2.locator('.officer-task--applications').waitFor();
  await shot(p2, '05-workbench');
  expect(await newcomer.call('user.me', {})).toMatchObject({
    grants: [{ role: 'district_reviewer', orgId: DEMO.district, orgName: '武进区总工会' }],
  });

  // A second person scanning the same single-use code is told it is used up.
  const late = await registeredUser('13977770102', '吴海燕', 102);
  await mobile.close();
  mobile = await launchMobile({ baseURL: app.url });
  await signedIn(mobile.page, late.http.token);
  await mobile.page.goto(`/#/${qr.path}`);
  await waitForTaroPage(mobile.page, { text: '邀请的使用次数已满' });
  await shot(mobile.page, '06-used-up');
  expect(mobile.errors.filter((e) => !e.includes('409'))).toEqual([]);
});

test('a revoked invite is refused with its reason; revoking asks first', async () => {
  const officer = await app.as(DEMO.unitOfficer);
  const invite = await officer.call('officer.createInvite', {
    role: 'unit_officer',
    orgId: DEMO.unit,
    expiresInDays: 7,
    maxUses: 5,
  });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, officer.http.token);
  await page.goto('/#/packageOfficer/pages/invites/index');
  await waitForTaroPage(page, { text: '高新区工会的邀请' });
  const item = page.locator('.invite-item--live', { hasText: '0 / 5' });
  await item.locator('.invite-item__revoke').click();
  await confirmModal(page, '立即失效');
  await page.locator('.invite-item--dead', { hasText: '已撤销' }).first().waitFor();
  await shot(page, '07-revoked-list');

  const someone = await registeredUser('13977770103', '郑小红', 103);
  await mobile.close();
  mobile = await launchMobile({ baseURL: app.url });
  await signedIn(mobile.page, someone.http.token);
  await mobile.page.goto(`/#/packageOfficer/pages/accept-invite/index?scene=${invite.id}`);
  await waitForTaroPage(mobile.page, { text: '邀请已被撤销' });
  await shot(mobile.page, '08-revoked');
  expect(await someone.call('user.me', {})).toMatchObject({ grants: [] });
});
