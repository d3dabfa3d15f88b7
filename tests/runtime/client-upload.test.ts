/**
 * POST /storage/upload: the H5 stand-in for wx.cloud.uploadFile. A function hands out a staging
 * path (a "ticket"), the signed-in client uploads the bytes there, and the function reads them back
 * through the real wx-server-sdk.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { startTestRuntime, type RuntimeClient, type TestRuntime } from '../helpers/runtime';

const MAX = 64 * 1024;

const RECEIPT_FN = `exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  const hex = () => require('crypto').randomBytes(16).toString('hex');
  const p = event.payload || {};
  try {
    switch (event.action) {
      case 'ticket':
        return { ok: true, data: { cloudPath: 'uploads/' + hex() + '/' + hex() } };
      case 'check': {
        const r = await cloud.downloadFile({ fileID: p.fileID });
        return { ok: true, data: { openid: OPENID, base64: r.fileContent.toString('base64') } };
      }
      case 'discard': {
        const r = await cloud.deleteFile({ fileList: [p.fileID] });
        return { ok: true, data: r.fileList.map((f) => f.status) };
      }
      case 'store': {
        const r = await cloud.uploadFile({ cloudPath: p.cloudPath, fileContent: Buffer.from('kept') });
        return { ok: true, data: { fileID: r.fileID } };
      }
    }
  } catch (e) {
    return { ok: false, error: { code: 'TEST.SDK_FAILED', message: String(e.errMsg || e.message) } };
  }
};`;

const hex32 = () => randomBytes(16).toString('hex');
const stagingPath = () => `uploads/${hex32()}/${hex32()}`;
const jpeg = (n = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(n)]);

let rt: TestRuntime;
let client: RuntimeClient;
let openid: string;
let now = Date.now();

beforeAll(async () => {
  rt = await startTestRuntime({
    maxUploadBytes: MAX,
    clock: () => now,
    functions: { receipt: RECEIPT_FN },
  });
  client = rt.client();
  ({ openid } = await client.signInWithSms('13900000001', rt.logs));
});
afterAll(() => rt.cleanup());

const onDisk = (cloudPath: string) => existsSync(join(rt.dataDir, 'files', ...cloudPath.split('/')));
const filesRow = (cloudPath: string) => rt.db.collection('_rt_files').get(cloudPath);

function upload(path: string | null, body: Buffer | string, headers: Record<string, string> = {}) {
  const q = path === null ? '' : `?path=${encodeURIComponent(path)}`;
  return client.request('POST', `/storage/upload${q}`, undefined, {
    raw: body,
    headers: { 'content-type': 'image/jpeg', ...headers },
  });
}

/** A raw HTTP request (fetch cannot set Host, and always sends Content-Length for a Buffer). */
function rawPost(
  path: string,
  opts: { host?: string; chunks?: Buffer[]; token?: string | null },
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: opts.host ?? `127.0.0.1:${rt.port}` };
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? client.token}`;
    const req = httpRequest(`${rt.url}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    for (const c of opts.chunks ?? []) req.write(c); // no Content-Length: chunked
    req.end();
  });
}

describe('runtime: POST /storage/upload', () => {
  it('stores the bytes for the signed-in client; the function downloads and deletes them via the SDK', async () => {
    const ticket = await client.call('receipt', 'ticket');
    const cloudPath: string = ticket.body.data.cloudPath;
    const bytes = jpeg();

    const up = await upload(cloudPath, bytes);
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ ok: true, data: { fileID: `cloud://local.local/${cloudPath}` } });
    expect(up.headers.get('cache-control')).toBe('no-store');
    up.headers.forEach((_v, name) => expect(name).not.toMatch(/^access-control-/));
    // CloudBase keeps the uploader with the file.
    expect(filesRow(cloudPath)).toEqual(
      expect.objectContaining({ owner: openid, size: bytes.length, uploadedAt: new Date(now).toISOString() }),
    );

    const fileID = up.body.data.fileID;
    const check = await client.call('receipt', 'check', { fileID });
    expect(check.body).toEqual({ ok: true, data: { openid, base64: bytes.toString('base64') } });

    const discard = await client.call('receipt', 'discard', { fileID });
    expect(discard.body).toEqual({ ok: true, data: [0] });
    expect(onDisk(cloudPath)).toBe(false);
    expect(filesRow(cloudPath)).toBeNull();
  });

  it('accepts any content type and an empty body as raw bytes', async () => {
    const p = stagingPath();
    const body = Buffer.from('{"not":"parsed"}');
    const up = await upload(p, body, { 'content-type': 'application/json' });
    expect(up.status).toBe(200);
    const check = await client.call('receipt', 'check', { fileID: up.body.data.fileID });
    expect(Buffer.from(check.body.data.base64, 'base64').equals(body)).toBe(true);
  });

  describe('refusals write nothing', () => {
    it('a path that is not uploads/<32 hex>/<32 hex> → 400 STORAGE.INVALID_PATH', async () => {
      const bad = [
        // Valid cloud paths the storage itself would take: only the staging rule refuses them.
        'claims/c1/receipt.jpg',
        `claims/${hex32()}/${hex32()}`,
        `uploads/${hex32()}`,
        `uploads/${hex32()}/${hex32()}/x`,
        `uploads/${hex32()}/${hex32()}.jpg`,
        `uploads/${hex32().toUpperCase()}/${hex32()}`,
        `uploads/${hex32().slice(1)}/${hex32()}`,
        `uploads/../claims/${hex32()}`,
        `/uploads/${hex32()}/${hex32()}`,
        `uploads/${hex32()}/${hex32()}\n`,
        '',
      ];
      for (const p of bad) {
        const r = await upload(p, jpeg(16));
        expect([p, r.status, r.body.error?.code]).toEqual([p, 400, 'STORAGE.INVALID_PATH']);
        expect(onDisk('claims/c1/receipt.jpg')).toBe(false);
      }
      const none = await upload(null, jpeg(16));
      expect(none.status).toBe(400);
      expect(readdirSync(join(rt.dataDir, 'files'))).not.toContain('claims');
    });

    it('no session, an unknown token or a signed-out one → 401 AUTH.UNAUTHENTICATED', async () => {
      const p = stagingPath();
      const anon = await rawPost(`/storage/upload?path=${p}`, { token: null, chunks: [jpeg(16)] });
      expect(anon.status).toBe(401);
      expect(JSON.parse(anon.text).error.code).toBe('AUTH.UNAUTHENTICATED');
      const forged = await rawPost(`/storage/upload?path=${p}`, {
        token: 'f'.repeat(43),
        chunks: [jpeg(16)],
      });
      expect(forged.status).toBe(401);

      const other = rt.client();
      await other.signInWithSms('13900000002', rt.logs);
      const token = other.token as string;
      await other.post('/auth/logout');
      expect((await rawPost(`/storage/upload?path=${p}`, { token, chunks: [jpeg(16)] })).status).toBe(401);
      expect(onDisk(p)).toBe(false);
      expect(filesRow(p)).toBeNull();
    });

    it('a body over maxUploadBytes → 413, declared or streamed', async () => {
      const p = stagingPath();
      const declared = await upload(p, Buffer.alloc(MAX + 1, 1));
      expect(declared.status).toBe(413);
      expect(declared.body.error.code).toBe('COMMON.PAYLOAD_TOO_LARGE');
      const chunk = Buffer.alloc(16 * 1024, 2);
      const streamed = await rawPost(`/storage/upload?path=${p}`, {
        chunks: [chunk, chunk, chunk, chunk, chunk],
      });
      expect(streamed.status).toBe(413);
      expect(onDisk(p)).toBe(false);
      expect(readdirSync(join(rt.dataDir, 'files', 'uploads', p.split('/')[1]))).toEqual([]);
      // Exactly the limit is fine.
      expect((await upload(p, Buffer.alloc(MAX, 3))).status).toBe(200);
    });

    it('a staging path that already holds a file → 409 STORAGE.ALREADY_EXISTS, first bytes kept', async () => {
      const p = stagingPath();
      const first = jpeg();
      expect((await upload(p, first)).status).toBe(200);
      const again = await upload(p, jpeg());
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('STORAGE.ALREADY_EXISTS');
      // Racing uploads to one fresh path: exactly one wins.
      const q = stagingPath();
      const racers = await Promise.all([1, 2, 3].map(() => upload(q, jpeg())));
      expect(racers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const check = await client.call('receipt', 'check', { fileID: `cloud://local.local/${p}` });
      expect(check.body.data.base64).toBe(first.toString('base64'));
    });

    it('a foreign Host → 421', async () => {
      const p = stagingPath();
      const r = await rawPost(`/storage/upload?path=${p}`, { host: 'evil.example', chunks: [jpeg(16)] });
      expect(r.status).toBe(421);
      expect(onDisk(p)).toBe(false);
    });

    it('no CORS: OPTIONS and GET → 405 without access-control headers', async () => {
      for (const method of ['OPTIONS', 'GET', 'PUT']) {
        const r = await client.request(method, `/storage/upload?path=${stagingPath()}`, undefined, {
          headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
        });
        expect(r.status).toBe(405);
        r.headers.forEach((_v, name) => expect(name).not.toMatch(/^access-control-/));
      }
    });
  });

  it('sweeps uploads older than 24 h, and nothing outside uploads/', async () => {
    const old = stagingPath();
    expect((await upload(old, jpeg())).status).toBe(200);
    const kept = await client.call('receipt', 'store', { cloudPath: `claims/${hex32()}/r.jpg` });
    const keptPath = (kept.body.data.fileID as string).replace('cloud://local.local/', '');
    now += 23 * 3600_000;
    const fresh = stagingPath();
    expect((await upload(fresh, jpeg())).status).toBe(200);
    expect(rt.sweepUploads()).toBe(0);
    expect(onDisk(old)).toBe(true);

    now += 2 * 3600_000; // `old` is now 25 h old, `fresh` 2 h
    expect(rt.sweepUploads()).toBeGreaterThanOrEqual(1);
    expect(onDisk(old)).toBe(false);
    expect(filesRow(old)).toBeNull();
    expect(existsSync(join(rt.dataDir, 'files', 'uploads', old.split('/')[1]))).toBe(false);
    expect(onDisk(fresh)).toBe(true);
    expect(onDisk(keptPath)).toBe(true);
  });
});

describe('runtime: the upload sweep at start', () => {
  it('deletes stale uploads when the runtime starts', async () => {
    let t = Date.now();
    const first = await startTestRuntime({ clock: () => t });
    const dataDir = first.dataDir;
    const c = first.client();
    await c.signInWithSms('13900000003', first.logs);
    const p = stagingPath();
    const r = await c.request('POST', `/storage/upload?path=${p}`, undefined, { raw: jpeg() });
    expect(r.status).toBe(200);
    await first.close();

    t += 25 * 3600_000;
    const second = await startTestRuntime({ dataDir, clock: () => t });
    try {
      expect(existsSync(join(dataDir, 'files', ...p.split('/')))).toBe(false);
      expect(second.db.collection('_rt_files').get(p)).toBeNull();
      expect(second.logs.some((l) => l.includes('[storage] swept 1 upload'))).toBe(true);
    } finally {
      await second.cleanup();
      await first.cleanup();
    }
  });
});
