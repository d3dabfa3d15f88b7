import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRuntime, writeFunctions } from '../helpers/runtime';

/** An unacknowledged payment notification is still delivered after the runtime restarts. */
describe('runtime: pay notifications survive a restart', () => {
  const base = mkdtempSync(join(tmpdir(), 'rt-payresume-'));
  const dataDir = join(base, 'data');
  const functionsDir = join(base, 'functions');
  afterAll(() => {
    delete process.env.PAY_TEST_ACK;
    rmSync(base, { recursive: true, force: true });
  });

  it('resumes delivery from the durable order', async () => {
    writeFunctions(functionsDir, {
      pay: `exports.main = async (e) => cloud.cloudPay.unifiedOrder({ body: '会费', outTradeNo: 'R1', subMchId: '1900000001', totalFee: 500, functionName: 'notify' });`,
      // Answers errcode 0 only once the test allows it: before that it is "down".
      notify: `exports.main = async (event) => {
        await cloud.database().collection('deliveries').add({ data: { no: event.outTradeNo, acked: process.env.PAY_TEST_ACK === '1' } });
        return process.env.PAY_TEST_ACK === '1' ? { errcode: 0, errmsg: 'OK' } : { errcode: -1, errmsg: 'down' };
      };`,
    });
    const first = await startTestRuntime({ dataDir, functionsDir, payRetryDelaysMs: [60_000] });
    await first.invoke('pay', {}, { openid: 'o-1' });
    const paid = await first
      .client()
      .request('POST', '/pay/R1/confirm', undefined, { headers: { accept: 'application/json' } });
    expect(paid.body.data).toEqual(expect.objectContaining({ state: 'SUCCESS', delivered: false }));
    await first.close();

    process.env.PAY_TEST_ACK = '1';
    const second = await startTestRuntime({ dataDir, functionsDir, payRetryDelaysMs: [30, 30] });
    try {
      const until = Date.now() + 3000;
      while (!second.pay.get('R1')?.delivered && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      expect(second.pay.get('R1')).toEqual(expect.objectContaining({ delivered: true, notifyAttempts: 2 }));
      expect(
        second.db
          .collection('deliveries')
          .find({})
          .map((d: { acked: boolean }) => d.acked),
      ).toEqual([false, true]);
    } finally {
      await second.close();
    }
  });

  it('lets the pay page return to the origin it was opened on', async () => {
    const rt = await startTestRuntime({
      functions: {
        pay: `exports.main = async () => cloud.cloudPay.unifiedOrder({ body: '会费', outTradeNo: 'R2', subMchId: '1', totalFee: 1, functionName: 'pay' });`,
      },
    });
    try {
      await rt.invoke('pay', {}, { openid: 'o-2' });
      const origin = `http://${new URL(rt.url).host}`;
      const localhostOrigin = origin.replace('127.0.0.1', 'localhost');
      const page = await fetch(
        `${localhostOrigin}/pay/R2?return=${encodeURIComponent(`${localhostOrigin}/#/pages/me/index`)}`,
      );
      expect(await page.text()).toContain(`value="${localhostOrigin}/#/pages/me/index"`);
    } finally {
      await rt.cleanup();
    }
  });
});
