/**
 * The H5 build over a slow phone link: precompressed (or once-compressed) text assets, a year of
 * caching for hashed names, revalidation for index.html.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { acceptedEncodings } from '../../cloudfunctions/_runtime/static/serve-static';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

const ROOT = resolve(__dirname, '../..');
let rt: TestRuntime;
let h5: string;
const js = `/* app */\n${'window.answer = function () { return 42; };\n'.repeat(400)}`;
const html = `<!doctype html><title>app</title>\n${'<!-- padding -->\n'.repeat(200)}`;

beforeAll(async () => {
  rt = await startTestRuntime();
  h5 = join(rt.dataDir, '..', 'h5');
  mkdirSync(join(h5, 'js'), { recursive: true });
  writeFileSync(join(h5, 'index.html'), html);
  writeFileSync(join(h5, 'js', 'app.1a2b3c4d.js'), js);
  writeFileSync(join(h5, 'js', 'plain.js'), js);
  writeFileSync(join(h5, 'js', 'tiny.5e6f7a8b.js'), 'x=1');
  execFileSync(process.execPath, [join(ROOT, 'miniprogram/scripts/precompress.js'), h5], { stdio: 'pipe' });
});
afterAll(() => rt.cleanup());

/** A raw GET: fetch would decompress the body and choose its own Accept-Encoding. */
function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = request(`${rt.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('runtime: static files', () => {
  it('the build script writes .br and .gz siblings for text assets above 1 KB only', () => {
    expect(existsSync(join(h5, 'js', 'app.1a2b3c4d.js.br'))).toBe(true);
    expect(existsSync(join(h5, 'js', 'app.1a2b3c4d.js.gz'))).toBe(true);
    expect(existsSync(join(h5, 'index.html.br'))).toBe(true);
    expect(existsSync(join(h5, 'js', 'tiny.5e6f7a8b.js.br'))).toBe(false);
  });

  it('serves a hashed JS asset brotli-compressed and immutable', async () => {
    const r = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-length']).toBe(String(r.body.length));
    expect(r.body.length).toBeLessThan(js.length / 10);
    expect(brotliDecompressSync(r.body).toString()).toBe(js);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('falls back to gzip, then to the plain file, as Accept-Encoding allows', async () => {
    const gz = await get('/js/app.1a2b3c4d.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await get('/js/app.1a2b3c4d.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(js);
    expect(plain.headers['content-length']).toBe(String(Buffer.byteLength(js)));
    expect(acceptedEncodings('gzip;q=0.5, br;q=1')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
  });

  it('index.html is compressed but revalidated (no-cache), also as the history-mode fallback', async () => {
    for (const path of ['/', '/index.html', '/pages/me/index']) {
      const r = await get(path, { 'accept-encoding': 'br' });
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(brotliDecompressSync(r.body).toString()).toBe(html);
    }
    const first = await get('/', { 'accept-encoding': 'br' });
    const again = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('compresses on the fly when no sibling exists, and never serves a stale sibling', async () => {
    const unhashed = await get('/js/plain.js', { 'accept-encoding': 'br' });
    expect(unhashed.headers['cache-control']).toBe('public, max-age=3600');
    // A file added after the build step has no sibling: compressed on the request, then kept.
    const late = `/* late */\n${js}`;
    writeFileSync(join(h5, 'js', 'late.9f8e7d6c.js'), late);
    const a = await get('/js/late.9f8e7d6c.js', { 'accept-encoding': 'br' });
    expect(a.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(a.body).toString()).toBe(late);
    const b = await get('/js/late.9f8e7d6c.js', { 'accept-encoding': 'br' });
    expect(b.body.equals(a.body)).toBe(true);
    // Rewritten after precompress: the .br next to it is older, so it is not used.
    const changed = `/* changed */\n${js}`;
    writeFileSync(join(h5, 'js', 'plain.js'), changed);
    const future = new Date(Date.now() + 5000);
    utimesSync(join(h5, 'js', 'plain.js'), future, future);
    const fresh = await get('/js/plain.js', { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(fresh.body).toString()).toBe(changed);
  });

  it('leaves tiny files and images uncompressed', async () => {
    const tiny = await get('/js/tiny.5e6f7a8b.js', { 'accept-encoding': 'br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('x=1');
    writeFileSync(join(h5, 'logo.0a1b2c3d.png'), Buffer.alloc(4096, 7));
    const png = await get('/logo.0a1b2c3d.png', { 'accept-encoding': 'br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    expect(png.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
