/**
 * Tap targets: on the main pages at 375 px width, every button, [role=button], checkbox row and
 * tappable text link is at least 44 × 44 CSS px (a cheap phone, a thumb, older eyes).
 */
import type { Page } from 'playwright-core';
import { DEMO, demoIdNumber } from '../../cloudfunctions/_dev/seed';
import { smsSignIn, type TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchMobile, screenshot, waitForTaroPage } from '../helpers/browser';
import { claimant, files, hospitalFacts, stay, upload } from '../helpers/claims';
import { officerWith } from '../helpers/officer';

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

// What counts as tappable here: NutUI buttons and checkboxes, ARIA buttons, our link cells and
// the text links pages mark as actions.
const TAPPABLE = [
  'button',
  '[role=button]',
  '.nut-button',
  '.nut-checkbox',
  '.nut-cell-clickable',
  '.home-entry',
  '.home-notice__action',
  '.enrol-issue__fix',
  '.enrol-mine',
  '.policy-item__action',
  '.login-agree',
  '.units-search__go',
  '.claim-link',
  '.claim-choice__item',
  '.claim-item',
  '.o-chip',
].join(',');

/** Visible tappable elements on the shown Taro page smaller than 44 × 44. */
async function tooSmall(page: Page): Promise<string[]> {
  return page.evaluate((selector) => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).find(
      (p) => getComputedStyle(p).display !== 'none',
    );
    if (!shown) return ['no page shown'];
    const out: string[] = [];
    for (const el of Array.from(shown.querySelectorAll<HTMLElement>(selector))) {
      // A NutUI button's inner <button> sits inside the measured .nut-button.
      if (el.closest('.nut-button') && !el.classList.contains('nut-button')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (getComputedStyle(el).visibility === 'hidden') continue;
      if (r.width < 44 || r.height < 44) {
        const name = (el.innerText || el.className).replace(/\s+/g, ' ').slice(0, 30);
        out.push(`${name} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, TAPPABLE);
}

async function check(page: Page, path: string, text: string, name: string) {
  await page.goto(path);
  await waitForTaroPage(page, { text });
  await screenshot(page, `tap-${name}`);
  expect({ page: name, small: await tooSmall(page) }).toEqual({ page: name, small: [] });
}

test('the login page: agreement row, 获取验证码, 登录, 演示账号', async () => {
  mobile = await launchMobile({ baseURL: app.url });
  await check(mobile.page, '/#/pages/login/index', '演示账号', 'login');
});

test('the worker pages: home, offers, detail, 我的, 我的保单', async () => {
  const worker = await app.as(DEMO.worker);
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, worker.http.token);
  await check(page, '/#/pages/index/index', '互助服务', 'home');
  // The demo worker had 2024 cover (seeded), so this period's offer renews it in one tap.
  await check(page, '/#/pages/enrol/index', '一键续保', 'offers');
  const { offers } = await worker.call('enrollment.offers', {});
  await check(page, `/#/pages/enrol/detail?programId=${offers[0].programId}`, '我已阅读并同意', 'detail');
  await check(page, '/#/pages/me/index', '退出登录', 'me');
  await check(page, '/#/pages/units/index', '搜索您所在的单位', 'units');

  // 去缴费 on 我的保单 once an enrolment awaits payment.
  const { notice } = await worker.call('enrollment.programDetail', { programId: offers[0].programId });
  await worker
    .call('enrollment.enrol', {
      programId: offers[0].programId,
      consent: { version: notice.version, hash: notice.hash, agreed: true },
      signaturePng: 'iVBORw0KGgo' + 'A'.repeat(400),
      declarations: [],
    })
    .catch(() => undefined);
  await check(page, '/#/pages/policy/index', '保障期间', 'policies');
});

test('the officer pages: workbench and 入会申请审核 with 驳回 / 通过', async () => {
  const officer = await app.as(DEMO.unitOfficer);
  // One pending request, so 驳回 / 通过 are on screen.
  const { client, phoneCode } = await smsSignIn(app, '13977790001');
  await client.call('user.register', {
    name: '吴晓梅',
    idNumber: demoIdNumber('1990-03-03', 91, 'female'),
    phoneCode,
  });
  await client.call('org.joinUnit', { via: 'search', unitId: DEMO.unit });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, officer.http.token);
  await check(page, '/#/packageOfficer/pages/home/index', '工作事项', 'officer-home');
  await check(page, '/#/packageOfficer/pages/join-requests/index', '吴晓梅', 'join-requests');
  await check(page, '/#/packageOfficer/pages/unit-qr/index', '重新获取', 'unit-qr');
});

test('the claim pages: 补助申请, the form and its materials, 我的申请, detail, 代办授权', async () => {
  const worker = await claimant(app, '钱美玲');
  const draft = await worker.client.call('claim.create', {
    enrollmentId: worker.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(
      stay(),
      stay({
        admittedOn: '2024-06-01',
        dischargedOn: '2024-06-08',
        settlement: 'none',
        invoiceNo: 'INV20240601',
      }),
    ),
  });
  await upload(app, worker.client, draft.id, 'admission_discharge_record', files.jpeg(), 1);
  // A submitted one too, for 我的申请 and its detail (撤回).
  const other = await worker.client.call('claim.create', {
    enrollmentId: worker.enrollmentId,
    benefitId: 'critical_illness',
  });
  mobile = await launchMobile({ baseURL: app.url });
  const { page } = mobile;
  await signedIn(page, worker.client.http.token);
  await check(page, '/#/packageClaim/pages/new/index', '选择补助项目', 'claim-new');
  await check(page, `/#/packageClaim/pages/form/index?id=${draft.id}`, '第 2 次住院', 'claim-form');
  await page.locator('.claim-next').click();
  await waitForTaroPage(page, { text: '下一步：查看补助预估' });
  await screenshot(page, 'tap-claim-materials');
  expect({ page: 'claim-materials', small: await tooSmall(page) }).toEqual({
    page: 'claim-materials',
    small: [],
  });
  await check(page, '/#/packageClaim/pages/mine/index', '重大疾病补助金', 'claim-mine');
  await check(page, `/#/packageClaim/pages/detail/index?id=${other.id}`, '办理进度', 'claim-detail');
  await check(page, '/#/packageClaim/pages/authorise/index', '生成授权码', 'claim-authorise');
});

test('the officer pages: invites, accept-invite, quotas, group, review, import, dashboard, ledger, org tree, what-if', async () => {
  const officer = await app.as(DEMO.unitOfficer);
  const invite = await officer.call('officer.createInvite', {
    role: 'unit_officer',
    orgId: DEMO.unit,
    expiresInDays: 7,
    maxUses: 2,
  });
  mobile = await launchMobile({ baseURL: app.url });
  let page = mobile.page;
  await signedIn(page, officer.http.token);
  await check(page, '/#/packageOfficer/pages/invites/index', '0 / 2', 'officer-invites');
  await check(
    page,
    `/#/packageOfficer/pages/accept-invite/index?scene=${invite.id}`,
    '您已拥有该角色',
    'officer-accept',
  );
  await check(
    page,
    '/#/packageOfficer/pages/group/index?programId=wujin-2024',
    '打开本单位的团体参保申请',
    'officer-group',
  );
  await check(
    page,
    '/#/packageOfficer/pages/import/index?programId=wujin-2024',
    '上传报名表',
    'officer-import',
  );
  await check(
    page,
    '/#/packageOfficer/pages/quotas/index?programId=wujin-2024',
    '没有普惠名额',
    'officer-quotas',
  );
  await check(page, '/#/packageOfficer/pages/officers/index', '撤销角色', 'officer-officers');
  await mobile.close();

  const admin = officerWith(app, 'tap-admin', [{ role: 'centre_admin', orgId: DEMO.province }]);
  const client = await app.as(admin);
  mobile = await launchMobile({ baseURL: app.url });
  page = mobile.page;
  await signedIn(page, client.http.token);
  await check(page, '/#/packageOfficer/pages/home/index', '费用测算', 'officer-admin-home');
  await check(page, '/#/packageOfficer/pages/orgs/index', '常州市总工会', 'officer-orgs');
  await check(page, '/#/packageOfficer/pages/applications/index', '暂无待审核的申请', 'officer-applications');
  await check(
    page,
    '/#/packageOfficer/pages/dashboard/index?programId=wujin-2024',
    '双周进度报表',
    'officer-dashboard',
  );
  await check(
    page,
    '/#/packageOfficer/pages/ledger/index?programId=wujin-2024',
    '重新生成本月对账单',
    'officer-ledger',
  );
  await check(
    page,
    '/#/packageOfficer/pages/payment-issues/index',
    '没有待处理的问题',
    'officer-payment-issues',
  );
  await check(
    page,
    '/#/packageOfficer/pages/what-if/index?programId=wujin-2024',
    '开始测算',
    'officer-what-if',
  );
});
