/* global test, expect, jest */
/**
 * 填写补助申请 in the COMPILED weapp package (miniprogram-simulate): the draft resumes from
 * claim.get, the 个人自理 amount typed in yuan goes to claim.update in fen, the server's field
 * error is shown in Chinese beside the field; then a photo is chosen (camera or album), compressed
 * on the phone (wx.compressImage, 1600 px), uploaded to the ticket's staging path with
 * wx.cloud.uploadFile and attached; the estimate shows the calculator's lines; 提交 asks in a
 * dialog with the amount, requests the subscribe message, submits and opens the detail.
 */
const { bootApp, fakeCloud, waitFor, textOf } = require('../weapp/weapp-harness');

const STAY = {
  admittedOn: '2024-07-05',
  dischargedOn: '2024-07-15',
  hospital: '上海市第六人民医院',
  settlement: 'none',
  cause: 'illness',
};
const FILE = {
  id: 'cf_1',
  materialId: 'admission_discharge_record',
  stayIndex: 0,
  mime: 'image/jpeg',
  bytes: 300_000,
  uploadedAt: '2026-12-01T02:00:00.000Z',
  uploadedBy: { role: 'worker', name: '孙*华', isYou: true },
  duplicate: false,
};
const item = (materialId, label, files = []) => ({
  materialId,
  label,
  stayIndex: 0,
  template: false,
  required: true,
  files,
});
function view(over = {}) {
  return {
    id: 'cl_1',
    enrollmentId: 'en_1',
    programName: '2024 年武进区在职职工医疗互助保障',
    benefitId: 'hospitalisation',
    benefitName: '住院医疗费用补助金',
    coverage: { start: '2024-01-01', end: '2024-12-31' },
    year: 2024,
    status: 'draft',
    statusLabel: '草稿',
    workerName: '孙*华',
    filedBy: { role: 'worker', name: '孙*华', isYou: true },
    createdAt: '2026-12-01T01:00:00.000Z',
    updatedAt: '2026-12-01T01:00:00.000Z',
    facts: { kind: 'tiered_annual', stays: [STAY] },
    // As claim.get reports Wujin 2024's benefits (shared/claims/benefits.ts on the stored program).
    programBenefits: [
      {
        id: 'hospitalisation',
        name: '住院医疗费用补助金',
        description: '保障期内因住院治疗发生的医疗费用……',
        kind: 'tiered_annual',
        categories: [],
        settlementLabels: { insurance: '使用常州医保结算', none: '未使用常州医保结算' },
        reviewLabel: '互助保障中心每月对收到的申请按程序进行复核、调查、审批',
        payoutLabel: '审核通过后十个工作日内以转账（汇款）方式发放至个人工会卡账户',
      },
    ],
    actingAs: 'worker',
    canEdit: true,
    canWithdraw: true,
    checklist: [
      item('admission_discharge_record', '出入院记录（第1次住院（2024-07-15出院））'),
      item('settlement_invoice', '本次住院的结算票据（第1次住院（2024-07-15出院））'),
    ],
    missing: [],
    issues: [],
    prompts: [],
    duplicates: [],
    timeline: [],
    ...over,
  };
}
const ESTIMATE = {
  estimate: {
    amountFen: 50_000,
    entitlementFen: 50_000,
    alreadyPaidFen: 0,
    lines: [
      {
        code: 'STAY',
        text: '第1次住院（2024-07-15出院）：未进行医保结算支付，按住院医疗自理费用 ¥6,000.00 的 34% 计入 ¥2,040.00',
      },
      {
        code: 'TIER',
        text: '保障期内累计个人自理金额 ¥2,040.00，属于“1000元（含）至5000元”档，补助 ¥500.00',
      },
    ],
    warnings: [],
    earlierClaims: [],
    pendingClaims: 0,
  },
  duplicates: [],
  prompts: [],
  missing: [],
  subscribeTemplateIds: ['tmpl-claim-status'],
};

// j-component selects by single class only: the NutUI inputs of the stay in form order.
const INPUTS = { hospital: 0, selfPaid: 1, invoice: 2 };
function type(page, field, value) {
  const input = page.querySelectorAll('.nut-input-native')[INPUTS[field]];
  input.dispatchEvent('input', { detail: { value, cursor: value.length } });
}

test('facts in yuan → fen, field error, compressed photo upload with progress, estimate, confirm and submit', async () => {
  const cloud = fakeCloud([
    { ok: true, data: view() }, // get
    // update: the invoice number is refused, naming the field
    {
      ok: false,
      error: {
        code: 'COMMON.INVALID_INPUT',
        message: '号码应为 4–40 位数字、字母或汉字',
        field: 'payload.facts.stays.0.invoiceNo',
      },
    },
    {
      ok: true,
      data: view({ facts: { kind: 'tiered_annual', stays: [{ ...STAY, selfPaidFen: 600_000 }] } }),
    }, // update
    {
      ok: true,
      data: {
        ticketId: 'tk_1',
        cloudPath: 'uploads/aa/bb',
        expiresAt: '2026-12-01T03:00:00.000Z',
        maxBytes: 8_388_608,
        accept: ['image/jpeg'],
      },
    },
    { ok: true, data: { file: FILE, missing: [] } }, // attachFile
    {
      ok: true,
      data: view({
        checklist: [
          item('admission_discharge_record', '出入院记录（第1次住院（2024-07-15出院））', [FILE]),
          item('settlement_invoice', '本次住院的结算票据（第1次住院（2024-07-15出院））'),
        ],
      }),
    }, // get
    { ok: true, data: ESTIMATE },
    { ok: true, data: { claim: view({ status: 'submitted' }), subscribeTemplateIds: ['tmpl-claim-status'] } },
  ]);
  let progress = null;
  cloud.uploadFile = jest.fn((o) => {
    const task = {
      onProgressUpdate(cb) {
        progress = cb;
      },
    };
    setTimeout(() => {
      progress?.({ progress: 40, totalBytesSent: 1, totalBytesExpectedToSend: 2 });
      setTimeout(
        () => o.success({ fileID: 'cloud://env.1234/uploads/aa/bb', errMsg: 'cloud.uploadFile:ok' }),
        30,
      );
    }, 0);
    return task;
  });
  const ok = (name, extra = {}) => jest.fn((o) => o.success?.({ errMsg: `${name}:ok`, ...extra }));
  const wx = {
    chooseMedia: ok('chooseMedia', {
      type: 'image',
      tempFiles: [{ tempFilePath: 'wxfile://tmp/big.jpg', size: 3_200_000, fileType: 'image' }],
    }),
    compressImage: ok('compressImage', { tempFilePath: 'wxfile://tmp/small.jpg' }),
    showModal: ok('showModal', { confirm: true, cancel: false }),
    requestSubscribeMessage: ok('requestSubscribeMessage', { 'tmpl-claim-status': 'accept' }),
    redirectTo: ok('redirectTo'),
    showToast: ok('showToast'),
    pageScrollTo: ok('pageScrollTo'),
  };
  const { openPage } = bootApp({ cloud, wx });
  const page = openPage('packageClaim/pages/form/index', { id: 'cl_1' });
  await waitFor(() => textOf(page).includes('第 1 次住院'), { what: 'the draft' });
  expect(cloud.calls[0]).toEqual({ name: 'claim', data: { action: 'get', payload: { claimId: 'cl_1' } } });
  // Resumed from the server: the dates chosen last time are there.
  expect(textOf(page)).toContain('入院日期2024-07-05出院日期2024-07-15');

  type(page, 'selfPaid', '6000');
  type(page, 'invoice', '!!');
  page.querySelector('.claim-next').dispatchEvent('tap');
  await waitFor(() => textOf(page).includes('号码应为 4–40 位数字、字母或汉字'), { what: 'field error' });
  expect(cloud.calls[1].data).toEqual({
    action: 'update',
    payload: {
      claimId: 'cl_1',
      facts: { kind: 'tiered_annual', stays: [{ ...STAY, selfPaidFen: 600_000, invoiceNo: '!!' }] },
    },
  });

  type(page, 'invoice', '');
  page.querySelector('.claim-next').dispatchEvent('tap');
  await waitFor(() => textOf(page).includes('下一步：查看补助预估'), { what: 'materials step' });
  expect(cloud.calls[2].data.payload.facts.stays[0]).toEqual({ ...STAY, selfPaidFen: 600_000 });
  expect(textOf(page)).toContain('出入院记录（第1次住院（2024-07-15出院））');

  page.querySelector('.claim-material__add').dispatchEvent('tap');
  await waitFor(() => textOf(page).includes('上传中 40%'), { what: 'progress' });
  await waitFor(() => textOf(page).includes('已上传 1 张'), { what: 'attached' });
  expect(wx.chooseMedia.mock.calls[0][0]).toMatchObject({
    mediaType: ['image'],
    sourceType: ['album', 'camera'],
  });
  expect(wx.compressImage.mock.calls[0][0]).toMatchObject({
    src: 'wxfile://tmp/big.jpg',
    compressedWidth: 1600,
  });
  expect(cloud.calls[3].data).toEqual({
    action: 'uploadTicket',
    payload: { claimId: 'cl_1', materialId: 'admission_discharge_record', stayIndex: 0 },
  });
  expect(cloud.uploadFile.mock.calls[0][0]).toMatchObject({
    cloudPath: 'uploads/aa/bb',
    filePath: 'wxfile://tmp/small.jpg',
  });
  expect(cloud.calls[4].data).toEqual({
    action: 'attachFile',
    payload: { claimId: 'cl_1', ticketId: 'tk_1', fileID: 'cloud://env.1234/uploads/aa/bb' },
  });

  page.querySelector('.claim-next').dispatchEvent('tap');
  await waitFor(() => textOf(page).includes('计算说明'), { what: 'estimate' });
  expect(textOf(page)).toContain('¥500.00');
  expect(textOf(page)).toContain('34');

  page.querySelector('.claim-submit').dispatchEvent('tap');
  await waitFor(() => wx.redirectTo.mock.calls.length === 1, { what: 'detail page' });
  expect(wx.showModal.mock.calls[0][0].content).toContain('预估补助 ¥500.00');
  expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tmpl-claim-status']);
  expect(cloud.calls[7].data).toEqual({ action: 'submit', payload: { claimId: 'cl_1' } });
  expect(wx.redirectTo.mock.calls[0][0].url).toBe('/packageClaim/pages/detail/index?id=cl_1');
});
