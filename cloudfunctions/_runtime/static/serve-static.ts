import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

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

type Encoding = 'br' | 'gzip';

/** Types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.txt', '.svg', '.wasm']);
/** Below this, compression saves less than a packet. */
const MIN_COMPRESS_BYTES = 1024;
/** Taro's H5 output names carry an 8-hex content hash: `js/app.3f2a9c1b.js`, `chunk/…`, `css/…`. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[A-Za-z0-9]+$/;
const SIBLING_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Encodings the client accepts, best first (br before gzip); `q=0` refuses one. */
export function acceptedEncodings(header: string | string[] | undefined): Encoding[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const ok = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

interface Body {
  encoding: Encoding | null;
  /** A file to stream, or bytes already in memory. */
  file?: string;
  bytes?: Buffer;
  size: number;
}

/**
 * Compressed copies made on the fly, keyed by path, encoding and the source's size and mtime (a
 * rebuilt file gets a new entry). Promises, so concurrent first requests compress once.
 */
const memo = new Map<string, Promise<Buffer>>();
let memoBytes = 0;
const MEMO_LIMIT_BYTES = 64 * 1024 * 1024;
const compressors: Record<Encoding, (b: Buffer) => Promise<Buffer>> = {
  // Quality 9, not 11: this runs on a request, and the result is kept for the next ones.
  br: (b) =>
    promisify(brotliCompress)(b, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: b.length },
    }),
  gzip: (b) => promisify(gzip)(b, { level: 9 }),
};

async function compressed(file: string, st: Stats, encoding: Encoding): Promise<Buffer | null> {
  const key = `${file}\0${encoding}\0${st.size}\0${st.mtimeMs}`;
  let pending = memo.get(key);
  if (!pending) {
    pending = compressors[encoding](readFileSync(file));
    memo.set(key, pending);
    pending.then(
      (b) => {
        memoBytes += b.length;
        if (memoBytes > MEMO_LIMIT_BYTES) {
          memo.clear();
          memoBytes = 0;
        }
      },
      () => memo.delete(key),
    );
  }
  const out = await pending;
  return out.length < st.size ? out : null;
}

/** A build-time sibling (`app.js.br`) if it exists and is not older than the file itself. */
function sibling(file: string, st: Stats, encoding: Encoding): { file: string; size: number } | null {
  const candidate = file + SIBLING_SUFFIX[encoding];
  try {
    const s = statSync(candidate);
    return s.isFile() && s.mtimeMs >= st.mtimeMs ? { file: candidate, size: s.size } : null;
  } catch {
    return null;
  }
}

async function chooseBody(file: string, st: Stats, accepted: Encoding[]): Promise<Body> {
  const plain: Body = { encoding: null, file, size: st.size };
  if (!COMPRESSIBLE.has(extname(file).toLowerCase()) || st.size < MIN_COMPRESS_BYTES) return plain;
  for (const encoding of accepted) {
    const pre = sibling(file, st, encoding);
    if (pre) return { encoding, file: pre.file, size: pre.size };
  }
  for (const encoding of accepted) {
    const bytes = await compressed(file, st, encoding);
    if (bytes) return { encoding, bytes, size: bytes.length };
  }
  return plain;
}

/**
 * Serves the H5 build. Paths without an extension fall back to index.html (history routing).
 * Text types go out brotli- or gzip-compressed when the client accepts it: a precompressed
 * `<file>.br` / `<file>.gz` from the build if present and fresh, else compressed once and kept
 * in memory. Hashed asset names are cached for a year (immutable); HTML is revalidated.
 */
export async function serveStatic(
  h5Dir: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
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
  const st = statSync(file);
  const isHtml = file.endsWith('.html');
  const compressible = COMPRESSIBLE.has(extname(file).toLowerCase());
  const body = await chooseBody(file, st, acceptedEncodings(req.headers['accept-encoding']));
  const etag = `"${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}${body.encoding ? `-${body.encoding}` : ''}"`;
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(file),
    // The HTML entry must be revalidated so a rebuild shows up; a hashed name never changes content.
    'cache-control': isHtml
      ? 'no-cache'
      : HASHED_NAME.test(file)
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
    etag,
    ...(compressible ? { vary: 'Accept-Encoding' } : {}),
    ...(body.encoding ? { 'content-encoding': body.encoding } : {}),
  };
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.size) });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  if (body.bytes) res.end(body.bytes);
  else createReadStream(body.file as string).pipe(res);
}
