import { chinaTimestamp } from '../../cloudfunctions/_runtime/pay/sandbox';
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
  // Moves the sandbox's time (order expiry) without waiting; retries still run on real timers.
  let offsetMs = 0;

  beforeAll(async () => {
    rt = await startTestRuntime({
      publicUrl: undefined,
      clock: () => Date.now() + offsetMs,
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
    const unsupported = await pay('downloadFundFlow', { billDate: '20260301' });
    expect(unsupported).toEqual(expect.objectContaining({ ok: false, errCode: -501007 }));
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

  const confirmJson = (no: string) =>
    rt.client().request('POST', `/pay/${no}/confirm`, undefined, { headers: { accept: 'application/json' } });
  const query = (no: string) => pay('queryOrder', { subMchId: '1900000001', outTradeNo: no });

  describe('timeExpire', () => {
    afterEach(() => {
      offsetMs = 0;
    });

    it('after time_expire the pay page refuses to pay; the order stays NOTPAY until closed', async () => {
      const at = chinaTimestamp(Date.now() + 10 * 60_000);
      const placed = await order('E2026_exp', { timeExpire: at });
      expect(placed.r).toEqual(expect.objectContaining({ resultCode: 'SUCCESS' }));
      expect(rt.pay.get('E2026_exp')?.timeExpire).toBe(at);
      // Identical repeat before expiry: same prepay_id.
      expect((await order('E2026_exp', { timeExpire: at })).r.prepayId).toBe(placed.r.prepayId);

      offsetMs = 10 * 60_000 + 1000;
      const refused = await confirmJson('E2026_exp');
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('PAY.ORDER_EXPIRED');
      const page = await rt.client().get('/pay/E2026_exp');
      expect(page.text).toContain('已过期');
      expect(page.text).not.toContain('确认支付');
      expect((await query('E2026_exp')).r).toEqual(
        expect.objectContaining({ resultCode: 'SUCCESS', tradeState: 'NOTPAY' }),
      );
      // The same out_trade_no cannot be ordered again once expired.
      expect((await order('E2026_exp', { timeExpire: at })).r).toEqual(
        expect.objectContaining({ resultCode: 'FAIL' }),
      );
      // Closing it works, and then queryOrder says CLOSED.
      expect(
        (await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_exp' })).r.resultCode,
      ).toBe('SUCCESS');
      expect((await query('E2026_exp')).r.tradeState).toBe('CLOSED');
    });

    it('pays before time_expire', async () => {
      await order('E2026_exp_ok', { timeExpire: chinaTimestamp(Date.now() + 10 * 60_000) });
      offsetMs = 9 * 60_000;
      expect((await confirmJson('E2026_exp_ok')).body.data.state).toBe('SUCCESS');
      expect((await query('E2026_exp_ok')).r.tradeState).toBe('SUCCESS');
    });

    it('refuses a malformed or too short time_expire as WeChat does', async () => {
      for (const timeExpire of [
        '2026-03-01 10:00:00',
        '20260230120000',
        chinaTimestamp(Date.now() + 60_000),
      ]) {
        const r = await order('E2026_exp_bad', { timeExpire });
        expect(r.r).toEqual(
          expect.objectContaining({ resultCode: 'FAIL', errCodeDes: expect.stringMatching(/time_expire/) }),
        );
      }
      expect(rt.pay.get('E2026_exp_bad')).toBeNull();
    });
  });

  it('closeOrder answers like WeChat: paid → FAIL ORDERPAID (the SDK reports errCode 0, so read errCodeDes)', async () => {
    await order('E2026_close_paid');
    await confirmJson('E2026_close_paid');
    const r = await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_close_paid' });
    expect(r.r).toEqual(
      expect.objectContaining({
        returnCode: 'SUCCESS',
        resultCode: 'FAIL',
        errCode: 0,
        errCodeDes: '订单已支付，不能发起关单',
      }),
    );
    expect((await query('E2026_close_paid')).r.tradeState).toBe('SUCCESS');
    await order('E2026_close_twice');
    expect(
      (await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_close_twice' })).r.resultCode,
    ).toBe('SUCCESS');
    expect((await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_close_twice' })).r).toEqual(
      expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '订单已关闭' }),
    );
    expect((await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_never' })).r).toEqual(
      expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '订单不存在' }),
    );
  });

  describe('refund', () => {
    const refund = (outTradeNo: string, outRefundNo: string, refundFee: number, totalFee = 1234) =>
      pay('refund', {
        outTradeNo,
        outRefundNo,
        totalFee,
        refundFee,
        subMchId: '1900000001',
        nonceStr: 'n1',
        envId: 'local',
        functionName: 'paynotify',
      });

    it('refunds a paid order once per outRefundNo; queryOrder then says REFUND', async () => {
      await order('E2026_ref');
      await confirmJson('E2026_ref');
      const first = await refund('E2026_ref', 'R2026_ref_1', 1234);
      expect(first.r).toEqual(
        expect.objectContaining({
          returnCode: 'SUCCESS',
          resultCode: 'SUCCESS',
          outTradeNo: 'E2026_ref',
          outRefundNo: 'R2026_ref_1',
          refundId: expect.stringMatching(/^50\d{26}$/),
          refundFee: 1234,
          totalFee: 1234,
        }),
      );
      const again = await refund('E2026_ref', 'R2026_ref_1', 1234);
      expect(again.r.refundId).toBe(first.r.refundId);
      expect(rt.pay.get('E2026_ref')?.refunds).toHaveLength(1);
      expect((await query('E2026_ref')).r).toEqual(
        expect.objectContaining({ tradeState: 'REFUND', transactionId: expect.any(String) }),
      );
      // Fully refunded: nothing more can be refunded; the same number with another amount is refused.
      expect((await refund('E2026_ref', 'R2026_ref_2', 1)).r).toEqual(
        expect.objectContaining({ resultCode: 'FAIL' }),
      );
      expect((await refund('E2026_ref', 'R2026_ref_1', 1000)).r).toEqual(
        expect.objectContaining({ resultCode: 'FAIL', errCodeDes: expect.stringContaining('不一致') }),
      );
      const q = await pay('queryRefund', { subMchId: '1900000001', outRefundNo: 'R2026_ref_1' });
      expect(q.r).toEqual(
        expect.objectContaining({
          resultCode: 'SUCCESS',
          outTradeNo: 'E2026_ref',
          refundCount: 1,
          refundStatus_0: 'SUCCESS',
          refundId_0: first.r.refundId,
        }),
      );
      // A paid order cannot be paid again or closed after a refund.
      expect(
        (await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_ref' })).r.resultCode,
      ).toBe('FAIL');
    });

    it('refunds in parts up to the paid amount, and refuses unpaid or unknown orders', async () => {
      await order('E2026_part');
      await confirmJson('E2026_part');
      expect((await refund('E2026_part', 'R_part_1', 234)).r.resultCode).toBe('SUCCESS');
      expect((await query('E2026_part')).r.tradeState).toBe('REFUND');
      expect((await refund('E2026_part', 'R_part_2', 1001)).r.resultCode).toBe('FAIL');
      expect((await refund('E2026_part', 'R_part_3', 1000)).r.resultCode).toBe('SUCCESS');
      expect(
        (await pay('queryRefund', { subMchId: '1900000001', outTradeNo: 'E2026_part' })).r.refundCount,
      ).toBe(2);
      await order('E2026_unpaid');
      expect((await refund('E2026_unpaid', 'R_unpaid', 1234)).r).toEqual(
        expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '订单未支付，不能退款' }),
      );
      expect((await refund('E2026_ghost', 'R_ghost', 1234)).r).toEqual(
        expect.objectContaining({ resultCode: 'FAIL', errCodeDes: '订单不存在' }),
      );
      expect((await refund('E2026_part', 'R_wrong_total', 1, 999)).r.resultCode).toBe('FAIL');
    });
  });

  describe('fault injection (runtime.pay.failNext)', () => {
    it('fails the next N queryOrder calls with result_code FAIL / SYSTEMERROR, then answers again', async () => {
      await order('E2026_fault');
      rt.pay.failNext('queryOrder', 2);
      for (let i = 0; i < 2; i++) {
        const r = await query('E2026_fault');
        expect(r.ok).toBe(true);
        expect(r.r).toEqual(
          expect.objectContaining({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '系统错误' }),
        );
        expect(r.r.tradeState).toBeUndefined();
      }
      expect((await query('E2026_fault')).r.tradeState).toBe('NOTPAY');
    });

    it('can fail with return_code FAIL or as a platform error the SDK throws', async () => {
      await order('E2026_fault2');
      rt.pay.failNext('queryOrder', 1, 'return');
      expect((await query('E2026_fault2')).r).toEqual(
        expect.objectContaining({ returnCode: 'FAIL', returnMsg: expect.any(String) }),
      );
      rt.pay.failNext('queryOrder', 1, 'platform');
      expect(await query('E2026_fault2')).toEqual(expect.objectContaining({ ok: false, errCode: -501001 }));
      expect((await query('E2026_fault2')).r.tradeState).toBe('NOTPAY');
      // Only the named API fails.
      rt.pay.failNext('closeOrder', 1);
      expect((await query('E2026_fault2')).r.resultCode).toBe('SUCCESS');
      expect(
        (await pay('closeOrder', { subMchId: '1900000001', outTradeNo: 'E2026_fault2' })).r.errCodeDes,
      ).toBe('系统错误');
      expect(rt.pay.get('E2026_fault2')?.state).toBe('NOTPAY');
    });
  });
});
