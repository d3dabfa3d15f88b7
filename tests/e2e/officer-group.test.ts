/**
 * Group enrolment within a free (普惠) quota, in the H5 build: a Jinan unit with 10 places and 6
 * approved members. Its officer opens the application, submits all members (the remaining
 * count drops from 10 to 4), withdraws one (back to 5), submits the application; the district
 * reviewer sees it, cannot reject without a reason, and approves it. Screenshots:
 * officer-group-*.png (375 px).
 */
import type { Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import type { TestApp } from '../helpers/app';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchMobile, screenshot, waitForTaroPage } from '../helpers/browser';
import { membersOf, officerWith } from '../helpers/officer';

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

const shot = (page: Page, step: string) => screenshot(page, `officer-group-${step}`);

async function confirmModal(page: Page, text: string) {
  await page.locator('.taro-modal__text').getByText(text).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
  await page.waitForFunction(() => {
    const m = document.querySelector<HTMLElement>('.taro__modal');
    return !m || getComputedStyle(m).display === 'none';
  });
}

const UNIT = 'unit_jn_e2e';

function seedUnit() {
  const db = app.runtime.db;
  db.collection('orgs').set(UNIT, {
    name: '济南示范科技工会',
    level: 'grassroots',
    parentId: DEMO.jinanDistrict,
    parentName: '历下区总工会',
    ancestors: [DEMO.jinanProvince, DEMO.jinanCity, DEMO.jinanDistrict],
    region: { province: '山东省', city: '济南市', district: '历下区' },
  });
  membersOf(app, UNIT, 6, 'jn-e2e-member');
  return {
    programId: db.collection('_rt_meta').get('seed').jinanProgramId as string,
    officer: officerWith(app, 'jn-e2e-officer', [{ role: 'unit_officer', orgId: UNIT }]),
    reviewer: officerWith(app, 'jn-e2e-reviewer', [{ role: 'district_reviewer', orgId: DEMO.jinanDistrict }]),
    admin: officerWith(app, 'jn-e2e-admin', [{ role: 'centre_admin', orgId: DEMO.jinanCity }]),
  };
}

const remaining = (page: Page) => page.locator('.group-quota__left').innerText();

test('the unit submits its members within the free quota; the district approves', async () => {
  const ids = seedUnit();
  const program = app.runtime.db.collection('programs').get(ids.programId).program;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const batch = program.enrolment.batches.find(
    (b: { opens: string; closes: string }) => b.opens <= today && today <= b.closes,
  );
  const admin = await app.as(ids.admin);
  await admin.call('officer.setQuota', {
    programId: ids.programId,
    batchId: batch.id,
    unitId: UNIT,
    places: 10,
  });

  const officer = await app.as(ids.officer);
  mobile = await launchMobile({ baseURL: app.url });
  let page = mobile.page;
  await signedIn(page, officer.http.token);
  await page.goto(
    `/#/packageOfficer/pages/group/index?programId=${encodeURIComponent(ids.programId)}&programName=${encodeURIComponent(program.name)}`,
  );
  await waitForTaroPage(page, { text: '打开本单位的团体参保申请' });
  await page.locator('.group-route input').fill('puhui');
  await page.locator('.group-open').click();
  await page.locator('.group-quota__left').waitFor();
  await page.waitForFunction(() =>
    document.querySelector('.group-quota__left')?.textContent?.startsWith('10'),
  );
  await shot(page, '01-open');

  await page.locator('.group-add-all').click();
  await confirmModal(page, '每人占用一个普惠名额');
  await page.waitForFunction(() => document.querySelectorAll('.member--held').length === 6);
  await page.waitForFunction(() =>
    document.querySelector('.group-quota__left')?.textContent?.startsWith('4'),
  );
  await expect(remaining(page)).resolves.toMatch(/^4\s*\/ 共 10/);
  await shot(page, '02-members-added');

  // One taken out: its place goes back.
  await page.locator('.member--held').first().locator('.member__act').click();
  await confirmModal(page, '其占用的普惠名额将退回');
  await page.locator('.member--withdrawn').waitFor();
  await page.waitForFunction(() =>
    document.querySelector('.group-quota__left')?.textContent?.startsWith('5'),
  );
  await shot(page, '03-one-withdrawn');

  await page.locator('.group-submit').click();
  await confirmModal(page, '费用由普惠名额承担');
  await page.locator('.group-add-all').waitFor({ state: 'detached' });
  await expect(page.locator('.group-app__card').innerText()).resolves.toContain('参保人数');
  await shot(page, '04-submitted');
  await mobile.close();

  // The district reviewer: the workbench counts it, the list shows it; 驳回 needs a reason.
  const reviewer = await app.as(ids.reviewer);
  mobile = await launchMobile({ baseURL: app.url });
  page = mobile.page;
  await signedIn(page, reviewer.http.token);
  await page.goto('/#/packageOfficer/pages/home/index');
  await waitForTaroPage(page, { text: '工作事项' });
  await page.locator('.officer-attention--apps').getByText('待审核团体参保申请').waitFor();
  await page.locator('.officer-attention--apps').click();
  await waitForTaroPage(page, { text: '济南示范科技工会' });
  const card = page.locator('.review-app', { hasText: '济南示范科技工会' });
  await expect(card.innerText()).resolves.toContain('普惠名额');
  await card.locator('.review-app__reject').click();
  await page.locator('.app-reject .nut-dialog-footer-ok').click();
  await page.locator('.app-reject__error').getByText('请填写原因').waitFor();
  await page.locator('.app-reject .nut-dialog-footer-cancel').click();
  await page.locator('.app-reject').waitFor({ state: 'detached' });
  await shot(page, '05-review');
  await card.locator('.review-app__approve').click();
  await confirmModal(page, '5 人参保');
  await card.waitFor({ state: 'detached' });
  await shot(page, '06-approved');
  const { items } = await reviewer.call('officer.listApplications', {
    orgId: DEMO.jinanDistrict,
    status: 'approved',
    page: 1,
    pageSize: 5,
  });
  expect(items[0]).toMatchObject({ unitId: UNIT, members: 5, status: 'approved' });
});
