import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { FunctionHost, Invocation } from '../host/function-host';
import type { RuntimeSecret } from '../auth/secret';
import type { Clock, CollectionSource } from '../store';

export const PAY_ORDERS = '_rt_pay_orders';
/** The merchant number the sandbox claims to be (WeChat Pay's documentation example). */
const SANDBOX_MCH_ID = '1900000109';
const OUT_TRADE_NO = /^[0-9A-Za-z_-]{1,32}$/;

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED';

export interface PayOrder {
  outTradeNo: string;
  body: string;
  totalFee: number;
  subMchId: string;
  functionName: string;
  envId: string;
  /** Who placed the order: the openid of the function invocation that called unifiedOrder. */
  openid: string;
  tradeType: string;
  prepayId: string;
  attach?: string;
  state: TradeState;
  createdAt: string;
  transactionId?: string;
  timeEnd?: string;
  /** False until the callback function has answered `{errcode: 0}`. */
  delivered: boolean;
  notifyAttempts: number;
  lastNotifyResult?: string;
}

export interface PaySandboxOptions {
  db: CollectionSource;
  host: FunctionHost;
  secret: RuntimeSecret;
  clock: Clock;
  appId: string;
  envId: string;
  publicUrl: string;
  log: (line: string) => void;
  /** Delays before each retry of an unanswered notification. */
  retryDelaysMs?: number[];
}

export type PayReply = Record<string, unknown>;

const TRADE_STATE_DESC: Record<TradeState, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
};

/** yyyyMMddHHmmss in China time, as WeChat Pay writes time_end. */
export function chinaTimestamp(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The cloudPay sandbox: unifiedOrder/queryOrder/closeOrder over durable orders, a page where the
 * "payer" confirms, and the payment notification delivered the way CloudBase delivers it — by
 * invoking the order's callback function with SOURCE wx_paycallback — retried until it answers
 * `{errcode: 0}`.
 */
export class PaySandbox {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly delays: number[];

  constructor(private readonly opts: PaySandboxOptions) {
    this.delays = opts.retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000, 16_000];
  }

  private orders() {
    return this.opts.db.collection(PAY_ORDERS);
  }

  get(outTradeNo: string): PayOrder | null {
    if (!OUT_TRADE_NO.test(outTradeNo)) return null;
    return this.orders().get(outTradeNo) as PayOrder | null;
  }

  private save(o: PayOrder): void {
    this.orders().set(o.outTradeNo, o);
  }

  private fail(errCode: string, desc: string): PayReply {
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      result_code: 'FAIL',
      err_code: errCode,
      err_code_des: desc,
      appid: this.opts.appId,
      mch_id: SANDBOX_MCH_ID,
    };
  }

  private payKey(): string {
    return this.opts.secret.mac('pay-key', 'sandbox');
  }

  /** wx.wxPayApi actions. Null = not emulated (the caller answers INVALID_PARAM). */
  handle(apiName: string, params: Record<string, unknown>, caller: Invocation | undefined): PayReply | null {
    switch (apiName) {
      case 'unifiedOrder':
        return this.unifiedOrder(params, caller);
      case 'queryOrder':
        return this.queryOrder(params);
      case 'closeOrder':
        return this.closeOrder(params);
      default:
        return null;
    }
  }

  private unifiedOrder(p: Record<string, unknown>, caller: Invocation | undefined): PayReply {
    const outTradeNo = p.out_trade_no;
    if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo))
      return this.fail('PARAM_ERROR', 'out_trade_no 应为 1-32 位字母、数字、_ 或 -');
    if (typeof p.total_fee !== 'number' || !Number.isInteger(p.total_fee) || p.total_fee <= 0)
      return this.fail('PARAM_ERROR', 'total_fee 应为正整数（分）');
    if (typeof p.body !== 'string' || p.body.length === 0 || p.body.length > 128)
      return this.fail('PARAM_ERROR', 'body 必填，最多 128 字');
    if (typeof p.sub_mch_id !== 'string' || !p.sub_mch_id) return this.fail('PARAM_ERROR', 'sub_mch_id 必填');
    if (typeof p.function_name !== 'string' || !this.opts.host.exists(p.function_name))
      return this.fail('PARAM_ERROR', `回调云函数不存在：${String(p.function_name)}`);
    const existing = this.get(outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS') return this.fail('ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return this.fail('ORDERCLOSED', '该订单已关闭');
      const same =
        existing.totalFee === p.total_fee &&
        existing.body === p.body &&
        existing.subMchId === p.sub_mch_id &&
        existing.functionName === p.function_name;
      // WeChat returns the same prepay_id for a repeated identical order and refuses a changed one.
      if (!same) return this.fail('INVALID_REQUEST', '201 商户订单号重复');
      return this.prepayReply(existing, p);
    }
    const order: PayOrder = {
      outTradeNo,
      body: p.body,
      totalFee: p.total_fee,
      subMchId: p.sub_mch_id,
      functionName: p.function_name,
      envId: typeof p.env_id === 'string' && p.env_id ? p.env_id : this.opts.envId,
      openid: caller?.openid ?? '',
      tradeType: typeof p.trade_type === 'string' ? p.trade_type : 'JSAPI',
      prepayId: `wx${chinaTimestamp(this.opts.clock())}${randomBytes(10).toString('hex')}`,
      attach: typeof p.attach === 'string' ? p.attach : undefined,
      state: 'NOTPAY',
      createdAt: new Date(this.opts.clock()).toISOString(),
      delivered: false,
      notifyAttempts: 0,
    };
    this.save(order);
    this.opts.log(
      `[pay] unifiedOrder ${outTradeNo} ¥${(order.totalFee / 100).toFixed(2)} → notify ${order.functionName}`,
    );
    return this.prepayReply(order, p);
  }

  private prepayReply(o: PayOrder, p: Record<string, unknown>): PayReply {
    const nonceStr =
      typeof p.nonce_str === 'string' && p.nonce_str ? p.nonce_str : randomBytes(16).toString('hex');
    const timeStamp = String(Math.floor(this.opts.clock() / 1000));
    const pkg = `prepay_id=${o.prepayId}`;
    const paySign = createHash('md5')
      .update(
        `appId=${this.opts.appId}&nonceStr=${nonceStr}&package=${pkg}&signType=MD5&timeStamp=${timeStamp}&key=${this.payKey()}`,
      )
      .digest('hex')
      .toUpperCase();
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid: this.opts.appId,
      mch_id: SANDBOX_MCH_ID,
      sub_mch_id: o.subMchId,
      nonce_str: nonceStr,
      result_code: 'SUCCESS',
      trade_type: o.tradeType,
      prepay_id: o.prepayId,
      payment: { appId: this.opts.appId, timeStamp, nonceStr, package: pkg, signType: 'MD5', paySign },
      sandboxPayUrl: `${this.opts.publicUrl}/pay/${o.outTradeNo}`,
    };
  }

  private findByParams(p: Record<string, unknown>): PayOrder | null {
    if (typeof p.out_trade_no === 'string') return this.get(p.out_trade_no);
    if (typeof p.transaction_id === 'string')
      return (this.orders().find({ transactionId: p.transaction_id }, { limit: 1 })[0] as PayOrder) ?? null;
    return null;
  }

  private queryOrder(p: Record<string, unknown>): PayReply {
    const o = this.findByParams(p);
    if (!o) return this.fail('ORDERNOTEXIST', '订单不存在');
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      result_code: 'SUCCESS',
      appid: this.opts.appId,
      mch_id: SANDBOX_MCH_ID,
      sub_mch_id: o.subMchId,
      nonce_str: randomBytes(16).toString('hex'),
      out_trade_no: o.outTradeNo,
      trade_state: o.state,
      trade_state_desc: TRADE_STATE_DESC[o.state],
      trade_type: o.tradeType,
      total_fee: o.totalFee,
      fee_type: 'CNY',
      ...(o.attach !== undefined ? { attach: o.attach } : {}),
      ...(o.state === 'SUCCESS'
        ? {
            transaction_id: o.transactionId,
            time_end: o.timeEnd,
            cash_fee: o.totalFee,
            bank_type: 'OTHERS',
            openid: o.openid,
            sub_openid: o.openid,
          }
        : {}),
    };
  }

  private closeOrder(p: Record<string, unknown>): PayReply {
    const o = typeof p.out_trade_no === 'string' ? this.get(p.out_trade_no) : null;
    if (!o) return this.fail('ORDERNOTEXIST', '订单不存在');
    if (o.state === 'SUCCESS') return this.fail('ORDERPAID', '订单已支付，不能关闭');
    if (o.state === 'CLOSED') return this.fail('ORDERCLOSED', '订单已关闭');
    this.save({ ...o, state: 'CLOSED' });
    this.opts.log(`[pay] closeOrder ${o.outTradeNo}`);
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      result_code: 'SUCCESS',
      appid: this.opts.appId,
      mch_id: SANDBOX_MCH_ID,
      sub_mch_id: o.subMchId,
    };
  }

  /** The payer confirms on the sandbox page: the order is paid, then the callback is delivered. */
  async confirm(outTradeNo: string): Promise<PayOrder> {
    const o = this.get(outTradeNo);
    if (!o) throw new Error('ORDERNOTEXIST');
    if (o.state === 'CLOSED') throw new Error('ORDERCLOSED');
    if (o.state === 'SUCCESS') return o; // a second click pays nothing twice
    const now = this.opts.clock();
    const paid: PayOrder = {
      ...o,
      state: 'SUCCESS',
      transactionId: `4200${chinaTimestamp(now).slice(0, 8)}${String(randomInt(0, 10 ** 12)).padStart(12, '0')}${String(randomInt(0, 10 ** 4)).padStart(4, '0')}`,
      timeEnd: chinaTimestamp(now),
    };
    this.save(paid);
    this.opts.log(`[pay] paid ${outTradeNo} transaction ${paid.transactionId}`);
    await this.deliver(outTradeNo, 0);
    return this.get(outTradeNo) as PayOrder;
  }

  /** The event CloudBase passes to the callback function (the pay notification, camelCased). */
  callbackEvent(o: PayOrder): Record<string, unknown> {
    return {
      appid: this.opts.appId,
      bankType: 'OTHERS',
      cashFee: o.totalFee,
      feeType: 'CNY',
      isSubscribe: 'N',
      mchId: SANDBOX_MCH_ID,
      nonceStr: randomBytes(16).toString('hex'),
      openid: o.openid,
      outTradeNo: o.outTradeNo,
      resultCode: 'SUCCESS',
      returnCode: 'SUCCESS',
      subAppid: this.opts.appId,
      subIsSubscribe: 'N',
      subMchId: o.subMchId,
      subOpenid: o.openid,
      timeEnd: o.timeEnd,
      totalFee: o.totalFee,
      tradeType: o.tradeType,
      transactionId: o.transactionId,
      ...(o.attach !== undefined ? { attach: o.attach } : {}),
      userInfo: { appId: this.opts.appId, openId: o.openid },
    };
  }

  /** One delivery attempt now; true when the callback acknowledged with errcode 0. */
  async notifyOnce(outTradeNo: string): Promise<{ acknowledged: boolean; result: unknown }> {
    const o = this.get(outTradeNo);
    if (!o || o.state !== 'SUCCESS') throw new Error('order is not paid');
    let result: unknown;
    let acknowledged = false;
    try {
      result = await this.opts.host.invoke(o.functionName, this.callbackEvent(o), {
        source: 'wx_paycallback',
      });
      acknowledged =
        !!result && typeof result === 'object' && (result as { errcode?: unknown }).errcode === 0;
    } catch (e) {
      result = { error: (e as Error)?.message ?? String(e) };
    }
    const now = this.get(outTradeNo) as PayOrder;
    this.save({
      ...now,
      delivered: now.delivered || acknowledged,
      notifyAttempts: now.notifyAttempts + 1,
      lastNotifyResult: JSON.stringify(result ?? null).slice(0, 500),
    });
    this.opts.log(
      `[pay] notify ${outTradeNo} → ${o.functionName}: ${acknowledged ? 'acknowledged' : 'not acknowledged'}`,
    );
    return { acknowledged, result };
  }

  private async deliver(outTradeNo: string, retryIndex: number): Promise<void> {
    if (this.closed) return;
    const { acknowledged } = await this.notifyOnce(outTradeNo);
    if (acknowledged || this.closed) return;
    const delay = this.delays[retryIndex];
    if (delay === undefined) {
      this.opts.log(
        `[pay] notify ${outTradeNo}: giving up after ${retryIndex + 1} attempts; POST /pay/${outTradeNo}/renotify to replay`,
      );
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.deliver(outTradeNo, retryIndex + 1).catch((e) =>
        this.opts.log(`[pay] notify ${outTradeNo} failed: ${(e as Error).message}`),
      );
    }, delay);
    t.unref();
    this.timers.add(t);
  }

  /** After a restart, carries on delivering notifications that were never acknowledged. */
  resumePending(): void {
    const pending = this.orders().find({ state: 'SUCCESS', delivered: false }, { limit: 1000 }) as PayOrder[];
    for (const o of pending) {
      const retryIndex = Math.max(0, o.notifyAttempts - 1);
      if (retryIndex >= this.delays.length) continue;
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.deliver(o.outTradeNo, retryIndex).catch(() => undefined);
      }, this.delays[0]);
      t.unref();
      this.timers.add(t);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
