import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { FunctionHost, Invocation } from '../host/function-host';
import type { RuntimeSecret } from '../auth/secret';
import type { Clock, CollectionSource } from '../store';

export const PAY_ORDERS = '_rt_pay_orders';
/** The merchant number the sandbox claims to be (WeChat Pay's documentation example). */
const SANDBOX_MCH_ID = '1900000109';
const OUT_TRADE_NO = /^[0-9A-Za-z_-]{1,32}$/;

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

/** Paid, whatever happened since (WeChat reports REFUND once any refund was made). */
const isPaid = (state: TradeState): boolean => state === 'SUCCESS' || state === 'REFUND';

export interface PayRefund {
  outRefundNo: string;
  refundId: string;
  refundFee: number;
  /** yyyyMMddHHmmss, China time. */
  successTime: string;
}

/**
 * How the next calls of an API fail, for tests of callers' retry paths:
 * `return` = return_code FAIL (communication failure), `result` = result_code FAIL with
 * err_code SYSTEMERROR, `platform` = a CloudBase error, which the SDK throws as -501001.
 */
export type PayFault = 'return' | 'result' | 'platform';

/** Thrown by PaySandbox.handle for the `platform` fault; the admin route answers it as a TCB error. */
export class PayPlatformError extends Error {
  readonly code = 'SYS_ERR';
}

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
  /** unifiedOrder's time_expire as given (yyyyMMddHHmmss, China time), and as epoch ms. */
  timeExpire?: string;
  expiresAtMs?: number;
  state: TradeState;
  createdAt: string;
  transactionId?: string;
  timeEnd?: string;
  /** False until the callback function has answered `{errcode: 0}`. */
  delivered: boolean;
  notifyAttempts: number;
  lastNotifyResult?: string;
  refunds?: PayRefund[];
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
  REFUND: '转入退款',
};
const REFUND_NO = /^[0-9A-Za-z_|*@-]{1,64}$/;
/** WeChat Pay refuses a JSAPI time_expire less than 5 minutes away. */
const MIN_EXPIRE_MS = 5 * 60_000;

/** yyyyMMddHHmmss in China time, as WeChat Pay writes time_end. */
export function chinaTimestamp(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Epoch ms of a yyyyMMddHHmmss China-time stamp, or null when it is not a real time. */
export function parseChinaTimestamp(s: unknown): number | null {
  if (typeof s !== 'string' || !/^\d{14}$/.test(s)) return null;
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}+08:00`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2026-02-30 over to March: a stamp that does not print back is not a time.
  return Number.isNaN(ms) || chinaTimestamp(ms) !== s ? null : ms;
}

/** The unifiedOrder fields the sandbox needs, once checked. */
interface UnifiedOrderInput {
  outTradeNo: string;
  totalFee: number;
  body: string;
  subMchId: string;
  functionName: string;
  expiresAtMs?: number;
}

/** What is wrong with a unifiedOrder's required fields (the first problem), or null. */
function unifiedOrderProblem(
  p: Record<string, unknown>,
  functionExists: (name: string) => boolean,
): string | null {
  if (typeof p.out_trade_no !== 'string' || !OUT_TRADE_NO.test(p.out_trade_no))
    return 'out_trade_no 应为 1-32 位字母、数字、_ 或 -';
  if (typeof p.total_fee !== 'number' || !Number.isInteger(p.total_fee) || p.total_fee <= 0)
    return 'total_fee 应为正整数（分）';
  if (typeof p.body !== 'string' || p.body.length === 0 || p.body.length > 128)
    return 'body 必填，最多 128 字';
  if (typeof p.sub_mch_id !== 'string' || !p.sub_mch_id) return 'sub_mch_id 必填';
  if (typeof p.function_name !== 'string' || !functionExists(p.function_name))
    return `回调云函数不存在：${String(p.function_name)}`;
  return null;
}

/**
 * The cloudPay sandbox: unifiedOrder/queryOrder/closeOrder over durable orders, a page where the
 * "payer" confirms, and the payment notification delivered the way CloudBase delivers it — by
 * invoking the order's callback function with SOURCE wx_paycallback — retried until it answers
 * `{errcode: 0}`.
 */
export class PaySandbox {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults = new Map<string, { times: number; kind: PayFault }>();
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

  /**
   * Test hook: the next `times` calls of `apiName` fail as `kind` says, without touching any order,
   * so tests can prove a caller treats a failed query as "unknown, retry" rather than "unpaid".
   */
  failNext(apiName: string, times = 1, kind: PayFault = 'result'): void {
    if (times <= 0) this.faults.delete(apiName);
    else this.faults.set(apiName, { times, kind });
  }

  private injectedFault(apiName: string): PayReply | null {
    const f = this.faults.get(apiName);
    if (!f) return null;
    if (--f.times <= 0) this.faults.delete(apiName);
    this.opts.log(`[pay] ${apiName}: injected ${f.kind} failure`);
    if (f.kind === 'platform') throw new PayPlatformError(`injected failure of ${apiName}`);
    if (f.kind === 'return') return { return_code: 'FAIL', return_msg: '系统繁忙，请稍后再试' };
    return this.fail('SYSTEMERROR', '系统错误');
  }

  /** wx.wxPayApi actions. Null = not emulated (the caller answers INVALID_PARAM). */
  handle(apiName: string, params: Record<string, unknown>, caller: Invocation | undefined): PayReply | null {
    const known = ['unifiedOrder', 'queryOrder', 'closeOrder', 'refund', 'queryRefund'];
    if (!known.includes(apiName)) return null;
    const fault = this.injectedFault(apiName);
    if (fault) return fault;
    switch (apiName) {
      case 'unifiedOrder':
        return this.unifiedOrder(params, caller);
      case 'queryOrder':
        return this.queryOrder(params);
      case 'closeOrder':
        return this.closeOrder(params);
      case 'refund':
        return this.refund(params);
      default:
        return this.queryRefund(params);
    }
  }

  /** An unpaid order past its time_expire: WeChat refuses to pay it, and it stays NOTPAY until closed. */
  expired(o: PayOrder): boolean {
    return o.state === 'NOTPAY' && o.expiresAtMs !== undefined && this.opts.clock() >= o.expiresAtMs;
  }

  private unifiedOrder(p: Record<string, unknown>, caller: Invocation | undefined): PayReply {
    const checked = this.checkUnifiedOrder(p);
    if ('reply' in checked) return checked.reply;
    const { input } = checked;
    const existing = this.get(input.outTradeNo);
    if (existing) return this.repeatUnifiedOrder(existing, p);
    if (input.expiresAtMs !== undefined && input.expiresAtMs - this.opts.clock() < MIN_EXPIRE_MS)
      return this.fail('PARAM_ERROR', 'time_expire时间过短，刷卡至少1分钟，其他5分钟');
    const order = this.createOrder(input, p, caller);
    this.save(order);
    this.opts.log(
      `[pay] unifiedOrder ${order.outTradeNo} ¥${(order.totalFee / 100).toFixed(2)} → notify ${order.functionName}`,
    );
    return this.prepayReply(order, p);
  }

  /** The required unifiedOrder fields, checked in WeChat's order; a PARAM_ERROR reply for the first bad one. */
  private checkUnifiedOrder(p: Record<string, unknown>): { input: UnifiedOrderInput } | { reply: PayReply } {
    const problem = unifiedOrderProblem(p, (fn) => this.opts.host.exists(fn));
    if (problem) return { reply: this.fail('PARAM_ERROR', problem) };
    let expiresAtMs: number | undefined;
    if (p.time_expire !== undefined) {
      const at = parseChinaTimestamp(p.time_expire);
      if (at === null)
        return { reply: this.fail('PARAM_ERROR', 'time_expire 格式应为 yyyyMMddHHmmss（北京时间）') };
      expiresAtMs = at;
    }
    return {
      input: {
        outTradeNo: p.out_trade_no as string,
        body: p.body as string,
        totalFee: p.total_fee as number,
        subMchId: p.sub_mch_id as string,
        functionName: p.function_name as string,
        expiresAtMs,
      },
    };
  }

  /** unifiedOrder for an outTradeNo already known: the same prepay_id for an identical repeat, else a refusal. */
  private repeatUnifiedOrder(existing: PayOrder, p: Record<string, unknown>): PayReply {
    if (isPaid(existing.state)) return this.fail('ORDERPAID', '该订单已支付');
    if (existing.state === 'CLOSED') return this.fail('ORDERCLOSED', '该订单已关闭');
    if (this.expired(existing)) return this.fail('ORDERCLOSED', '订单已过期，请使用新的商户订单号下单');
    const same =
      existing.totalFee === p.total_fee &&
      existing.body === p.body &&
      existing.subMchId === p.sub_mch_id &&
      existing.functionName === p.function_name &&
      existing.timeExpire === p.time_expire;
    // WeChat returns the same prepay_id for a repeated identical order and refuses a changed one.
    if (!same) return this.fail('INVALID_REQUEST', '201 商户订单号重复');
    return this.prepayReply(existing, p);
  }

  private createOrder(
    input: UnifiedOrderInput,
    p: Record<string, unknown>,
    caller: Invocation | undefined,
  ): PayOrder {
    const { expiresAtMs, ...fields } = input;
    return {
      ...fields,
      envId: typeof p.env_id === 'string' && p.env_id ? p.env_id : this.opts.envId,
      openid: caller?.openid ?? '',
      tradeType: typeof p.trade_type === 'string' ? p.trade_type : 'JSAPI',
      prepayId: `wx${chinaTimestamp(this.opts.clock())}${randomBytes(10).toString('hex')}`,
      attach: typeof p.attach === 'string' ? p.attach : undefined,
      ...(expiresAtMs !== undefined ? { timeExpire: p.time_expire as string, expiresAtMs } : {}),
      state: 'NOTPAY',
      createdAt: new Date(this.opts.clock()).toISOString(),
      delivered: false,
      notifyAttempts: 0,
    };
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
      ...(isPaid(o.state)
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
    if (isPaid(o.state)) return this.fail('ORDERPAID', '订单已支付，不能发起关单');
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
      nonce_str: randomBytes(16).toString('hex'),
    };
  }

  /**
   * cloudPay.refund: refunds part or all of a paid order, once per out_refund_no (a repeated
   * request answers the same refund). The refund succeeds at once; no refund notification is sent.
   */
  private refund(p: Record<string, unknown>): PayReply {
    const o = this.findByParams(p);
    if (!o) return this.fail('ORDERNOTEXIST', '订单不存在');
    const outRefundNo = p.out_refund_no;
    if (typeof outRefundNo !== 'string' || !REFUND_NO.test(outRefundNo))
      return this.fail('PARAM_ERROR', 'out_refund_no 应为 1-64 位字母、数字或 _-|*@');
    const fee = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
    const totalFee = fee(p.total_fee);
    const refundFee = fee(p.refund_fee);
    if (totalFee === null || refundFee === null)
      return this.fail('PARAM_ERROR', 'total_fee 和 refund_fee 应为正整数（分）');
    if (typeof p.sub_mch_id !== 'string' || !p.sub_mch_id) return this.fail('PARAM_ERROR', 'sub_mch_id 必填');
    const refunds = o.refunds ?? [];
    const previous = refunds.find((r) => r.outRefundNo === outRefundNo);
    if (previous) {
      if (previous.refundFee !== refundFee || totalFee !== o.totalFee)
        return this.fail('REFUND_FEE_MISMATCH', '订单金额或退款金额与之前请求不一致，请核实后再试');
      return this.refundReply(o, previous);
    }
    if (!isPaid(o.state)) return this.fail('TRADE_STATE_ERROR', '订单未支付，不能退款');
    if (totalFee !== o.totalFee) return this.fail('PARAM_ERROR', '订单金额与支付金额不一致');
    const refunded = refunds.reduce((sum, r) => sum + r.refundFee, 0);
    if (refunded + refundFee > o.totalFee) return this.fail('ERROR', '累计退款金额大于支付金额');
    const now = this.opts.clock();
    const made: PayRefund = {
      outRefundNo,
      refundId: `50${chinaTimestamp(now).slice(0, 8)}${String(randomInt(0, 10 ** 12)).padStart(12, '0')}${String(randomInt(0, 10 ** 6)).padStart(6, '0')}`,
      refundFee,
      successTime: chinaTimestamp(now),
    };
    const next: PayOrder = { ...o, state: 'REFUND', refunds: [...refunds, made] };
    this.save(next);
    this.opts.log(`[pay] refund ${o.outTradeNo} ${outRefundNo} ¥${(refundFee / 100).toFixed(2)}`);
    return this.refundReply(next, made);
  }

  private refundReply(o: PayOrder, r: PayRefund): PayReply {
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      result_code: 'SUCCESS',
      appid: this.opts.appId,
      mch_id: SANDBOX_MCH_ID,
      sub_mch_id: o.subMchId,
      nonce_str: randomBytes(16).toString('hex'),
      transaction_id: o.transactionId,
      out_trade_no: o.outTradeNo,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_fee: r.refundFee,
      total_fee: o.totalFee,
      cash_fee: o.totalFee,
      cash_refund_fee: r.refundFee,
      refund_channel: 'ORIGINAL',
    };
  }

  /** cloudPay.queryRefund: by out_trade_no / transaction_id (all refunds) or out_refund_no / refund_id (one). */
  private queryRefund(p: Record<string, unknown>): PayReply {
    let o = this.findByParams(p);
    let refunds = o?.refunds ?? [];
    for (const key of ['out_refund_no', 'refund_id'] as const) {
      const want = p[key];
      if (o || typeof want !== 'string') continue;
      const field = key === 'out_refund_no' ? 'outRefundNo' : 'refundId';
      o =
        (this.orders().find({ refunds: { $elemMatch: { [field]: want } } }, { limit: 1 })[0] as PayOrder) ??
        null;
      refunds = (o?.refunds ?? []).filter((r) => r[field] === want);
    }
    if (!o || refunds.length === 0) return this.fail('REFUNDNOTEXIST', '退款订单查询失败');
    const indexed: PayReply = {};
    refunds.forEach((r, i) => {
      indexed[`out_refund_no_${i}`] = r.outRefundNo;
      indexed[`refund_id_${i}`] = r.refundId;
      indexed[`refund_fee_${i}`] = r.refundFee;
      indexed[`refund_status_${i}`] = 'SUCCESS';
      indexed[`refund_success_time_${i}`] = r.successTime;
      indexed[`refund_channel_${i}`] = 'ORIGINAL';
    });
    return {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      result_code: 'SUCCESS',
      appid: this.opts.appId,
      mch_id: SANDBOX_MCH_ID,
      sub_mch_id: o.subMchId,
      nonce_str: randomBytes(16).toString('hex'),
      transaction_id: o.transactionId,
      out_trade_no: o.outTradeNo,
      total_fee: o.totalFee,
      cash_fee: o.totalFee,
      refund_count: refunds.length,
      ...indexed,
    };
  }

  /** The payer confirms on the sandbox page: the order is paid, then the callback is delivered. */
  async confirm(outTradeNo: string): Promise<PayOrder> {
    const o = this.get(outTradeNo);
    if (!o) throw new Error('ORDERNOTEXIST');
    if (o.state === 'CLOSED') throw new Error('ORDERCLOSED');
    if (isPaid(o.state)) return o; // a second click pays nothing twice
    if (this.expired(o)) throw new Error('ORDEREXPIRED');
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
    if (!o || !isPaid(o.state)) throw new Error('order is not paid');
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
    const pending = this.orders().find(
      { state: { $in: ['SUCCESS', 'REFUND'] }, delivered: false },
      { limit: 1000 },
    ) as PayOrder[];
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
