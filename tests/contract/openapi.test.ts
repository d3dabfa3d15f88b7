import QRCode from 'qrcode';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

/** cloud.openapi.* through the real wx-server-sdk (multipart + protobuf, TCB-WIRE §4). */
describe('contract: openapi', () => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime({
      publicUrl: 'http://union.example:8787',
      functions: {
        api: `exports.main = async (event) => {
          try {
            const [ns, method] = event.api.split('.');
            const r = await cloud.openapi[ns][method](event.params);
            if (r.buffer) return { ok: true, contentType: r.contentType, base64: r.buffer.toString('base64'), errCode: r.errCode };
            return { ok: true, r };
          } catch (e) {
            return { ok: false, errCode: e.errCode, errMsg: e.errMsg };
          }
        };`,
      },
    });
  });
  afterAll(() => rt.cleanup());

  const call = (api: string, params: object) =>
    rt.invoke('api', { api, params }, { openid: 'o-officer', source: 'wx_client' }) as Promise<any>;

  it('wxacode.getUnlimited returns a real PNG QR code of the H5 join URL', async () => {
    const r = await call('wxacode.getUnlimited', { scene: 'u=AB12cd', width: 300 });
    expect(r.ok).toBe(true);
    expect(r.contentType).toBe('image/png');
    expect(r.errCode).toBe(0);
    const png = Buffer.from(r.base64, 'base64');
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      true,
    );
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(300);
    expect(png.readUInt32BE(20)).toBe(300);
    // Same encoder, same options: byte-equal only if the code holds exactly this URL.
    const expected = await QRCode.toBuffer('http://union.example:8787/#/pages/join/index?scene=u%3DAB12cd', {
      type: 'png',
      width: 300,
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    expect(png.equals(expected)).toBe(true);
  });

  it('wxacode.getUnlimited honours page and refuses a scene over 32 characters', async () => {
    const paged = await call('wxacode.getUnlimited', { scene: 'x1', page: 'pages/index/index' });
    const expected = await QRCode.toBuffer('http://union.example:8787/#/pages/index/index?scene=x1', {
      type: 'png',
      width: 430,
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    expect(Buffer.from(paged.base64, 'base64').equals(expected)).toBe(true);

    const long = await call('wxacode.getUnlimited', { scene: 'a'.repeat(33) });
    expect(long).toEqual(expect.objectContaining({ ok: false, errCode: 40169 }));
  });

  it('subscribeMessage.send answers ok with a msgid and records the message', async () => {
    const r = await call('subscribeMessage.send', {
      touser: 'o-worker-1',
      templateId: 'TPL_CLAIM_APPROVED',
      page: 'pages/claim/detail?id=c1',
      data: { thing1: { value: '住院医疗互助金' }, amount2: { value: '1200.00' } },
    });
    expect(r.ok).toBe(true);
    expect(r.r.errCode).toBe(0);
    expect(typeof r.r.msgid === 'number' || typeof r.r.msgId === 'number').toBe(true);
    const stored = rt.db.collection('_rt_messages').find({ touser: 'o-worker-1' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual(
      expect.objectContaining({
        templateId: 'TPL_CLAIM_APPROVED',
        page: 'pages/claim/detail?id=c1',
        fromFunction: 'api',
      }),
    );
    expect(stored[0].data.thing1.value).toBe('住院医疗互助金');
    expect(rt.logs.some((l) => l.includes('[msg] subscribeMessage TPL_CLAIM_APPROVED → o-worker-1'))).toBe(
      true,
    );
  });

  it('subscribeMessage.send refuses a call without touser', async () => {
    const r = await call('subscribeMessage.send', { templateId: 'T', data: {} });
    expect(r).toEqual(expect.objectContaining({ ok: false, errCode: 40003 }));
  });

  it('phonenumber.getPhoneNumber refuses a code the runtime did not issue', async () => {
    const r = await call('phonenumber.getPhoneNumber', { code: 'code-from-a-real-wechat-button' });
    expect(r.ok).toBe(false);
    expect(r.errCode).toBe(40013);
    expect(r.errMsg).toContain('/auth/sms/verify');
  });

  it('answers an API the runtime does not emulate with a platform error', async () => {
    const r = await call('security.msgSecCheck', { content: 'hello' });
    expect(r).toEqual({ ok: false, errCode: -604101, errMsg: expect.stringContaining('-604101') });
  });
});
