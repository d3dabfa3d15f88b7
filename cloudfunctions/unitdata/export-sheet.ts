import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { TEMPLATES } from '@shared/unitdata';
import { auditEntry } from '../_lib/audit';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, insert } from '../_lib/db';
import type { EnrollmentDoc } from '../_lib/enrollment-model';
import type { UserDoc } from '../_lib/model';
import { loadProgram } from '../_lib/programs';
import { requireUnitdata, seesFullNames } from '../_lib/unitdata-access';
import { findIn } from '../_lib/unitdata-import';
import type { MemberDoc, PaperEnrollmentDoc } from '../_lib/unitdata-model';
import { exportWorkbook } from '../_lib/xlsx-write';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

const MAX_EXPORT = 20_000;

/** A person as the export shows them: ID, phone and card always masked; the name in full only for the unit's own officer. */
interface Shown {
  name: string;
  idMasked: string;
  phoneMasked: string;
  cardMasked: string;
  township: string;
  employer: string;
  sex?: 'male' | 'female';
}

async function enrolledPeople(ctx: HandlerContext, unitId: string, programId: string, full: boolean) {
  const enrolments: (EnrollmentDoc & Partial<PaperEnrollmentDoc>)[] = [];
  for (let page = 0; page * 1000 < MAX_EXPORT; page++) {
    const docs = await findMany<EnrollmentDoc>(
      coll(ctx.db, 'enrollments')
        .where({ unitId, programId })
        .orderBy('createdAt', 'asc')
        .skip(page * 1000)
        .limit(1000),
    );
    enrolments.push(...docs);
    if (docs.length < 1000) break;
  }
  const live = enrolments.filter((e) => e.status !== 'cancelled');
  const ids = live.map((e) => e.userId);
  const [members, users] = await Promise.all([
    findIn<MemberDoc>(
      ctx,
      'members',
      '_id',
      ids.filter((i) => i.startsWith('pm_')),
    ),
    findIn<UserDoc>(
      ctx,
      'users',
      '_id',
      ids.filter((i) => !i.startsWith('pm_')),
    ),
  ]);
  const byId = new Map<string, Shown>();
  for (const m of members)
    byId.set(m._id, {
      name: full ? m.name : m.nameMasked,
      idMasked: m.idMasked,
      phoneMasked: m.phoneMasked ?? '',
      cardMasked: m.unionCardMasked ?? '',
      township: m.township ?? '',
      employer: m.employer ?? '',
      sex: m.sex,
    });
  for (const u of users)
    byId.set(u._id, {
      name: (full ? u.name : u.nameMasked) ?? '',
      idMasked: u.idMasked ?? '',
      phoneMasked: u.phoneMasked ?? '',
      cardMasked: u.unionCardMasked ?? '',
      township: '',
      employer: '',
      sex: u.sex,
    });
  return live.map((e) => ({ e, p: byId.get(e.userId) }));
}

/** The sign-up template, empty or pre-filled with the unit's enrolled members (audited when filled). */
export async function exportSheet(input: In<'exportSheet'>, ctx: HandlerContext) {
  const { user, org: unit, grant } = await requireUnitdata(ctx, 'READ', input.unitId);
  const { program } = await loadProgram(ctx.db, input.programId);
  const template = TEMPLATES[input.template];
  const full = seesFullNames(grant, unit._id);
  const people = input.filled ? await enrolledPeople(ctx, unit._id, program.id, full) : [];
  const fee = String(program.fee.perShareFen / 100);
  const cell = (key: string, i: number, x: (typeof people)[number]): string | number => {
    const p = x.p;
    const values: Record<string, string | number> = {
      seq: i + 1,
      township: p?.township || unit.name.replace(/工会$/, ''),
      name: p?.name ?? '',
      idNumber: p?.idMasked ?? '',
      phone: p?.phoneMasked ?? '',
      employer: p?.employer ?? '',
      unionCard: p?.cardMasked ?? '',
      signature: x.e.channel === 'paper' ? '已签（纸质）' : '小程序签约',
      sex: p?.sex === 'male' ? '男' : p?.sex === 'female' ? '女' : '',
      premium: fee,
      remark: x.e.status === 'active' ? '已参保' : '待缴费',
    };
    return values[key] ?? '';
  };
  const rows = people.length
    ? people.map((x, i) => template.columns.map((c) => cell(c.key, i, x)))
    : Array.from({ length: 20 }, (_, i) => template.columns.map((c) => (c.key === 'seq' ? i + 1 : null)));
  if (input.filled)
    await insert(
      ctx.db,
      'auditLog',
      auditEntry(ctx, {
        actorId: user._id,
        action: 'unitdata.exportSheet',
        subject: { kind: 'org', id: unit._id },
        orgId: unit._id,
        detail: { programId: program.id, rows: people.length, fullNames: full },
      }),
    );
  return exportWorkbook(
    [
      {
        name: '参保人员',
        titles: [template.title.replace('{program}', program.name), `申请单位工会：${unit.name}（盖章）`],
        columns: template.columns.map((c) => ({ header: c.header, width: c.width })),
        rows,
      },
    ],
    `${unit.name}-${template.label}${input.filled ? '-已参保' : ''}.xlsx`,
    ctx.now,
  );
}
