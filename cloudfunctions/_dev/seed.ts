/**
 * Demo data for the local runtime: an org tree (Jiangsu → Changzhou → Wujin → the 37 units of
 * Wujin's 2024 target list), the seed programs, and demo identities for each role. Written
 * once per data directory, directly into the runtime's store (this is the runtime's own
 * bootstrap, not production code).
 */
import { chinaToday, addDays } from '@shared/calendar';
import { demoProgramOpenOn, wujin2024Targets } from '@shared/demo';
import { idCheckChar, maskCardNumber, maskIdNumber, maskName, maskPhone } from '@shared/identity';
import { feeSplitFor, getProgram, isEnrolmentOpen, programs } from '@shared/program';
import { LUOHE_DEFAULTS } from '@shared/unitdata';
import type { Program } from '@shared/program/schema';
import type { DatabaseService } from '../_runtime/db/service';
import { userIdFor, type OrgDoc, type UserDoc } from '../_lib/model';
import { encrypt, lookupHash } from '../_lib/pii';
import { certificateNoFor, enrollmentIdFor } from '../_lib/enrollment-model';
import { noticeHash } from '../_lib/programs';
import { newJoinToken } from '../_lib/join-token';
import { searchTextFor } from '../_lib/org-search';
import { allocationIdFor, sliceIdFor } from '../_lib/officer-model';
import { sliceCount, spread } from '@shared/officer/quota';
import { targetIdFor } from '../_lib/unitdata-model';
import collections from '../collections.json';

export const SEED_VERSION = 3;

export const DEMO = {
  province: 'org_js',
  city: 'org_cz',
  district: 'org_wj',
  /** The unit the demo worker and unit officer belong to (高新区, first in the target list). */
  unit: 'unit_wj_01',
  worker: 'demo-worker',
  newcomer: 'demo-newcomer',
  unitOfficer: 'demo-unit-officer',
  reviewer: 'demo-district-reviewer',
  admin: 'demo-centre-admin',
  centreReviewer: 'demo-centre-reviewer',
  finance: 'demo-centre-finance',
  /** A second district of Changzhou with one unit (role checks across districts). */
  district2: 'org_tn',
  unit2: 'unit_tn_01',
  /** Jinan (free 普惠 quarterly quotas, two-level review): city, a district, a bureau, a unit under each. */
  jinanProvince: 'org_sd',
  jinanCity: 'org_jn',
  jinanDistrict: 'org_jn_lx',
  jinanBureau: 'org_jn_jt',
  jinanUnit: 'unit_jn_lx_01',
  jinanBureauUnit: 'unit_jn_jt_01',
} as const;

/** Free places per unit in the Jinan demo program's open batch (附件2 shape: program, batch, unit). */
export const DEMO_QUOTA_PLACES = 300;

/** A valid ID number (correct check digit) for demo people, born on the given date in Wujin. */
export function demoIdNumber(birth: string, seq: number, sex: 'male' | 'female'): string {
  const order = String(seq * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `320412${birth.replace(/-/g, '')}${order}`;
  return first17 + idCheckChar(first17);
}

/**
 * The Wujin program shifted to the year whose enrolment window contains today; on days between
 * windows the upcoming copy's window is widened to include today, so the demo can always be
 * walked through. Both are labelled as demo derivations.
 */
export function currentWujinDemo(now: Date): Program {
  const today = chinaToday(now);
  const derived = demoProgramOpenOn('wujin-2024', today);
  if (isEnrolmentOpen(derived, today)) return derived;
  return {
    ...derived,
    enrolment: { ...derived.enrolment, window: { opens: addDays(today, -7), closes: addDays(today, 60) } },
  };
}

/** Deterministic per data directory would make demo join codes guessable: they are random. */
function orgs(): OrgDoc[] {
  const js = { province: '江苏省' };
  const cz = { ...js, city: '常州市' };
  const wj = { ...cz, district: '武进区' };
  const tree: OrgDoc[] = [
    { _id: DEMO.province, name: '江苏省总工会', level: 'province', ancestors: [], region: js },
    {
      _id: DEMO.city,
      name: '常州市总工会',
      level: 'city',
      parentId: DEMO.province,
      ancestors: [DEMO.province],
      region: cz,
    },
    {
      _id: DEMO.district,
      name: '武进区总工会',
      level: 'district',
      parentId: DEMO.city,
      ancestors: [DEMO.province, DEMO.city],
      region: wj,
    },
  ];
  for (const t of wujin2024Targets) {
    const n = String(t.seq).padStart(2, '0');
    const name = /工会$/.test(t.unit) ? t.unit : `${t.unit}工会`;
    tree.push({
      _id: `unit_wj_${n}`,
      name,
      level: 'grassroots',
      parentId: DEMO.district,
      parentName: '武进区总工会',
      ancestors: [DEMO.province, DEMO.city, DEMO.district],
      code: `WJ${n}`,
      joinToken: newJoinToken(),
      region: wj,
    });
  }
  tree.push(...extraOrgs());
  const names = new Map(tree.map((o) => [o._id, o.name]));
  for (const org of tree)
    org.searchText = searchTextFor([org.name, ...org.ancestors.map((a) => names.get(a)!)]);
  return tree;
}

/** Orgs beyond Wujin: Tianning (a second Changzhou district) and a Jinan subtree. */
function extraOrgs(): OrgDoc[] {
  const tn = { province: '江苏省', city: '常州市', district: '天宁区' };
  const sd = { province: '山东省' };
  const jn = { ...sd, city: '济南市' };
  const lx = { ...jn, district: '历下区' };
  const cz = [DEMO.province, DEMO.city];
  const jnUp = [DEMO.jinanProvince, DEMO.jinanCity];
  return [
    {
      _id: DEMO.district2,
      name: '天宁区总工会',
      level: 'district',
      parentId: DEMO.city,
      parentName: '常州市总工会',
      ancestors: cz,
      region: tn,
    },
    {
      _id: DEMO.unit2,
      name: '天宁区示范企业工会',
      level: 'grassroots',
      parentId: DEMO.district2,
      parentName: '天宁区总工会',
      ancestors: [...cz, DEMO.district2],
      code: 'TN01',
      joinToken: newJoinToken(),
      region: tn,
    },
    { _id: DEMO.jinanProvince, name: '山东省总工会', level: 'province', ancestors: [], region: sd },
    {
      _id: DEMO.jinanCity,
      name: '济南市总工会',
      level: 'city',
      parentId: DEMO.jinanProvince,
      parentName: '山东省总工会',
      ancestors: [DEMO.jinanProvince],
      region: jn,
    },
    {
      _id: DEMO.jinanDistrict,
      name: '历下区总工会',
      level: 'district',
      parentId: DEMO.jinanCity,
      parentName: '济南市总工会',
      ancestors: jnUp,
      region: lx,
    },
    {
      _id: DEMO.jinanBureau,
      name: '济南市交通运输局工会',
      level: 'bureau',
      parentId: DEMO.jinanCity,
      parentName: '济南市总工会',
      ancestors: jnUp,
      region: jn,
    },
    {
      _id: DEMO.jinanUnit,
      name: '历下区示范企业工会',
      level: 'grassroots',
      parentId: DEMO.jinanDistrict,
      parentName: '历下区总工会',
      ancestors: [...jnUp, DEMO.jinanDistrict],
      code: 'JNLX01',
      joinToken: newJoinToken(),
      region: lx,
    },
    {
      _id: DEMO.jinanBureauUnit,
      name: '济南公交集团工会',
      level: 'grassroots',
      parentId: DEMO.jinanBureau,
      parentName: '济南市交通运输局工会',
      ancestors: [...jnUp, DEMO.jinanBureau],
      code: 'JNJT01',
      joinToken: newJoinToken(),
      region: jn,
    },
  ];
}

/** The Jinan program (普惠 quarterly batches) shifted to the year whose enrolment is open today. */
export function currentJinanDemo(now: Date): Program {
  return demoProgramOpenOn('jinan-2025-critical-accident', chinaToday(now));
}

/** Quota allocations (附件2 shape) for the Jinan demo units in every batch of the demo program. */
function seedQuotas(db: DatabaseService, program: Program, now: Date): void {
  for (const unitId of [DEMO.jinanUnit, DEMO.jinanBureauUnit]) {
    for (const batch of program.enrolment.batches) {
      const id = allocationIdFor(program.id, batch.id, unitId);
      const slices = sliceCount(DEMO_QUOTA_PLACES);
      spread(DEMO_QUOTA_PLACES, slices).forEach((n, i) =>
        db
          .collection('quotaCounters')
          .set(sliceIdFor(id, i), { allocationId: id, slice: i, places: n, remaining: n }),
      );
      db.collection('quotaAllocations').set(id, {
        programId: program.id,
        batchId: batch.id,
        unitId,
        places: DEMO_QUOTA_PLACES,
        slices,
        updatedBy: 'seed',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
}

function person(
  openid: string,
  name: string,
  birth: string,
  sex: 'male' | 'female',
  seq: number,
  phone: string,
  now: Date,
): UserDoc {
  const idNumber = demoIdNumber(birth, seq, sex);
  return {
    _id: userIdFor(openid),
    openid,
    registered: true,
    name,
    nameMasked: maskName(name),
    idHash: lookupHash('id', idNumber),
    idCipher: encrypt(idNumber),
    idMasked: maskIdNumber(idNumber),
    sex,
    phoneCipher: encrypt(phone),
    phoneMasked: maskPhone(phone),
    unionCardCipher: encrypt(`62270012${String(seq).padStart(8, '0')}`),
    unionCardMasked: maskCardNumber(`62270012${String(seq).padStart(8, '0')}`),
    unitId: DEMO.unit,
    unitStatus: 'approved',
    roles: ['worker'],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * CloudBase needs collections created (in the console) before they are read; the repo lists
 * them in cloudfunctions/collections.json and this is the local equivalent of that step.
 */
export function createCollections(db: DatabaseService): void {
  for (const name of collections as string[]) db.handle('database.addCollection', { collectionName: name });
}

/** The demo unit's current join token (its QR's scene), for tests and the start banner. */
export function demoJoinToken(db: DatabaseService, unitId: string = DEMO.unit): string {
  return (db.collection('orgs').get(unitId) as OrgDoc | null)?.joinToken ?? '';
}

/**
 * Wujin's 2024 target list (附件 1, 37 units, 55,910 workers) as each unit's target, for the
 * 2024 program and its demo copy, with Luohe's traffic-light thresholds (shared/unitdata/progress.ts).
 */
function seedTargets(db: DatabaseService, forPrograms: Program[], now: Date): void {
  for (const program of forPrograms) {
    const window = program.enrolment.window!;
    db.collection('targetPlans').set(program.id, {
      programId: program.id,
      window: { opens: window.opens, closes: window.closes },
      ...LUOHE_DEFAULTS,
      updatedAt: now,
    });
    for (const t of wujin2024Targets) {
      const unitId = `unit_wj_${String(t.seq).padStart(2, '0')}`;
      const unit = db.collection('orgs').get(unitId) as OrgDoc | null;
      if (!unit) continue;
      db.collection('targets').set(targetIdFor(program.id, unitId), {
        programId: program.id,
        unitId,
        unitName: unit.name,
        unitCode: unit.code,
        ancestors: unit.ancestors,
        target: t.target,
        seq: t.seq,
        updatedAt: now,
        updatedBy: 'seed',
      });
    }
  }
}

/**
 * The demo worker's cover for 2024 (Wujin's own seed year, when 王建国 enrolled and paid), so a
 * newcomer can try a claim at once: hospital stays of 2024 fall inside it. Built from the program
 * exactly as an enrolment is (fee split, notice hash, certificate number); the signature was on
 * the paper form, so there is no signature file.
 */
function seedPaidEnrolment(db: DatabaseService, user: UserDoc, now: Date): void {
  const program = getProgram('wujin-2024');
  if (program.coverage.kind !== 'fixed') return;
  const coverage = { start: program.coverage.start, end: program.coverage.end };
  const id = enrollmentIdFor(user._id, program.id, coverage.start);
  const split = feeSplitFor(program, { groups: [] });
  db.collection('enrollments').set(id, {
    userId: user._id,
    unitId: DEMO.unit,
    programId: program.id,
    programName: program.name,
    series: program.series,
    coverage,
    status: 'active',
    totalFen: split.totalFen,
    workerFen: split.workerFen,
    feeLines: split.lines.map((l) => ({ payer: l.payer, label: l.label, amountFen: l.amountFen })),
    consent: { version: program.notice.version, hash: noticeHash(program), at: now },
    declarations: [],
    signatureFileId: '',
    warnings: [],
    orderAttempts: 0,
    certificateNo: certificateNoFor({ _id: id, coverage }),
    paidAt: now,
    activatedAt: now,
    note: '2024 年纸质登记参保（演示数据）',
    createdAt: now,
    updatedAt: now,
  });
}

/** Returns false when this data directory was already seeded. */
export function seedDemo(db: DatabaseService, now: Date): boolean {
  createCollections(db);
  const meta = db.collection('_rt_meta');
  if (meta.get('seed')?.version === SEED_VERSION) return false;

  for (const org of orgs()) {
    db.collection('orgs').set(org._id, org);
    if (org.joinToken)
      db.collection('joinTokens').set(org.joinToken, { unitId: org._id, createdBy: 'seed', createdAt: now });
  }

  const demoProgram = currentWujinDemo(now);
  const offered: Record<string, string[]> = {
    'wujin-2024': [DEMO.district],
    [demoProgram.id]: [DEMO.district],
  };
  const jinanDemo = currentJinanDemo(now);
  if (jinanDemo.id !== demoProgram.id) offered[jinanDemo.id] = [DEMO.jinanCity];
  const extra = jinanDemo.id === 'jinan-2025-critical-accident' ? [] : [jinanDemo];
  for (const program of [...programs, demoProgram, ...extra]) {
    db.collection('programs').set(program.id, {
      program,
      offeredTo: offered[program.id] ?? [],
      status: 'published',
    });
  }

  seedQuotas(db, jinanDemo, now);
  seedTargets(db, [getProgram('wujin-2024'), demoProgram], now);

  const worker = person(DEMO.worker, '王建国', '1988-05-16', 'male', 1, '13800001111', now);
  const officer = {
    ...person(DEMO.unitOfficer, '陈静', '1985-09-02', 'female', 2, '13800002222', now),
    grants: [{ role: 'unit_officer' as const, orgId: DEMO.unit }],
  };
  // Centre and district officers belong to no grassroots unit: the field is absent, not null.
  const noUnit = ({ unitId: _unit, ...rest }: UserDoc): UserDoc => rest;
  const reviewer = {
    ...noUnit(person(DEMO.reviewer, '刘洋', '1979-11-20', 'male', 3, '13800003333', now)),
    unitStatus: 'none' as const,
    roles: [] as UserDoc['roles'],
    grants: [{ role: 'district_reviewer' as const, orgId: DEMO.district }],
  };
  const admin = {
    ...noUnit(person(DEMO.admin, '赵敏', '1976-03-08', 'female', 4, '13800004444', now)),
    unitStatus: 'none' as const,
    roles: [] as UserDoc['roles'],
    grants: [{ role: 'centre_admin' as const, orgId: DEMO.province }],
  };
  const centreReviewer = {
    ...noUnit(person(DEMO.centreReviewer, '孙伟', '1982-07-12', 'male', 5, '13800005555', now)),
    unitStatus: 'none' as const,
    roles: [] as UserDoc['roles'],
    grants: [{ role: 'centre_reviewer' as const, orgId: DEMO.province }],
  };
  const finance = {
    ...noUnit(person(DEMO.finance, '钱红', '1984-01-30', 'female', 6, '13800006666', now)),
    unitStatus: 'none' as const,
    roles: [] as UserDoc['roles'],
    grants: [{ role: 'centre_finance' as const, orgId: DEMO.province }],
  };
  for (const u of [worker, officer, reviewer, admin, centreReviewer, finance])
    db.collection('users').set(u._id, u);
  seedPaidEnrolment(db, worker, now);

  const identities = [
    { openid: DEMO.worker, label: '职工 王*国（高新区工会，已实名）', role: 'worker' },
    { openid: DEMO.newcomer, label: '新职工（未实名登记）', role: 'worker' },
    { openid: DEMO.unitOfficer, label: '单位工会干部 陈*（高新区工会）', role: 'unit_officer' },
    { openid: DEMO.reviewer, label: '区总工会审核员 刘*（武进区）', role: 'district_reviewer' },
    { openid: DEMO.admin, label: '互助保障中心管理员 赵*', role: 'centre_admin' },
    { openid: DEMO.centreReviewer, label: '互助保障中心审核员 孙*', role: 'centre_reviewer' },
    { openid: DEMO.finance, label: '互助保障中心财务 钱*', role: 'centre_finance' },
  ];
  identities.forEach((identity, i) =>
    db.collection('_rt_demo_identities').set(`demo_${i + 1}`, { ...identity, order: i + 1 }),
  );
  meta.set('seed', {
    version: SEED_VERSION,
    at: now,
    demoProgramId: demoProgram.id,
    jinanProgramId: jinanDemo.id,
  });
  return true;
}
