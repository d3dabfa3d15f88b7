/* global test, expect, jest */
/**
 * Registration in the COMPILED weapp package (miniprogram-simulate): the ID number is checked as
 * it is typed, the phone is proved with getPhoneNumber's one-time code (after the privacy check),
 * and that code, never a bare number, goes to user.register.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('../weapp/weapp-harness');

const ME = { registered: true, roles: ['worker'], displayName: '李*英', unitStatus: 'none' };
// 320412 19900214 154 + check digit 8 (see cloudfunctions/_dev/seed.ts demoIdNumber).
const ID = '320412199002141548';

// j-component selects by single class only: the NutUI inputs in form order.
const FIELDS = { name: 0, id: 1, card: 2 };
function type(page, field, value) {
  const input = page.querySelectorAll('.nut-input-native')[FIELDS[field]];
  input.dispatchEvent('input', { detail: { value, cursor: value.length } });
}

test('typed ID checked at once; the getPhoneNumber code goes to user.register', async () => {
  const cloud = fakeCloud([
    { ok: true, data: { registered: false, roles: [], unitStatus: 'none' } },
    { ok: true, data: ME },
  ]);
  const wx = {
    getPrivacySetting: jest.fn((o) =>
      o.success?.({ needAuthorization: false, errMsg: 'getPrivacySetting:ok' }),
    ),
    showToast: jest.fn((o) => o.success?.({ errMsg: 'showToast:ok' })),
    reLaunch: jest.fn((o) => o.success?.({ errMsg: 'reLaunch:ok' })),
    navigateBack: jest.fn((o) => o.success?.({ errMsg: 'navigateBack:ok' })),
  };
  const { openPage } = bootApp({ cloud, wx });
  const page = openPage('pages/register/index');
  await waitFor(() => textOf(page).includes('获取微信绑定的手机号'), { what: 'phone button' });

  type(page, 'name', '李秀英');
  type(page, 'id', ID.slice(0, 17) + '0');
  await waitFor(() => textOf(page).includes('校验位不正确'), { what: 'check digit error' });
  type(page, 'id', ID);
  await waitFor(() => !textOf(page).includes('校验位不正确'), { what: 'error cleared' });

  page
    .querySelector('.register-phone__get')
    .dispatchEvent('getphonenumber', { detail: { code: 'wx-phone-code-1', errMsg: 'getPhoneNumber:ok' } });
  await waitFor(() => textOf(page).includes('已获取微信绑定的手机号'), { what: 'phone proved' });

  page.querySelector('.register-submit').dispatchEvent('tap');
  await waitFor(() => cloud.calls.length === 2, { what: 'user.register' });
  expect(cloud.calls[1]).toEqual({
    name: 'user',
    data: { action: 'register', payload: { name: '李秀英', idNumber: ID, phoneCode: 'wx-phone-code-1' } },
  });
  await waitFor(() => wx.reLaunch.mock.calls.length + wx.navigateBack.mock.calls.length > 0, {
    what: 'leave the page',
  });
});
