/**
 * An enrolment season's burst: workers put forward for free (普惠) places against a quota spread
 * over many units, all at once, through the real officer function (`submitMembers`, one member
 * per call, each a conditional decrement of a quota slice) on a durable store. Exactly the quota
 * may be accepted; everything else must be refused as full, nothing may fail.
 */
import { DEMO } from '../../../cloudfunctions/_dev/seed';
import { startApp, type TestApp } from '../../helpers/app';
import { insertMany, membersOf, officerWith } from '../../helpers/officer';
import type { CeilingFigures } from './ceilings';
import { summarise } from './load';
import { fmt, type Row } from './table';

type Reply = { ok: boolean; data?: any; error?: { code: string } };

function openBatchOf(app: TestApp, programId: string): string {
  const program = app.runtime.db.collection('programs').get(programId).program;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return program.enrolment.batches.find(
    (b: { opens: string; closes: string }) => b.opens <= today && today <= b.closes,
  ).id;
}

export async function burst(quick: boolean, ceilings?: CeilingFigures): Promise<Row[]> {
  const units = quick ? 10 : 100;
  const placesPerUnit = 10;
  const workersPerUnit = quick ? 100 : 100;
  const inFlight = 100;
  const app = await startApp();
  try {
    const db = app.runtime.db;
    const programId = db.collection('_rt_meta').get('seed').jinanProgramId as string;
    const batchId = openBatchOf(app, programId);
    const unitIds = Array.from({ length: units }, (_, u) => `unit_burst_${String(u).padStart(3, '0')}`);
    insertMany(
      app,
      'orgs',
      unitIds.map((_id) => ({
        _id,
        name: `${_id}工会`,
        level: 'grassroots',
        parentId: DEMO.jinanDistrict,
        parentName: '历下区总工会',
        ancestors: [DEMO.jinanProvince, DEMO.jinanCity, DEMO.jinanDistrict],
        region: { province: '山东省', city: '济南市', district: '历下区' },
      })),
    );
    const members = unitIds.flatMap((unitId, u) => membersOf(app, unitId, workersPerUnit, `burst-${u}`));
    const admin = officerWith(app, 'burst-admin', [{ role: 'centre_admin', orgId: DEMO.jinanCity }]);
    const invoke = (openid: string, action: string, payload: object) =>
      app.runtime.invoke('officer', { action, payload }, { openid }) as Promise<Reply>;
    const applications: string[] = [];
    for (const unitId of unitIds) {
      const officer = officerWith(app, `burst-officer-${unitId}`, [{ role: 'unit_officer', orgId: unitId }]);
      const quota = await invoke(admin, 'setQuota', { programId, batchId, unitId, places: placesPerUnit });
      if (!quota.ok) throw new Error(`setQuota: ${quota.error?.code}`);
      const opened = await invoke(officer, 'openApplication', { unitId, programId, route: 'puhui' });
      if (!opened.ok) throw new Error(`openApplication: ${opened.error?.code}`);
      applications.push(opened.data.id);
    }

    // Interleave the units, as a season's submissions arrive from everywhere at once.
    const order = Array.from({ length: units * workersPerUnit }, (_, k) => {
      const u = k % units;
      const i = Math.floor(k / units);
      return { u, member: members[u * workersPerUnit + i]! };
    });
    const latencies: number[] = [];
    let accepted = 0;
    let full = 0;
    const failures: string[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < order.length) {
          const { u, member } = order[next++]!;
          const t0 = performance.now();
          const r = await invoke(`burst-officer-${unitIds[u]}`, 'submitMembers', {
            applicationId: applications[u],
            userIds: [member],
          });
          latencies.push(performance.now() - t0);
          if (r.ok && r.data.added[0]?.quotaPlace) accepted++;
          else if (r.ok && r.data.refused[0]?.code === 'QUOTA.EXHAUSTED') full++;
          else failures.push(r.error?.code ?? JSON.stringify(r.data).slice(0, 80));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const load = summarise(latencies, failures.length, seconds);
    const places = units * placesPerUnit;
    const negative = db.collection('quotaCounters').count({ remaining: { $lt: 0 } });
    const held = db.collection('applicationMembers').count({ status: 'held' });
    const oversell = Math.max(0, accepted - places) + Math.max(0, held - places) + negative;
    const rows: Row[] = [
      {
        section: 'burst',
        metric: `${fmt.int(order.length)} submissions vs ${fmt.int(places)} free places over ${units} units, ${inFlight} in flight`,
        value: `${fmt.int(accepted)} accepted, ${fmt.int(full)} refused as full, ${failures.length} failed`,
        goal: `exactly ${fmt.int(places)}, 0 failed`,
        met: accepted === places && full === order.length - places && failures.length === 0,
        note: failures.length ? failures.slice(0, 3).join(', ') : undefined,
      },
      {
        section: 'burst',
        metric: 'oversell (accepted, held members or slices below zero beyond the quota)',
        value: String(oversell),
        goal: '0',
        met: oversell === 0,
      },
      {
        section: 'burst',
        metric: 'burst throughput, durable (group commit)',
        value: `${fmt.rate(load.perSecond)}, p50 ${fmt.ms(load.p50)}, p99 ${fmt.ms(load.p99)}`,
      },
    ];
    if (ceilings)
      rows.push({
        section: 'burst',
        metric: 'burst throughput / no-op function rate',
        value: fmt.ratio(load.perSecond / ceilings.noop50.perSecond),
        note: 'each submission is several database round trips; the no-op makes none',
      });
    return rows;
  } finally {
    await app.close();
  }
}
