import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin, type AdminContext } from '../admin/admin-route';
import type { AuthService } from '../auth/auth-service';
import { handleAuth } from '../auth/auth-routes';
import type { FunctionHost } from '../host/function-host';
import { handlePay } from '../pay/pay-routes';
import type { PaySandbox } from '../pay/sandbox';
import { serveStatic } from '../static/serve-static';
import type { FileStore } from '../storage/file-store';
import { handleDownload, handleUpload } from '../storage/file-routes';
import { handleClientUpload } from '../storage/upload-route';
import { handleFn } from './fn-route';
import { sendJson } from './io';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface RouterContext {
  appId: string;
  envId: string;
  h5Dir: string;
  devLogin: boolean;
  host: FunctionHost;
  auth: AuthService;
  files: FileStore;
  admin: AdminContext;
  /** Known once the server listens: the Host names it answers to, its public origin, the pay sandbox. */
  hosts(): Set<string>;
  publicUrl(): string;
  pay(): PaySandbox;
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse, allow?: string): void {
  req.resume();
  res.writeHead(405, allow ? { allow } : {});
  res.end();
}

/** /admin and PUT /cos: the CloudBase API the SDK calls, for loopback peers only. Null when neither applies. */
function routeCloudApi(
  ctx: RouterContext,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> | void | null {
  // Defence in depth: /admin also needs the SDK's signature, /cos an upload grant.
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    req.resume();
    return sendJson(res, 403, {
      code: 'PERMISSION_DENIED',
      message: 'the CloudBase API is only served to loopback clients',
    });
  }
  const method = req.method ?? 'GET';
  if (path === '/admin' && method === 'POST') return handleAdmin(ctx.admin, req, res);
  if (method === 'PUT') return handleUpload(ctx.files, path, req, res);
  return null;
}

function routeFn(ctx: RouterContext, path: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST') return methodNotAllowed(req, res, 'POST');
  let name = '';
  try {
    name = decodeURIComponent(path.slice('/fn/'.length));
  } catch {
    /* malformed escape: no such function */
  }
  return handleFn(ctx.host, ctx.auth, ctx.appId, name, req, res);
}

/** The runtime's route table. */
export function createRouter(ctx: RouterContext) {
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://runtime.local');
    const path = u.pathname;
    const method = req.method ?? 'GET';
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 is same-origin
    // with us in the browser, but its requests still say `Host: evil.example`.
    if (!ctx.hosts().has(String(req.headers.host ?? '').toLowerCase())) {
      req.resume();
      return sendJson(res, 421, {
        ok: false,
        error: { code: 'COMMON.MISDIRECTED', message: 'unknown Host header' },
      });
    }
    // No CORS headers at all: the H5 app is served by this runtime, same-origin, and no other
    // origin has any business reading its replies.
    if (path === '/admin' || path.startsWith('/cos/')) {
      const handled = routeCloudApi(ctx, path, req, res);
      if (handled !== null) return handled;
    }
    if (path === '/storage/upload')
      return handleClientUpload({ files: ctx.files, auth: ctx.auth, envId: ctx.envId }, u, req, res);
    if (path.startsWith('/files/') && (method === 'GET' || method === 'HEAD'))
      return handleDownload(ctx.files, u, req, res);
    if (path.startsWith('/fn/')) return routeFn(ctx, path, req, res);
    if (path.startsWith('/auth/')) return handleAuth(ctx.auth, ctx.devLogin, path, req, res);
    if (path.startsWith('/pay/')) return handlePay(ctx.pay(), ctx.publicUrl(), u, req, res);
    if (path === '/healthz')
      return sendJson(res, 200, { ok: true, data: { env: ctx.envId, functions: ctx.host.list().length } });
    if (method === 'GET' || method === 'HEAD') return serveStatic(ctx.h5Dir, path, req, res, method);
    methodNotAllowed(req, res);
  };
}
