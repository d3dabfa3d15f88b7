import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

/** Storage through the real wx-server-sdk: uploadFile, getTempFileURL, downloadFile, deleteFile. */
describe('contract: storage', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      maxUploadBytes: 64 * 1024,
      functions: {
        files: `exports.main = async (event) => {
          const run = async () => {
            switch (event.op) {
              case 'upload': {
                const r = await cloud.uploadFile({ cloudPath: event.path, fileContent: Buffer.from(event.base64, 'base64') });
                return { fileID: r.fileID, errMsg: r.errMsg };
              }
              case 'temp': {
                const r = await cloud.getTempFileURL({ fileList: event.ids });
                return r.fileList;
              }
              case 'download': {
                const r = await cloud.downloadFile({ fileID: event.id });
                return { base64: r.fileContent.toString('base64'), statusCode: r.statusCode, errMsg: r.errMsg };
              }
              case 'delete': {
                const r = await cloud.deleteFile({ fileList: event.ids });
                return r.fileList;
              }
            }
          };
          try { return { ok: true, value: await run() }; }
          catch (e) { return { ok: false, errCode: e.errCode, code: e.code, errMsg: e.errMsg || e.message }; }
        };`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  const call = (event: object) =>
    rt.invoke('files', event, { openid: 'o-1', source: 'wx_client' }) as Promise<any>;
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);

  it('round-trips a file: upload, temp URL, download, delete', async () => {
    const up = await call({ op: 'upload', path: 'claims/c1/发票 1.png', base64: bytes.toString('base64') });
    expect(up).toEqual({
      ok: true,
      value: { fileID: 'cloud://local.local/claims/c1/发票 1.png', errMsg: 'uploadFile:ok' },
    });
    expect(existsSync(join(rt.dataDir, 'files', 'claims', 'c1', '发票 1.png'))).toBe(true);
    const fileID = up.value.fileID;

    const temp = await call({ op: 'temp', ids: [{ fileID, maxAge: 120 }] });
    expect(temp.ok).toBe(true);
    expect(temp.value[0]).toEqual(expect.objectContaining({ fileID, status: 0, maxAge: 120 }));
    const tempUrl: string = temp.value[0].tempFileURL;
    expect(tempUrl.startsWith(`${rt.url}/files/`)).toBe(true);

    // A browser opens the temp URL as is.
    const viaBrowser = await fetch(tempUrl);
    expect(viaBrowser.status).toBe(200);
    expect(viaBrowser.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await viaBrowser.arrayBuffer()).equals(bytes)).toBe(true);

    const down = await call({ op: 'download', id: fileID });
    expect(down).toEqual({
      ok: true,
      value: { base64: bytes.toString('base64'), statusCode: 200, errMsg: 'downloadFile:ok' },
    });

    const del = await call({ op: 'delete', ids: [fileID] });
    expect(del).toEqual({ ok: true, value: [expect.objectContaining({ fileID, status: 0 })] });
    expect(existsSync(join(rt.dataDir, 'files', 'claims', 'c1', '发票 1.png'))).toBe(false);
    // The old temp URL now leads nowhere.
    expect((await fetch(tempUrl)).status).toBe(404);
  });

  it('reports a missing file per item and refuses to download it', async () => {
    const missing = 'cloud://local.local/nope/none.jpg';
    const temp = await call({ op: 'temp', ids: [missing] });
    expect(temp.value[0]).toEqual(
      expect.objectContaining({ fileID: missing, status: -503003, tempFileURL: '' }),
    );
    const down = await call({ op: 'download', id: missing });
    expect(down.ok).toBe(false);
    expect(down.code).toBe('STORAGE_FILE_NONEXIST');
    const del = await call({ op: 'delete', ids: [missing] });
    expect(del.value[0]).toEqual(expect.objectContaining({ fileID: missing, status: -503003 }));
  });

  it('refuses paths that would leave the files folder', async () => {
    const up = await call({ op: 'upload', path: '../escape.txt', base64: bytes.toString('base64') });
    expect(up.ok).toBe(false);
    expect(up.code).toBe('STORAGE_EXCEED_AUTHORITY');
    expect(existsSync(join(rt.dataDir, 'escape.txt'))).toBe(false);
  });

  it('refuses an oversized upload with a COS error and keeps nothing', async () => {
    const big = Buffer.alloc(65 * 1024, 7);
    const up = await call({ op: 'upload', path: 'big/too-large.bin', base64: big.toString('base64') });
    expect(up.ok).toBe(false);
    expect(up.code).toBe('STORAGE_REQUEST_FAIL');
    expect(up.errMsg).toContain('EntityTooLarge');
    const dir = join(rt.dataDir, 'files', 'big');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('serves temp URLs only with a valid, unexpired signature', async () => {
    const up = await call({ op: 'upload', path: 'private/id.jpg', base64: bytes.toString('base64') });
    const temp = await call({ op: 'temp', ids: [up.value.fileID] });
    const good = new URL(temp.value[0].tempFileURL);
    expect((await fetch(good)).status).toBe(200);

    const forged = new URL(good);
    forged.searchParams.set('t', String(Number(good.searchParams.get('t')) + 3600));
    expect((await fetch(forged)).status).toBe(403);

    const otherFile = new URL(good);
    otherFile.pathname = '/files/private/other.jpg';
    expect((await fetch(otherFile)).status).toBe(403);

    const unsigned = new URL(good);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);

    const expired = new URL(good);
    const past = Math.floor(Date.now() / 1000) - 1;
    expired.searchParams.set('t', String(past));
    expect((await fetch(expired)).status).toBe(403);
  });

  it('refuses an upload PUT that getUploadMetadata did not grant', async () => {
    const r = await fetch(`${rt.url}/cos/sneaky.txt`, {
      method: 'PUT',
      body: 'x',
      headers: { authorization: '9999999999:forged' },
    });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('<Code>AccessDenied</Code>');
    expect(existsSync(join(rt.dataDir, 'files', 'sneaky.txt'))).toBe(false);
  });
});
