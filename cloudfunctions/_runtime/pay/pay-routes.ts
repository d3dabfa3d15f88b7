import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../http/io';
import { renderPayMessage, renderPayPage, safeReturnUrl } from './page';
import type { PayOrder, PaySandbox } from './sandbox';

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

/** How a confirm/cancel answers: JSON for `Accept: application/json`, else HTML or a 303 to `returnUrl`. */
interface StepReply {
  res: ServerResponse;
  wantsJson: boolean;
  returnUrl: string;
}

function orderNotFound(
  req: IncomingMessage,
  res: ServerResponse,
  wantsJson: boolean,
  publicUrl: string,
): void {
  req.resume();
  if (wantsJson)
    return sendJson(res, 404, { ok: false, error: { code: 'PAY.ORDER_NOT_FOUND', message: '订单不存在' } });
  return html(res, 404, renderPayMessage('订单不存在', `${publicUrl}/`));
}

/** POST /pay/<no>/renotify: delivers the payment notification of a paid order once more. */
async function renotify(pay: PaySandbox, order: PayOrder, req: IncomingMessage, res: ServerResponse) {
  req.resume();
  if (order.state !== 'SUCCESS' && order.state !== 'REFUND')
    return sendJson(res, 409, { ok: false, error: { code: 'PAY.NOT_PAID', message: '订单未支付' } });
  const r = await pay.notifyOnce(order.outTradeNo);
  return sendJson(res, 200, {
    ok: true,
    data: { acknowledged: r.acknowledged, attempts: pay.get(order.outTradeNo)?.notifyAttempts ?? 0 },
  });
}

/** Like closing WeChat's payment sheet: the order stays unpaid and can still be paid. */
function cancel(order: PayOrder, { res, wantsJson, returnUrl }: StepReply): void {
  if (wantsJson) return sendJson(res, 200, { ok: true, data: { state: order.state } });
  res.writeHead(303, { location: returnUrl });
  res.end();
}

function refusePayment(
  { res, wantsJson, returnUrl }: StepReply,
  code: string,
  message: string,
  page: string,
): void {
  if (wantsJson) return sendJson(res, 409, { ok: false, error: { code, message } });
  return html(res, 409, renderPayMessage(page, returnUrl));
}

/** POST /pay/<no>/confirm: pays the order, unless it is closed or past its time_expire. */
async function confirm(pay: PaySandbox, order: PayOrder, reply: StepReply): Promise<void> {
  if (order.state === 'CLOSED')
    return refusePayment(reply, 'PAY.ORDER_CLOSED', '订单已关闭', '该订单已关闭，无法支付');
  // WeChat refuses to pay an order past its time_expire; it stays NOTPAY until closed.
  if (pay.expired(order))
    return refusePayment(reply, 'PAY.ORDER_EXPIRED', '订单已过期', '该订单已过期，无法支付');
  const paid = await pay.confirm(order.outTradeNo);
  if (reply.wantsJson)
    return sendJson(reply.res, 200, {
      ok: true,
      data: { state: paid.state, transactionId: paid.transactionId, delivered: paid.delivered },
    });
  reply.res.writeHead(303, { location: reply.returnUrl });
  reply.res.end();
}

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
  if (!m || !order) return orderNotFound(req, res, wantsJson, publicUrl);
  const step = m[2];
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
  if (step === 'renotify') return renotify(pay, order, req, res);
  const returnUrl = safeReturnUrl(
    (await formField(req, 'return')) ?? url.searchParams.get('return'),
    publicUrl,
    origin,
  );
  if (step === 'cancel') return cancel(order, { res, wantsJson, returnUrl });
  return confirm(pay, order, { res, wantsJson, returnUrl });
}
