import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The cloudPay sandbox through the real wx-server-sdk, and the notification it delivers. */
describe('contract: cloudPay sandbox', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      publicUrl: undefined,
      payRetryDelaysMs: [30, 30, 30],
      functions: {
        pay: `exports.main = async (event) => {
          try {
            const r = await cloud.cloudPay[event.api](event.params);
            return { ok: true, r };
          } catch (e) {
            return { ok: false, errCode: e.errCode, errMsg: e.errMsg };
          }
        };`,
        // Acknowledges like a correct callback: after its write, with errcode 0.
        paynotify: `exports.main = async (event) => {
          const { SOURCE, OPENID } = cloud.getWXContext();
          await cloud.database().collection('pay_events').add({ data: { event, SOURCE, OPENID: OPENID || null } });
          return { errcode: 0, errmsg: 'OK' };
        };`,
        // Fails twice (as if its database were down), then acknowledges.
        flaky: `exports.main = async (event) => {
          const db = cloud.database();
          const seen = (await db.collection('flaky_calls').where({ no: event.outTradeNo }).count()).total;
          await db.collection('flaky_calls').add({ data: { no: event.outTradeNo, SOURCE: cloud.getWXContext().SOURCE } });
          if (seen < 2) throw new Error('database unavailable');
          return { errcode: 0, errmsg: 'OK' };
        };`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  const pay = (api: string, params: object, openid = 'o-payer') =>
    rt.invoke('pay', { api, params }, { openid, source: 'wx_client' }) as Promise<any>;
  const order = (outTradeNo: string, extra: object = {}) =>
    pay('unifiedOrder', {
      body: '2026年度职工住院互助保障',
      outTradeNo,
      spbillCreateIp: '127.0.0.1',
      subMchId: '1900000001',
      totalFee: 1234,
      envId: 'local',
      functionName: 'paynotify',
      ...extra,
    });

  it('unifiedOrder → pay page → confirm → callback with SOURCE wx_paycallback → queryOrder SUCCESS', async () => {
    const placed = await order('E2026_w1_p1');
    expect(placed.ok).toBe(true);
    expect(placed.r).toEqual(
      expect.objectContaining({
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        errCode: 0,
        prepayId: expect.stringMatching(/^wx/),
        sandboxPayUrl: `${rt.url}/pay/E2026_w1_p1`,
      }),
    );
    expect(placed.r.payment).toEqual({
      appId: 'wxlocal',
      timeStamp: expect.stringMatching(/^\d+$/),
      nonceStr: expect.any(String),
      package: `prepay_id=${placed.r.prepayId}`,
      signType: 'MD5',
      paySign: expect.stringMatching(/^[0-9A-F]{32}$/),
    });

    const before = await pay('queryOrder', { subMchId: '1900000001', outTradeNo: 'E2026_w1_p1' });
    expect(before.r).toEqual(expect.objectContaining({ tradeState: 'NOTPAY', totalFee: 1234 }));

    const c = rt.client();
    const page = await c.get('/pay/E2026_w1_p1?return=%2F%23%2Fpages%2Forder%2Findex');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    for (const s of ['商户', '¥12.34', 'E2026_w1_p1', '确认支付', '取消', '2026年度职工住院互助保障'])
      expect(page.text).toContain(s);

    const confirmed = await c.request('POST', '/pay/E2026_w1_p1/confirm', undefined, {
      raw: 'return=%2F%23%2Fpages%2Forder%2Findex',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/#/pages/order/index');

    const events = rt.db.collection('pay_events').find({});
    expect(events).toHaveLength(1);
    expect(events[0].SOURCE).toBe('wx_paycallback');
    expect(events[0].event).toEqual(
      expect.objectContaining({
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        outTradeNo: 'E2026_w1_p1',
        totalFee: 1234,
        cashFee: 1234,
        subMchId: '1900000001',
        transactionId: expect.stringMatching(/^4200\d{24}$/),
        timeEnd: expect.stringMatching(/^\d{14}$/),
        subOpenid: 'o-payer',
      }),
    );

    const after = await pay('queryOrder', { subMchId: '1900000001', outTradeNo: 'E2026_w1_p1' });
    expect(after.r).toEqual(
      expect.objectContaining({
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        tradeState: 'SUCCESS',
        totalFee: 1234,
        outTradeNo: 'E2026_w1_p1',
        transactionId: events[0].event.transactionId,
        timeEnd: events[0].event.timeEnd,
      }),
    );

    // A second click pays nothing twice and sends no second callback by itself.
    const again = await c.request('POST', '/pay/E2026_w1_p1/confirm', undefined, {
      headers: { accept: 'application/json' },
    });
    expect(again.body.data.transactionId).toBe(events[0].event.transactionId);
    expect(rt.db.collection('pay_events').count({})).toBe(1);

    // Replaying the notification (as WeChat's duplicates do) delivers the same payment again.
    const replay = await c.post('/pay/E2026_w1_p1/renotify');
    expect(replay.body).toEqual({ ok: true, data: { acknowledged: true, attempts: 2 } });
    const all = rt.db.collection('pay_events').find({});
    expect(all).toHaveLength(2);
    expect(all[1].event.transactionId).toBe(all[0].event.transactionId);
  });

  it('retries an unacknowledged notification until the callback answers errcode 0', async () => {
    await order('E2026_flaky', { functionName: 'flaky' });
    const r = await rt
      .client()
      .request('POST', '/pay/E2026_flaky/confirm', undefined, { headers: { accept: 'application/json' } });
    expect(r.body.data.delivered).toBe(false);
    await waitFor(() => rt.pay.get('E2026_flaky')?.delivered === true);
    expect(rt.pay.get('E2026_flaky')?.notifyAttempts).toBe(3);
    const calls = rt.db.collection('flaky_calls').find({ no: 'E2026_flaky' });
    expect(calls.map((c: { SOURCE: string }) => c.SOURCE)).toEqual([
      'wx_paycallback',
      'wx_paycallback',
      'wx_paycallback',
    ]);
  });

  it('repeats an identical unifiedOrder with the same prepay_id and refuses a changed or paid one', async () => {
    const a = await order('E2026_rep');
    const b = await order('E2026_rep');
    expect(b.r.prepayId).toBe(a.r.prepayId);
    const changed = await order('E2026_rep', { totalFee: 1 });
    expect(changed.r).toEqual(
      expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '201 商户订单号重复' }),
    );
    const paid = await order('E2026_w1_p1');
    expect(paid.r).toEqual(expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '该订单已支付' }));
  });

  it('validates out_trade_no, total_fee and the callback function', async () => {
    for (const bad of [
      { outTradeNo: 'x'.repeat(33) },
      { outTradeNo: 'has space' },
      { totalFee: 0 },
      { totalFee: 12.5 },
      { functionName: 'ghost' },
    ]) {
      const r = await order('E2026_bad', bad);
      expect(r.r).toEqual(expect.objectContaining({ returnCode: 'SUCCESS', resultCode: 'FAIL' }));
    }
    expect(rt.pay.get('E2026_bad')).toBeNull();
  });

  it('closeOrder closes an unpaid order, which can then not be paid', async () => {
    await order('E2026_close');
    const closed = await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_close' });
    expect(closed.r).toEqual(expect.objectContaining({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' }));
    const q = await pay('queryOrder', { subMchId: '1900000001', outTradeNo: 'E2026_close' });
    expect(q.r.tradeState).toBe('CLOSED');
    const confirm = await rt
      .client()
      .request('POST', '/pay/E2026_close/confirm', undefined, { headers: { accept: 'application/json' } });
    expect(confirm.status).toBe(409);
    expect(rt.pay.get('E2026_close')?.state).toBe('CLOSED');
  });

  it('answers an unknown order and an unsupported pay API', async () => {
    const q = await pay('queryOrder', { subMchId: '1900000001', outTradeNo: 'nope' });
    expect(q.r).toEqual(expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '订单不存在' }));
    const refund = await pay('refund', { outTradeNo: 'E2026_w1_p1' });
    expect(refund).toEqual(expect.objectContaining({ ok: false, errCode: -501007 }));
    expect((await rt.client().get('/pay/nope')).status).toBe(404);
  });

  it('never redirects the payer off this origin', async () => {
    await order('E2026_redir');
    const r = await rt.client().request('POST', '/pay/E2026_redir/cancel', undefined, {
      raw: 'return=https%3A%2F%2Fevil.example%2F',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${rt.url}/`);
    expect(rt.pay.get('E2026_redir')?.state).toBe('NOTPAY');
  });
});
