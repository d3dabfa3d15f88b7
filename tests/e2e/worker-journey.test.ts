/**
 * A new worker's whole enrolment journey in the H5 build, as a person would walk it: scan the
 * unit's QR code (open its landing URL), sign in by SMS, register, join the unit, read the notice,
 * sign by hand, pay in the sandbox, see 已参保 and the electronic certificate, and verify it as
 * a stranger would. Needs `npm run build` first (dist/h5 with TARO_APP_DEV_LOGIN=true).
 * Screenshots of every step go to test-artifacts/screenshots/journey-*.png.
 */
import type { Page } from 'playwright-core';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { smsSignIn, type TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
import { RuntimeClient } from '../helpers/runtime';
import { launchMobile, screenshot, waitForTaroPage } from '../helpers/browser';
import { create } from 'qrcode/lib/core/qrcode';
import { render } from 'qrcode/lib/renderer/svg-tag';

jest.setTimeout(150_000);

const PHONE = '13977770001';
/** As miniprogram/src/components/QrSvg.ts renders it. */
const qrOptions = { margin: 2, color: { dark: '#000000', light: '#ffffff' } };
const ID_NUMBER = demoIdNumber('1990-02-14', 77, 'female');

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

const shot = (page: Page, step: string) => screenshot(page, `journey-${step}`);

/** The latest SMS code the runtime "sent" to a phone (it logs it instead of texting it). */
function smsCodeFor(phone: string): string {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const line = [...app.logs].reverse().find((l) => l.includes('[sms]') && l.includes(masked));
  const code = line?.match(/code (\d{6})/)?.[1];
  if (!code) throw new Error(`no SMS code for ${masked} in the runtime log`);
  return code;
}

/** A handwritten-looking stroke across the signature canvas, with the mouse. */
async function drawSignature(page: Page) {
  const box = await page.locator('.signature-pad canvas').boundingBox();
  if (!box) throw new Error('signature canvas not visible');
  const y0 = box.y + box.height * 0.45;
  await page.mouse.move(box.x + 40, y0);
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) {
    await page.mouse.move(box.x + 40 + i * 10, y0 + Math.sin(i / 2) * 30, { steps: 2 });
  }
  await page.mouse.up();
  await page.mouse.move(box.x + 120, y0 - 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 150, y0 + 50, { steps: 8 });
  await page.mouse.up();
}

test('a new worker scans the unit code, registers, joins, enrols, signs, pays and gets a verifiable certificate', async () => {
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;

  // 1. The unit QR code's landing page, not signed in: off to the login page, scene remembered.
  await page.goto(`/#/pages/join/index?scene=${app.joinToken()}`);
  await waitForTaroPage(page, { text: '获取验证码' });
  expect(page.url()).toContain('#/pages/login/index');
  // The login page says that joining a unit continues after sign-in.
  await page.locator('.login-joining').waitFor();
  await page.locator('.login-agree__box').click();
  await page.locator('.login-phone input').fill(PHONE);
  await page.locator('.login-send').click();
  await page.getByText('秒后重发').waitFor();
  await page.locator('.login-code input').fill(smsCodeFor(PHONE));
  await shot(page, '01-login');
  await page.locator('.login-submit').click();

  // 2. Back on the landing page after sign-in: the unit, and registration comes first.
  await waitForTaroPage(page, { text: '去实名登记' });
  expect(page.url()).toContain(`#/pages/join/index?scene=${app.joinToken()}`);
  await expect(page.locator('.join-unit__name').textContent()).resolves.toBe('高新区工会');
  await shot(page, '02-join-unregistered');

  // 3. Register: a wrong check digit is caught on the client, then the real one goes through.
  await page.locator('.join-register').click();
  await waitForTaroPage(page, { text: '提交登记' });
  const wrongDigit = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '0' ? '1' : '0');
  await page.locator('.register-name input').fill('李秀英');
  await page.locator('.register-id input').fill(wrongDigit);
  await page.locator('.register-error--id').getByText('校验位').waitFor();
  await shot(page, '03-register-bad-id');
  await page.locator('.register-id input').fill(ID_NUMBER);
  await expect(page.locator('.register-error--id').count()).resolves.toBe(0);
  await page.locator('.register-card input').fill('622700000077');
  await shot(page, '04-register');
  await page.locator('.register-submit').click();

  // 4. Registered: join the unit by its code.
  await waitForTaroPage(page, { text: '加入该单位' });
  await shot(page, '05-join');
  await page.locator('.join-submit').click();

  // 5. Offers: joined (said so), the demo program, my share from the split.
  await waitForTaroPage(page, { text: '查看详情并参保' });
  await expect(page.locator('.enrol-joined').innerText()).resolves.toBe('已加入 高新区工会');
  expect(page.url()).toContain('#/pages/enrol/index');
  const offer = page.locator('.offer').first();
  await expect(offer.locator('.fee-split__worker').textContent()).resolves.toBe('¥20.00');
  await expect(offer.locator('.fee-split__total').textContent()).resolves.toContain('¥100.00');
  await shot(page, '06-offers');
  await offer.locator('.offer__detail').click();

  // 6. Detail: agreeing needs the notice read to its end.
  await waitForTaroPage(page, { text: '请滑动阅读完整须知后勾选同意' });
  const enrolButton = page.locator('.enrol-detail__enrol');
  await expect(enrolButton.getAttribute('class')).resolves.toContain('disabled');
  await shot(page, '07-detail-unread');
  await page.locator('.notice-box').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    el.dispatchEvent(new Event('scroll'));
  });
  await page.getByText('已阅读至末尾').waitFor();
  await page.locator('.notice-agree').click();
  await expect(enrolButton.getAttribute('class')).resolves.not.toContain('disabled');
  await page.locator('.notice').scrollIntoViewIfNeeded();
  await shot(page, '08-detail-agreed');
  await enrolButton.click();

  // 7. Signature: an empty pad is refused, a drawn one is sent with the consent.
  await waitForTaroPage(page, { text: '手写签名确认' });
  await page.locator('.enrol-sign__submit').click();
  await page.getByText('请先在框内签名').waitFor();
  await drawSignature(page);
  await shot(page, '09-sign');
  await page.locator('.enrol-sign__submit').click();

  // 8. Pay: the amount, and a confirmation before any money moves.
  await waitForTaroPage(page, { text: '立即缴费' });
  expect(page.url()).toContain('#/pages/enrol/pay?enrollmentId=');
  await shot(page, '10-pay');
  await page.locator('.enrol-pay__submit').click();
  await page.locator('.taro-modal__text').getByText('确认支付 ¥20.00？').waitFor();
  // The modal fades in; catch it opaque.
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await shot(page, '11-pay-confirm');
  await page.locator('.taro-model__confirm').click();

  // 9. The sandbox stands in for WeChat Pay's sheet. Closing it (取消) comes back unpaid, and
  // nothing says 已参保; 继续支付 resumes the same order, and 确认支付 pays it.
  await page.waitForURL(/\/pay\/[0-9A-Za-z_-]+\?return=/);
  await page.getByText('本地支付沙箱').waitFor();
  await shot(page, '12-sandbox');
  const firstOrder = new URL(page.url()).pathname;
  await page.getByRole('button', { name: '取消' }).click();
  await waitForTaroPage(page, { text: '尚未完成支付' });
  await expect(page.getByText('已参保').count()).resolves.toBe(0);
  // A deliberate cancel: no 如已扣款…, but how to go on.
  await expect(page.locator('.pay-result__sub').innerText()).resolves.toMatch(
    /^您已取消支付，(订单保留至 \d{2}:\d{2} 前可继续支付|可随时重新支付)$/,
  );
  await shot(page, '12b-result-unpaid');
  await page.locator('.pay-result__retry').click();
  await waitForTaroPage(page, { text: '立即缴费' });
  await page.locator('.enrol-pay__submit').click();
  await page.locator('.taro-model__confirm').click();
  await page.waitForURL(/\/pay\/[0-9A-Za-z_-]+\?return=/);
  expect(new URL(page.url()).pathname).toBe(firstOrder);
  await page.getByRole('button', { name: '确认支付' }).click();
  await waitForTaroPage(page, { text: '已参保', timeout: 15_000 });
  expect(page.url()).toContain('#/pages/enrol/result?enrollmentId=');
  const certificateNo = (await page.locator('.pay-result__cert').textContent())?.trim() ?? '';
  expect(certificateNo).toMatch(/^HZ\d{4}-[0-9A-F]{10}$/);
  // Paid in the enrolment window for next year's cover: 待生效 until it starts, never 保障中.
  const seeded = app.runtime.db
    .collection('programs')
    .get((app.runtime.db.collection('_rt_meta').get('seed') as { demoProgramId: string }).demoProgramId);
  const start = seeded.program.coverage.start as string;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const upcoming = today < start;
  await expect(page.locator('.pay-result__state').innerText()).resolves.toBe(
    upcoming ? `待生效（${start} 起）` : `保障中（至 ${seeded.program.coverage.end}）`,
  );
  await shot(page, '13-result');

  // 10. The electronic certificate, masked, with its verification QR code.
  await page.locator('.pay-result__policy').click();
  await waitForTaroPage(page, { text: '扫码核验保单真伪' });
  await expect(page.locator('.cert-card__no').textContent()).resolves.toContain(certificateNo);
  await expect(page.locator('.cert-card__state').innerText()).resolves.toContain(
    upcoming ? '待生效' : '保障中',
  );
  // 保存图片 downloads the certificate drawn on a canvas as a PNG.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.cert-save').click()]);
  expect(download.suggestedFilename()).toBe(`电子保单-${certificateNo}.png`);
  const rows = await page.locator('.cert-row').allTextContents();
  expect(rows).toEqual(expect.arrayContaining(['被保障人李*英', '所在单位高新区工会']));
  expect(rows.join()).toContain(`身份证号${ID_NUMBER.slice(0, 2)}${'*'.repeat(14)}${ID_NUMBER.slice(-2)}`);
  expect(rows.join()).not.toContain(ID_NUMBER);
  const qrSrc = (await page.locator('.cert-qr__image img').getAttribute('src')) ?? '';
  expect(qrSrc).toMatch(/^data:image\/svg\+xml;base64,/);
  const qrSvg = Buffer.from(qrSrc.split(',')[1], 'base64').toString();
  await shot(page, '14-certificate');

  // 11. 我的保单 lists it as 已参保.
  await page.goto('/#/pages/policy/index');
  await waitForTaroPage(page, { text: certificateNo });
  await expect(page.locator('.policy-item--active .policy-item__status').textContent()).resolves.toBe(
    upcoming ? '待生效' : '保障中',
  );
  await shot(page, '15-policies');

  // 12. Next period opens with the same notice: one tap renews, reusing the signature, then pay.
  const seedMeta = app.runtime.db.collection('_rt_meta').get('seed') as { demoProgramId: string };
  const current = app.runtime.db.collection('programs').get(seedMeta.demoProgramId);
  const nextYear = Number(current.program.coverage.start.slice(0, 4)) + 1;
  const next = {
    ...current.program,
    id: `wujin-${nextYear}-renewal-e2e`,
    year: nextYear,
    coverage: { ...current.program.coverage, start: `${nextYear}-01-01`, end: `${nextYear}-12-31` },
  };
  app.runtime.db.collection('programs').set(next.id, { ...current, program: next });
  await page.goto('/#/pages/enrol/index');
  await waitForTaroPage(page, { text: '一键续保' });
  await expect(page.locator('.offer__policy').count()).resolves.toBe(1);
  await shot(page, '16-offers-renewal');
  await page.locator('.offer__renew').click();
  await page.locator('.taro-modal__text').getByText('沿用上期的签名').waitFor();
  await page.locator('.taro-model__confirm').click();
  await waitForTaroPage(page, { text: '立即缴费' });
  await expect(page.locator('.enrol-pay .enrol-row__value').first().textContent()).resolves.toBe(
    `${nextYear}-01-01 至 ${nextYear}-12-31`,
  );
  await shot(page, '17-renewal-pay');

  // 13. Anyone holding the QR link verifies it without signing in; a forged code is refused.
  const token = await page.evaluate(
    () => JSON.parse(localStorage.getItem('session.token') ?? '{}').data as string,
  );
  const http = new RuntimeClient(app.url);
  http.token = token;
  const mine = await http.post('/fn/enrollment', { action: 'mine', payload: {} });
  const active = (mine.body.data.items as { id: string; status: string }[]).find(
    (e) => e.status === 'active',
  );
  const cert = await http.post('/fn/enrollment', {
    action: 'certificate',
    payload: { enrollmentId: active!.id },
  });
  const verifyPath = cert.body.data.verifyPath as string;
  expect(verifyPath).toContain(`no=${certificateNo}`);
  // The QR code on the certificate encodes this app's verify page: the same modules as qrcode
  // makes for that link (there is no QR decoder here, so compare with the encoder's output).
  const verifyUrl = `${app.url}/#/${verifyPath}`;
  expect(qrSvg).toBe(
    render(
      create([{ data: Buffer.from(verifyUrl, 'ascii'), mode: 'byte' }], { errorCorrectionLevel: 'M' }),
      qrOptions,
    ),
  );

  // The whole journey ran without a page error (4xx replies of expected refusals aside).
  expect(mobile.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
  await mobile.close();
  mobile = await launchMobile({ baseURL: app.url });
  await mobile.page.goto(verifyUrl);
  await waitForTaroPage(mobile.page, { text: '保单有效' });
  await expect(mobile.page.locator('.verify-result__state').innerText()).resolves.toContain(
    upcoming ? '待生效' : '保障中',
  );
  await expect(mobile.page.getByText('李*英').isVisible()).resolves.toBe(true);
  await shot(mobile.page, '18-verify-valid');
  await mobile.page.goto(`/#/pages/verify/index?no=${certificateNo}&code=0123456789abcdef`);
  await waitForTaroPage(mobile.page, { text: '保单无效' });
  await shot(mobile.page, '19-verify-forged');
  expect(mobile.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
});

test('without a unit, 参保缴费 shows the way in; a unit found by search waits for its officer', async () => {
  // Registered through the API (the first test walks registration in the browser).
  const { client, phoneCode } = await smsSignIn(app, '13977770002');
  await client.call('user.register', {
    name: '周明',
    idNumber: demoIdNumber('1991-07-01', 78, 'male'),
    phoneCode,
  });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, client.http.token);

  await page.goto('/#/pages/index/index');
  await waitForTaroPage(page, { text: '互助服务' });
  await page.locator('.home-entry--enroll').click();
  await waitForTaroPage(page, { text: '请先加入所在单位' });
  await shot(page, '20-offers-no-unit');

  await page.locator('.enrol-blocked__units').click();
  await waitForTaroPage(page, { text: '搜索您所在的单位' });
  await page.locator('.units-search input').fill('高新区');
  await page.locator('.units-search__go').click();
  await page.locator('.units-item__name', { hasText: '高新区北区工会' }).waitFor();
  await shot(page, '21-units-found');
  const unit = page
    .locator('.units-item')
    .filter({ has: page.locator('.units-item__name', { hasText: /^高新区工会$/ }) });
  await unit.locator('.units-item__join').click();
  await page.locator('.taro-modal__text').getByText('申请加入“高新区工会”').waitFor();
  await page.locator('.taro-model__confirm').click();
  await page.locator('.units-pending__title', { hasText: '等待单位工会审核' }).waitFor();
  await expect(unit.locator('.units-item__state').textContent()).resolves.toBe('审核中');
  await shot(page, '22-units-pending');
  expect(await client.call('user.me', {})).toMatchObject({ unitId: DEMO.unit, unitStatus: 'pending' });

  await page.goto('/#/pages/enrol/index');
  await waitForTaroPage(page, { text: '加入单位的申请正在等待单位工会审核' });
  await shot(page, '23-offers-pending');
  expect(mobile.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
});

test('a worker without a union card adds it from the offer and can then enrol', async () => {
  const { client, phoneCode } = await smsSignIn(app, '13977770003');
  await client.call('user.register', {
    name: '陈红',
    idNumber: demoIdNumber('1987-06-30', 79, 'female'),
    phoneCode,
  });
  await client.call('org.joinUnit', { via: 'qr', scene: app.joinToken() });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, client.http.token);

  await page.goto('/#/pages/enrol/index');
  await page.locator('.enrol-issue__fix', { hasText: '去填写工会服务卡号' }).first().waitFor();
  await shot(page, '23-offer-needs-card');
  await page.locator('.enrol-issue__fix').first().click();
  // A page for the card only, titled 工会服务卡 (not 实名登记).
  await waitForTaroPage(page, { text: '保存卡号' });
  await expect(page.title()).resolves.toBe('工会服务卡');
  await expect(page.locator('.union-card__title').innerText()).resolves.toBe('工会服务卡');
  await expect(page.getByText('实名登记').count()).resolves.toBe(0);
  await page.locator('.union-card__input input').fill('12');
  await page.locator('.union-card__save').click();
  await page.locator('.union-card__error').getByText('6–24 位数字').waitFor();
  await page.locator('.union-card__input input').fill('622700000079');
  await shot(page, '24-add-card');
  await page.locator('.union-card__save').click();

  await waitForTaroPage(page, { text: '查看详情并参保' });
  await expect(page.locator('.enrol-issue--blocking').count()).resolves.toBe(0);
  await shot(page, '25-offer-card-added');
  expect(await client.call('user.me', {})).toMatchObject({ hasUnionCard: true });
});

test('changing unit by QR asks first with the server message, then moves the worker', async () => {
  const worker = await app.as(DEMO.worker);
  const token = app.joinToken('unit_wj_02');
  expect(token).toBeTruthy();
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, worker.http.token);
  await page.goto(`/#/pages/join/index?scene=${token}`);
  await waitForTaroPage(page, { text: '加入该单位' });
  await page.locator('.join-submit').click();
  // The refusal's own message (what happens to existing cover) is what the dialog says.
  const refused = await worker.try('org.joinUnit', { via: 'qr', scene: token });
  expect(refused).toMatchObject({ ok: false, error: { code: 'ORG.CHANGE_UNCONFIRMED' } });
  const message = refused.ok ? '' : refused.error.message;
  await page.locator('.taro-modal__text').getByText(message.slice(0, 12)).waitFor();
  await shot(page, '26-change-unit-confirm');
  // 暂不更换 keeps the unit.
  await page.locator('.taro-model__cancel').click();
  expect(await worker.call('user.me', {})).toMatchObject({ unitId: DEMO.unit });
  await page.locator('.join-submit').click();
  await page.locator('.taro-modal__text').getByText(message.slice(0, 12)).waitFor();
  await page.locator('.taro-model__confirm').click();
  await waitForTaroPage(page, { text: '已加入' });
  expect(page.url()).toContain('#/pages/enrol/index');
  expect(await worker.call('user.me', {})).toMatchObject({ unitId: 'unit_wj_02', unitStatus: 'approved' });
  expect(mobile.errors.filter((e) => !e.includes('status of 4'))).toEqual([]);
});
