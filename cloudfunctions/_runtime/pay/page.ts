import type { PayOrder } from './sandbox';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * Where the page may send the payer back to: a path on this server, the public origin or the
 * origin the page itself was opened on (localhost vs 127.0.0.1), so it is never an open redirect.
 */
export function safeReturnUrl(raw: string | null, publicUrl: string, requestOrigin?: string): string {
  const fallback = `${publicUrl}/`;
  if (!raw) return fallback;
  if (raw.startsWith('/') && !raw.startsWith('//')) return raw;
  try {
    const u = new URL(raw);
    const allowed = [new URL(publicUrl).origin, requestOrigin];
    return allowed.includes(u.origin) ? u.toString() : fallback;
  } catch {
    return fallback;
  }
}

/** The sandbox stand-in for WeChat's payment sheet: plain HTML, works without JavaScript. */
export function renderPayPage(o: PayOrder, returnUrl: string, expired = false): string {
  const no = esc(o.outTradeNo);
  const ret = esc(returnUrl);
  const status =
    o.state === 'SUCCESS' || o.state === 'REFUND'
      ? `<p class="done">该订单已支付（交易单号 ${esc(o.transactionId ?? '')}）</p><a class="btn" href="${ret}">返回</a>`
      : o.state === 'CLOSED' || expired
        ? `<p class="closed">该订单已${expired ? '过期' : '关闭'}，无法支付</p><a class="btn" href="${ret}">返回</a>`
        : `<form method="post" action="/pay/${no}/confirm"><input type="hidden" name="return" value="${ret}"><button class="btn pay" type="submit">确认支付</button></form>
      <form method="post" action="/pay/${no}/cancel"><input type="hidden" name="return" value="${ret}"><button class="btn" type="submit">取消</button></form>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>支付 ${yuan(o.totalFee)}（本地沙箱）</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f2f2;margin:0;padding:24px}
.card{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 4px #0001}
.sandbox{background:#fff3cd;color:#7a5b00;padding:8px 12px;border-radius:6px;font-size:13px}
.amount{font-size:36px;font-weight:600;text-align:center;margin:24px 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:8px 16px;font-size:14px;color:#333}dt{color:#888}dd{margin:0;word-break:break-all}
.btn{display:block;width:100%;box-sizing:border-box;text-align:center;margin-top:12px;padding:12px;border-radius:8px;border:1px solid #ddd;background:#fff;font-size:16px;color:#333;text-decoration:none;cursor:pointer}
.pay{background:#07c160;border-color:#07c160;color:#fff}.done{color:#07c160}.closed{color:#c00}
</style></head>
<body><main class="card">
<p class="sandbox">本地支付沙箱：不会产生真实扣款</p>
<div class="amount">${yuan(o.totalFee)}</div>
<dl>
<dt>商户</dt><dd>本地沙箱商户（${esc(o.subMchId)}）</dd>
<dt>商品</dt><dd>${esc(o.body)}</dd>
<dt>金额</dt><dd>${yuan(o.totalFee)}</dd>
<dt>订单号</dt><dd>${no}</dd>
</dl>
${status}
</main></body></html>`;
}

export function renderPayMessage(title: string, returnUrl: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>
<body style="font-family:system-ui,sans-serif;padding:24px"><p>${esc(title)}</p><p><a href="${esc(returnUrl)}">返回</a></p></body></html>`;
}
