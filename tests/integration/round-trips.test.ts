/**
 * The production latency budget of the hot actions: on CloudBase every database call is a network
 * hop of a few milliseconds, so what counts is how many of them an action makes one after the
 * other. The runtime counts them per invocation (`Runtime.observeInvocations`: a call made while
 * another of the same invocation is in flight, as with Promise.all, does not add one), and this
 * test holds each hot action to its budget so the counts cannot creep up unnoticed.
 */
import { DEMO } from '../../cloudfunctions/_dev/seed';
import type { InvocationRecord } from '../../cloudfunctions/_runtime/host/function-host';
import { startApp, type TestApp } from '../helpers/app';
import { claimant, files, hospitalFacts, stay, upload, type Claimant } from '../helpers/claims';
import { membersOf, officerWith } from '../helpers/officer';
import { atWeChat, enrolIn, newWorker } from '../helpers/pay';
import { districtReviewer } from '../helpers/review';

jest.setTimeout(120_000);

/**
 * Sequential database round trips allowed per hot action (the goal is at most 4). Above 4 only
 * where a transaction keeps several documents changing together: its operations must run one
 * after the other (a MongoDB transaction takes no concurrent operations), so each is a hop. None
 * of these needs one: a claim's change carries what it causes (claims.ts commitClaim), a payment
 * marks its order until it is credited (payments.ts applyPayment).
 */
export const ROUND_TRIP_BUDGET: Record<string, number> = {
  // 3: caller ∥ program ∥ the worker's enrolments; the unit; the insert (or conditional revival).
  'enrollment.enrol': 4,
  // 4: caller ∥ enrolment; the conditional claim of the attempt (what stops a second tap); the
  // order insert (it must exist before WeChat Pay hears of it); saving the prepay.
  'enrollment.pay': 4,
  // 4: order ∥ enrolment (its id read off the trade number); the order marked PAID with the
  // credit pending (a conditional write: one caller wins); the enrolment activated ∥ the paid
  // message; the mark taken off (a call cut short before it is finished by the next one).
  payNotify: 4,
  // 4: caller ∥ claim ∥ files; program ∥ sibling claims ∥ duplicate look-ups; the claim, filed
  // with its message riding on it by one write conditional on the version (a second tap loses);
  // the message into the outbox.
  'claim.submit': 4,
  // Caller ∥ org ∥ unstamped claims; count ∥ page.
  'review.queue': 4,
  // 4: caller ∥ claim ∥ files; program ∥ worker's claims ∥ authorisations; the decision with its
  // audit entry and message riding on the claim (one conditional write); audit ∥ message.
  'review.approve': 4,
  // 4: application ∥ caller; member ∥ their record ∥ their enrolments; the conditional
  // decrement (the place); the member record (a racing duplicate loses here and gives it back).
  'officer.submitMembers': 4,
};

let app: TestApp;
const seen: InvocationRecord[] = [];
beforeAll(async () => {
  app = await startApp();
  app.runtime.observeInvocations((r) => seen.push(r));
});
afterAll(() => app?.close());

/** The record of the one invocation of `fn`(`action`) that `run` causes. */
async function measured(fn: string, action: string | undefined, run: () => Promise<unknown>) {
  const from = seen.length;
  await run();
  const mine = seen.slice(from).filter((r) => r.functionName === fn && r.action === action);
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

/**
 * Each action is measured on a warm function instance, as most production calls find it: the
 * same action runs first for another subject (`warm`), then the measured one (`run`) right
 * after. A cold instance opens a connection for each call it overlaps beyond those it already
 * holds, so reads made at once reach the runtime one after the other and would be counted as
 * sequential: that is the instance's start-up, not the action's round trips.
 */
async function measuredWarm(
  fn: string,
  action: string | undefined,
  warm: () => Promise<unknown>,
  run: () => Promise<unknown>,
) {
  await warm();
  return measured(fn, action, run);
}

const counts = new Map<string, InvocationRecord['calls']>();

function expectWithinBudget(name: string, record: InvocationRecord) {
  expect(record.ok).toBe(true);
  counts.set(name, record.calls);
}

test('enrol, pay and the payment notification', async () => {
  const first = await newWorker(app, '13900005500', 50);
  const worker = await newWorker(app, '13900005501', 51);
  let warmId = '';
  let enrollmentId = '';
  const enrol = await measuredWarm(
    'enrollment',
    'enrol',
    async () => (warmId = (await enrolIn(app, first)).id),
    async () => (enrollmentId = (await enrolIn(app, worker)).id),
  );
  expectWithinBudget('enrollment.enrol', enrol);

  let warmTradeNo = '';
  let outTradeNo = '';
  const pay = await measuredWarm(
    'enrollment',
    'pay',
    async () => (warmTradeNo = (await first.call('enrollment.pay', { enrollmentId: warmId })).orderId),
    async () => (outTradeNo = (await worker.call('enrollment.pay', { enrollmentId })).orderId),
  );
  expectWithinBudget('enrollment.pay', pay);

  const notified = await measuredWarm(
    'payNotify',
    undefined,
    () => app.runtime.pay.confirm(warmTradeNo),
    () => app.runtime.pay.confirm(outTradeNo),
  );
  expectWithinBudget('payNotify', notified);
  expect(atWeChat(app, outTradeNo).state).toBe('SUCCESS');
  expect(app.runtime.db.collection('enrollments').get(enrollmentId).status).toBe('active');
  expect(app.runtime.db.collection('enrollments').get(warmId).status).toBe('active');
});

/**
 * A hospital claim not settled through insurance (so its records and invoice are uploaded and
 * submit checks them for duplicates) with every material uploaded: one submit away from filed.
 */
async function readyDraft(w: Claimant, invoiceNo: string) {
  const draft = await w.client.call('claim.create', {
    enrollmentId: w.enrollmentId,
    benefitId: 'hospitalisation',
    facts: hospitalFacts(stay({ settlement: 'none', invoiceNo, selfPaidFen: 2_000_000 })),
  });
  expect(draft.missing.length).toBeGreaterThan(0);
  for (const m of draft.missing) {
    const res = await upload(app, w.client, draft.id, m.materialId, files.jpeg(), m.stayIndex);
    expect(res.ok).toBe(true);
  }
  return draft.id;
}

test('claim submit, the review queue page and approve', async () => {
  const first = await claimant(app);
  const w = await claimant(app);
  const warmId = await readyDraft(first, 'RT-0001');
  const claimId = await readyDraft(w, 'RT-0002');
  const submit = await measuredWarm(
    'claim',
    'submit',
    () => first.client.call('claim.submit', { claimId: warmId, confirmDuplicates: true }),
    () => w.client.call('claim.submit', { claimId, confirmDuplicates: true }),
  );
  expectWithinBudget('claim.submit', submit);

  const reviewer = (await districtReviewer(app)).client;
  const page = () => reviewer.call('review.queue', { orgId: DEMO.district });
  const queue = await measuredWarm('review', 'queue', page, page);
  expectWithinBudget('review.queue', queue);

  const proposals: number[] = [];
  for (const id of [warmId, claimId])
    proposals.push((await reviewer.call('review.assign', { claimId: id })).proposal.amountFen);
  const approve = await measuredWarm(
    'review',
    'approve',
    () => reviewer.call('review.approve', { claimId: warmId, amountFen: proposals[0]! }),
    () => reviewer.call('review.approve', { claimId, amountFen: proposals[1]! }),
  );
  expectWithinBudget('review.approve', approve);
});

test('a free-quota reservation', async () => {
  const db = app.runtime.db;
  const programId = db.collection('_rt_meta').get('seed').jinanProgramId as string;
  const program = db.collection('programs').get(programId).program;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const batchId = program.enrolment.batches.find(
    (b: { opens: string; closes: string }) => b.opens <= today && today <= b.closes,
  ).id;
  const unitId = 'unit_rt_quota';
  db.collection('orgs').set(unitId, {
    name: '往返测试工会',
    level: 'grassroots',
    parentId: DEMO.jinanDistrict,
    parentName: '历下区总工会',
    ancestors: [DEMO.jinanProvince, DEMO.jinanCity, DEMO.jinanDistrict],
    region: { province: '山东省', city: '济南市', district: '历下区' },
  });
  const admin = officerWith(app, 'rt-admin', [{ role: 'centre_admin', orgId: DEMO.jinanCity }]);
  const officer = officerWith(app, 'rt-officer', [{ role: 'unit_officer', orgId: unitId }]);
  const [first, member] = membersOf(app, unitId, 2, 'rt');
  const invoke = (openid: string, action: string, payload: object) =>
    app.runtime.invoke('officer', { action, payload }, { openid }) as Promise<{ ok: boolean; data?: any }>;
  await invoke(admin, 'setQuota', { programId, batchId, unitId, places: 10 });
  const opened = await invoke(officer, 'openApplication', { unitId, programId, route: 'puhui' });
  const submit = async (userId: string) => {
    const r = await invoke(officer, 'submitMembers', { applicationId: opened.data.id, userIds: [userId] });
    expect(r.data.added[0].quotaPlace).toBeTruthy();
  };
  const reserve = await measuredWarm(
    'officer',
    'submitMembers',
    () => submit(first!),
    () => submit(member!),
  );
  expectWithinBudget('officer.submitMembers', reserve);
});

test('every hot action stays within its round-trip budget', () => {
  const rows = Object.keys(ROUND_TRIP_BUDGET).map((name) => {
    const c = counts.get(name);
    return c
      ? `${name.padEnd(24)} sequential ${c.sequentialDb} (budget ${ROUND_TRIP_BUDGET[name]}), db calls ${c.db}, API calls ${c.api}\n    ${c.trace.join('\n    ')}`
      : `${name.padEnd(24)} not measured`;
  });
  console.log(`[round trips]\n${rows.join('\n')}`);
  const over = Object.entries(ROUND_TRIP_BUDGET)
    .filter(([name, budget]) => !counts.has(name) || counts.get(name)!.sequentialDb > budget)
    .map(([name]) => name);
  expect(over).toEqual([]);
});
