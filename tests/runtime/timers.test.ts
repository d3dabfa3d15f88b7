import { splitCloudBaseCron, timerEvent, yearMatches } from '../../cloudfunctions/_runtime/host/timers';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime';

describe('runtime: timer triggers', () => {
  it('reads CloudBase 7-field cron expressions', () => {
    expect(splitCloudBaseCron('0 */5 * * * * *')).toEqual({ cron: '0 */5 * * * *', year: '*' });
    expect(splitCloudBaseCron('0 0 2 1 * * 2026-2027')).toEqual({ cron: '0 0 2 1 * *', year: '2026-2027' });
    expect(() => splitCloudBaseCron('* *')).toThrow(/7 fields/);
    expect(yearMatches('2026-2027', 2027)).toBe(true);
    expect(yearMatches('2026,2028', 2027)).toBe(false);
    expect(timerEvent('daily', new Date('2026-03-01T00:00:00.123Z'))).toEqual({
      Type: 'Timer',
      TriggerName: 'daily',
      Time: '2026-03-01T00:00:00Z',
      Message: '',
    });
  });

  describe('scheduled and manual runs', () => {
    let rt: TestRuntime;

    beforeAll(async () => {
      rt = await startTestRuntime({
        timers: true,
        functions: {
          ticker: {
            code: `exports.main = async (event) => {
              const { SOURCE, OPENID } = cloud.getWXContext();
              await cloud.database().collection('ticks').add({ data: { event, SOURCE, OPENID: OPENID || null } });
              return { ran: true };
            };`,
            // Every second, so the schedule is observable within the test.
            config: { triggers: [{ name: 'everySecond', type: 'timer', config: '* * * * * * *' }] },
          },
        },
      });
    });
    afterAll(() => rt.cleanup());

    it('fires on schedule with SOURCE wx_trigger and the SCF timer event', async () => {
      const until = Date.now() + 4000;
      while (rt.db.collection('ticks').count({}) === 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      const [tick] = rt.db.collection('ticks').find({});
      expect(tick).toEqual(
        expect.objectContaining({
          SOURCE: 'wx_trigger',
          OPENID: null,
          event: expect.objectContaining({ Type: 'Timer', TriggerName: 'everySecond' }),
        }),
      );
    });

    it('runs a timer on demand through runTimer', async () => {
      expect(await rt.runTimer('ticker')).toEqual({ ran: true });
    });
  });
});
