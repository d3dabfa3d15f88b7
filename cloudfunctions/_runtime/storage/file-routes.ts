import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf } from '../static/serve-static';
import { normalizeCloudPath, UploadTooLargeError, type FileStore } from './file-store';

/** COS-style XML error: wx-server-sdk reads all four tags (TCB-WIRE §2). */
function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  const id = randomUUID();
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId><TraceId>${id}</TraceId></Error>`,
  );
}

/**
 * The cloud path a URL names. The SDK fetches `encodeURI(tempFileURL)`, which encodes our
 * percent-escapes a second time, so a second decoding is also tried; the signature check decides.
 */
function candidatePaths(urlPath: string, prefix: string): string[] {
  const rest = urlPath.slice(prefix.length);
  const out: string[] = [];
  let cur = rest;
  for (let i = 0; i < 2; i++) {
    try {
      cur = cur.split('/').map(decodeURIComponent).join('/');
    } catch {
      break;
    }
    const p = normalizeCloudPath(cur);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/** PUT /cos/<path>: step 2 of uploadFile. Only a path granted by getUploadMetadata is accepted. */
export async function handleUpload(
  files: FileStore,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const grant = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
  const path = candidatePaths(urlPath, '/cos/').find((p) => files.checkUploadGrant(p, grant));
  if (!path) {
    req.resume();
    return xmlError(
      res,
      403,
      'AccessDenied',
      'upload not granted for this path (call getUploadMetadata first)',
    );
  }
  try {
    const { sha256 } = await files.write(path, req);
    res.writeHead(200, { etag: `"${sha256}"`, 'content-length': '0' });
    res.end();
  } catch (e) {
    if (e instanceof UploadTooLargeError)
      return xmlError(res, 400, 'EntityTooLarge', `file exceeds ${e.limit} bytes`);
    throw e;
  }
}

const INLINE = /^(image\/|application\/pdf$|text\/plain)/;

/** GET /files/<path>?t&sign: a temp URL. Valid signature and expiry, or nothing. */
export function handleDownload(files: FileStore, url: URL, req: IncomingMessage, res: ServerResponse): void {
  const t = url.searchParams.get('t');
  const sign = url.searchParams.get('sign');
  let path: string | null = null;
  let left = 0;
  for (const p of candidatePaths(url.pathname, '/files/')) {
    const l = files.checkTempUrl(p, t, sign);
    if (l !== null) {
      path = p;
      left = l;
      break;
    }
  }
  if (!path) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('链接无效或已过期');
    return;
  }
  const opened = files.open(path);
  if (!opened) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('文件不存在');
    return;
  }
  const type = contentTypeOf(path);
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(opened.size),
    'cache-control': `private, max-age=${left}`,
    'x-content-type-options': 'nosniff',
    // Uploaded content never runs as a page of this origin.
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    ...(INLINE.test(type) ? {} : { 'content-disposition': 'attachment' }),
  });
  if (req.method === 'HEAD') {
    opened.stream.destroy();
    res.end();
    return;
  }
  opened.stream.pipe(res);
}
