/* global test, expect, jest */
/**
 * Program detail in the COMPILED weapp package (miniprogram-simulate): 我要参保 stays disabled
 * until the notice was read to its end, agreed to, and every required declaration ticked; the
 * sign page then receives the notice version, its hash and the declarations.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('../weapp/weapp-harness');

const HASH = 'a'.repeat(64);
const DETAIL = {
  programId: 'jinan-2027',
  name: '2027 年济南市职工互助保障',
  region: '山东省 济南市',
  coverage: { start: '2027-01-01', end: '2027-12-31' },
  window: { start: '2026-11-01', end: '2026-12-31' },
  totalFen: 6000,
  workerFen: 6000,
  feeLines: [{ payer: 'worker', label: '个人缴费', amountFen: 6000 }],
  summary: ['住院补助'],
  issues: [],
  declarations: [{ code: 'UNION_MEMBER', label: '参保人须为工会会员' }],
  notice: { version: 'jinan-2027.1', hash: HASH, text: '参保须知\n\n第一条……\n'.repeat(40) },
  benefits: ['住院医疗互助金：按自付费用分段给付'],
};

const disabled = (page) => page.querySelector('.enrol-detail__enrol').dom.className.includes('disabled');

test('read, agree and declare before signing; the sign page gets version, hash and declarations', async () => {
  const cloud = fakeCloud([{ ok: true, data: DETAIL }]);
  // miniprogram-simulate has no layout: the notice text measures taller than its box.
  const query = {
    select: () => query,
    boundingClientRect: (cb) => {
      cb({ height: 2000 });
      return query;
    },
    exec: () => undefined,
  };
  const wx = {
    navigateTo: jest.fn((o) => o.success?.({ errMsg: 'navigateTo:ok' })),
    createSelectorQuery: () => query,
  };
  const { openPage } = bootApp({ cloud, wx });
  const page = openPage('pages/enrol/detail', { programId: 'jinan-2027' });
  await waitFor(() => textOf(page).includes('参保声明'), { what: 'detail' });
  expect(cloud.calls[0]).toMatchObject({
    name: 'enrollment',
    data: { action: 'programDetail', payload: { programId: 'jinan-2027' } },
  });
  expect(textOf(page)).toContain('本人声明：参保人须为工会会员');
  expect(disabled(page)).toBe(true);

  page.querySelector('.notice-box').dispatchEvent('scrolltolower');
  await waitFor(() => textOf(page).includes('已阅读至末尾'), { what: 'read to the end' });
  page.querySelector('.notice-agree').dispatchEvent('tap');
  await new Promise((r) => setTimeout(r, 100));
  expect(disabled(page)).toBe(true);

  page.querySelector('.declarations__item--UNION_MEMBER').dispatchEvent('tap');
  await waitFor(() => !disabled(page), { what: '我要参保 enabled' });
  page.querySelector('.enrol-detail__enrol').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0, { what: 'sign page' });
  const url = wx.navigateTo.mock.calls[0][0].url;
  expect(url).toMatch(/^\/pages\/enrol\/sign\?/);
  expect(url).toContain('programId=jinan-2027');
  expect(url).toContain('version=jinan-2027.1');
  expect(url).toContain(`hash=${HASH}`);
  expect(url).toContain('declarations=UNION_MEMBER');
});
