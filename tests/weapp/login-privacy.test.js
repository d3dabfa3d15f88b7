/**
 * The compiled weapp login page: getPhoneNumber is a privacy interface, so the page first asks
 * for consent (open-type agreePrivacyAuthorization); once agreed, the phone button appears, a
 * refusal explains itself, and a granted code sends the worker home with the profile reloading.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('./weapp-harness');

const ME = { registered: false, roles: ['worker'], unitStatus: 'none' };

test('login: privacy consent, phone refusal message, then phone code leads home', async () => {
  const cloud = fakeCloud([{ ok: true, data: ME }]);
  const wx = {
    getPrivacySetting: jest.fn((opts) => opts.success({ needAuthorization: true })),
    login: jest.fn((opts) => opts.success({ code: 'wx-login-code' })),
    reLaunch: jest.fn((opts) => opts.success?.({ errMsg: 'reLaunch:ok' })),
  };
  const { openPage } = bootApp({ cloud, wx });

  const page = openPage('pages/login/index');
  await waitFor(() => textOf(page).includes('同意并继续'), { what: 'privacy consent' });
  expect(wx.login).toHaveBeenCalled();
  expect(textOf(page)).not.toContain('微信手机号快捷登记');

  page.querySelector('#agree-privacy').dispatchEvent('agreeprivacyauthorization', { detail: {} });
  await waitFor(() => textOf(page).includes('微信手机号快捷登记'), { what: 'phone button' });

  const phone = page.querySelector('#phone-login');
  phone.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
  await waitFor(() => textOf(page).includes('您未授权手机号'), { what: 'refusal message' });
  expect(wx.reLaunch).not.toHaveBeenCalled();

  phone.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'phone-code-1' } });
  await waitFor(() => wx.reLaunch.mock.calls.length > 0, { what: 'reLaunch home' });
  expect(wx.reLaunch.mock.calls[0][0]).toMatchObject({ url: '/pages/index/index' });
  await waitFor(() => cloud.calls.length > 0, { what: 'user.me reload' });
  expect(cloud.calls[0]).toMatchObject({ name: 'user', data: { action: 'me', payload: {} } });
});
