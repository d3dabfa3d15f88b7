/**
 * 重大疾病鉴定会 in the H5 build at 375 px: a critical-illness claim filed and referred through the
 * real functions; the convener opens the meeting page, records the members' votes, closes the
 * meeting (confirmation) and the claim is approved by the rule. Screenshots: review-meeting-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../cloudfunctions/_dev/seed';
import type { TestApp } from '../helpers/app';
import { claimant } from '../helpers/claims';
import { signedIn, startH5App } from '../helpers/h5-app';
import { launchBrowser, newMobilePage, screenshot, waitForTaroPage } from '../helpers/browser';
import { centreReviewer, districtReviewer, fileClaim } from '../helpers/review';

jest.setTimeout(180_000);

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

const shot = (page: Page, step: string) => screenshot(page, `review-meeting-${step}`);

test('the convener records votes and closes the meeting; the claim is approved by the rule', async () => {
  const rv = await districtReviewer(app);
  const w = await claimant(app, '周一鸣');
  const c = await fileClaim(app, w, 'critical_illness', {
    kind: 'fixed_grant',
    category: 'listed',
    diagnosedOn: '2024-04-02',
    firstDiagnosis: true,
    hospital: '常州市第一人民医院',
    hospitalLevel: 'level3',
  });
  await rv.client.call('review.assign', { claimId: c.id });
  await rv.client.call('review.refer', { claimId: c.id });

  const convener = await centreReviewer(app, '召集人');
  const members = [
    await centreReviewer(app, '委员甲'),
    await centreReviewer(app, '委员乙'),
    await centreReviewer(app, '委员丙'),
  ];
  const meeting = await convener.client.call('review.meetingCreate', {
    orgId: DEMO.city,
    programId: 'wujin-2024',
    benefitId: 'critical_illness',
    quarter: c.reviewBatch!.key,
    heldOn: '2024-06-28',
    memberIds: members.map((m) => m.userId),
  });

  const { page } = await newMobilePage(browser, { baseURL: app.url });
  await signedIn(page, convener.client.http.token);
  await page.goto(`/#/packageReview/pages/meeting/index?id=${meeting.id}`);
  await waitForTaroPage(page, { text: '重大疾病鉴定会' });
  const agenda = page.locator('.r-agenda', { hasText: '周*鸣' });
  await agenda.waitFor();
  await shot(page, '01-agenda');

  // The convener records each member's vote (a paper meeting).
  for (let i = 0; i < members.length; i++) {
    await agenda.locator('.r-vote--approve').nth(i).click();
    await agenda.locator('.r-vote--approve.r-chip--on').nth(i).waitFor();
  }
  await agenda.getByText('通过').first().waitFor();
  await shot(page, '02-voted');
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.r-chip, .nut-button'))
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
      .map((e) => e.className),
  );
  expect(small).toEqual([]);

  await page.locator('.r-meeting-close').click();
  await page.locator('.taro-modal__text').getByText('已决申请将通过或不予通过').waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1');
  await page.locator('.taro-model__confirm').click();
  await page.locator('.r-meeting-head', { hasText: '已结束' }).waitFor();
  await agenda.getByText('已生效').waitFor();
  await shot(page, '03-closed');
  expect(app.runtime.db.collection('claims').get(c.id)).toMatchObject({ status: 'approved' });
});
