import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function fileAt(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(join(root, decoded));
  // Anything that resolves outside the build folder (../, encoded or not) is simply not there.
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    const st = statSync(full);
    if (st.isFile()) return full;
    if (st.isDirectory()) {
      const index = join(full, 'index.html');
      return statSync(index).isFile() ? index : null;
    }
  } catch {
    /* not found */
  }
  return null;
}

/** Serves the H5 build. Paths without an extension fall back to index.html (history routing). */
export function serveStatic(h5Dir: string, urlPath: string, res: ServerResponse, method: string): void {
  const root = resolve(h5Dir);
  let file = fileAt(root, urlPath);
  if (!file && extname(urlPath) === '') file = fileAt(root, '/index.html');
  if (!file) {
    const missingBuild = fileAt(root, '/index.html') === null;
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      missingBuild
        ? '<!doctype html><meta charset="utf-8"><title>H5 未构建</title><p>本地运行时在运行，但还没有 H5 构建产物（dist/h5）。请先构建 H5，再刷新本页。</p>'
        : '<!doctype html><meta charset="utf-8"><title>404</title><p>页面不存在</p>',
    );
    return;
  }
  const size = statSync(file).size;
  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': String(size),
    // The HTML entry must be revalidated so a rebuild shows up; hashed assets may be cached.
    'cache-control': isHtml ? 'no-cache' : 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
