/**
 * Smoke test of the compiled weapp package: the home page renders inside miniprogram-simulate,
 * reaches the backend through wx.cloud.callFunction with the {action, payload} event, shows
 * the network error state, a tap on 重试 brings the worker's greeting, and an entry whose page
 * is not built yet answers with a 即将开放 toast.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('./weapp-harness');

const ME = {
  registered: true,
  roles: ['worker'],
  displayName: '张*',
  unitName: '市第一机床厂',
  unitStatus: 'approved',
};

test('home page: error state, tap 重试, greeting appears', async () => {
  // user.me fails, enrollment.mine (the home page's cover status) answers, then 重试 → user.me.
  const cloud = fakeCloud([
    new Error('request:fail timeout'),
    { ok: true, data: { items: [] } },
    { ok: true, data: ME },
  ]);
  const showToast = jest.fn();
  const { openPage } = bootApp({ cloud });
  global.wx.showToast = showToast;

  const page = openPage('pages/index/index');
  await waitFor(() => textOf(page).includes('加载失败'), { what: 'error state' });
  // app.ts initialises the cloud once the app has launched, before any call is made.
  expect(cloud.init).toHaveBeenCalledWith(expect.objectContaining({ traceUser: true }));
  expect(cloud.init.mock.invocationCallOrder[0]).toBeLessThan(cloud.callFunction.mock.invocationCallOrder[0]);
  expect(textOf(page)).toContain('网络异常，请稍后重试');
  expect(cloud.calls[0]).toMatchObject({ name: 'user', data: { action: 'me', payload: {} } });

  const retry = page.querySelector('.page-state__retry');
  expect(retry).toBeTruthy();
  retry.dispatchEvent('tap');

  await waitFor(() => textOf(page).includes('您好，职工朋友'), { what: 'greeting' });
  const text = textOf(page);
  // Not greeted by the worker's own masked name; the cover status comes from enrollment.mine.
  expect(text).not.toContain('张*');
  expect(cloud.calls[1]).toMatchObject({ name: 'enrollment', data: { action: 'mine', payload: {} } });
  expect(text).toContain('未参保');
  expect(text).toContain('市第一机床厂');
  expect(text).toContain('已登记');
  expect(text).not.toContain('加载失败');
  expect(cloud.callFunction).toHaveBeenCalledTimes(3);

  // Journeys not built yet say so instead of opening an empty page.
  page.querySelector('.home-entry--notices').dispatchEvent('tap');
  await waitFor(() => showToast.mock.calls.length > 0, { what: 'toast' });
  expect(showToast.mock.calls[0][0]).toMatchObject({ title: '即将开放', icon: 'none' });
});
