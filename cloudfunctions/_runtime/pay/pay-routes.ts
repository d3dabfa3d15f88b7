import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../http/io';
import { renderPayMessage, renderPayPage, safeReturnUrl } from './page';
import type { PaySandbox } from './sandbox';

async function formField(req: IncomingMessage, name: string): Promise<string | null> {
  try {
    const raw = await readBody(req, 8 * 1024);
    return new URLSearchParams(raw.toString('utf8')).get(name);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return null;
    throw e;
  }
}

const html = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

/** /pay/<outTradeNo>[/confirm|/cancel|/renotify]: the sandbox payment sheet and its actions. */
export async function handlePay(
  pay: PaySandbox,
  publicUrl: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const m = /^\/pay\/([0-9A-Za-z_-]{1,32})(?:\/(confirm|cancel|renotify))?$/.exec(url.pathname);
  const order = m ? pay.get(m[1]) : null;
  const wantsJson = String(req.headers.accept ?? '').includes('application/json');
  if (!m || !order) {
    req.resume();
    if (wantsJson)
      return sendJson(res, 404, { ok: false, error: { code: 'PAY.ORDER_NOT_FOUND', message: '订单不存在' } });
    return html(res, 404, renderPayMessage('订单不存在', `${publicUrl}/`));
  }
  const [, outTradeNo, step] = m;
  const origin = req.headers.host ? `http://${req.headers.host}` : undefined;
  const method = req.method ?? 'GET';
  if (!step && (method === 'GET' || method === 'HEAD')) {
    return html(
      res,
      200,
      renderPayPage(
        order,
        safeReturnUrl(url.searchParams.get('return'), publicUrl, origin),
        pay.expired(order),
      ),
    );
  }
  if (method !== 'POST') {
    req.resume();
    res.writeHead(405, { allow: step ? 'POST' : 'GET' });
    return void res.end();
  }
  if (step === 'renotify') {
    req.resume();
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND')
      return sendJson(res, 409, { ok: false, error: { code: 'PAY.NOT_PAID', message: '订单未支付' } });
    const r = await pay.notifyOnce(outTradeNo);
    return sendJson(res, 200, {
      ok: true,
      data: { acknowledged: r.acknowledged, attempts: pay.get(outTradeNo)?.notifyAttempts ?? 0 },
    });
  }
  const returnUrl = safeReturnUrl(
    (await formField(req, 'return')) ?? url.searchParams.get('return'),
    publicUrl,
    origin,
  );
  if (step === 'cancel') {
    // Like closing WeChat's payment sheet: the order stays unpaid and can still be paid.
    if (wantsJson) return sendJson(res, 200, { ok: true, data: { state: order.state } });
    res.writeHead(303, { location: returnUrl });
    return void res.end();
  }
  if (order.state === 'CLOSED') {
    if (wantsJson)
      return sendJson(res, 409, { ok: false, error: { code: 'PAY.ORDER_CLOSED', message: '订单已关闭' } });
    return html(res, 409, renderPayMessage('该订单已关闭，无法支付', returnUrl));
  }
  // WeChat refuses to pay an order past its time_expire; it stays NOTPAY until closed.
  if (pay.expired(order)) {
    if (wantsJson)
      return sendJson(res, 409, { ok: false, error: { code: 'PAY.ORDER_EXPIRED', message: '订单已过期' } });
    return html(res, 409, renderPayMessage('该订单已过期，无法支付', returnUrl));
  }
  const paid = await pay.confirm(outTradeNo);
  if (wantsJson)
    return sendJson(res, 200, {
      ok: true,
      data: { state: paid.state, transactionId: paid.transactionId, delivered: paid.delivered },
    });
  res.writeHead(303, { location: returnUrl });
  res.end();
}
