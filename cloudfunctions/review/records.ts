import type { z } from 'zod';
import type { reviewApi } from '@shared/api/review';
import { addDays, chinaStartOfDay } from '@shared/calendar';
import { formatYuan, formatRatio } from '@shared/money';
import { REJECT_REASONS, rejectReasonsFor, reviewReport } from '@shared/review';
import { findBenefit } from '@shared/benefits';
import { AppError } from '@shared/errors';
import type { ClaimDoc } from '../_lib/claim-model';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { findMany, findPage, insert } from '../_lib/db';
import type { OrgDoc, UserDoc } from '../_lib/model';
import { loadProgram } from '../_lib/programs';
import type { AuditDoc } from '../_lib/records';
import { requireOfficer, requireRolesOverOrg, ROLES, scopeOfOrg, stampScopes } from '../_lib/review-access';
import { auditFor } from '../_lib/review-claims';
import { exportWorkbook } from '../_lib/xlsx-write';

type In<K extends keyof typeof reviewApi> = z.output<(typeof reviewApi)[K]['input']>;

/** Reads at most this many documents for one report or export (in pages of 1000). */
const MAX_READ = 5000;

async function readAll<T>(
  query: ReturnType<ReturnType<HandlerContext['db']['collection']>['where']>,
  order: string,
): Promise<{ docs: T[]; truncated: boolean }> {
  const docs: T[] = [];
  for (let skip = 0; skip < MAX_READ; skip += 1000) {
    const page = await findMany<T>(query.orderBy(order, 'asc').skip(skip).limit(1000));
    docs.push(...page);
    if (page.length < 1000) return { docs, truncated: false };
  }
  return { docs, truncated: true };
}

const auditItem = (a: AuditDoc, names: Map<string, string>) => ({
  id: a._id,
  at: new Date(a.at).toISOString(),
  actorId: a.actorId,
  actorName: names.get(a.actorId),
  action: a.action,
  subject: a.subject,
  claimId: a.claimId,
  detail: a.detail,
});

async function actorNames(ctx: HandlerContext, ids: string[]) {
  const _ = ctx.db.command;
  const users = ids.length
    ? await findMany<UserDoc>(
        coll(ctx.db, 'users')
          .where({ _id: _.in([...new Set(ids)]) })
          .limit(100),
      )
    : [];
  return new Map(users.map((u) => [u._id, u.nameMasked ?? '']));
}

/**
 * The centre admin pages the audit log of the subtree, newest first (every officer action, every
 * view of a claim's files, every full-account download). Append-only: no action edits it.
 * Index: auditLog (scope, at) or (claimId, at). Round trips: caller ∥ org, count ∥ page, names.
 */
export async function auditLog(input: In<'auditLog'>, ctx: HandlerContext) {
  const { org } = await requireRolesOverOrg(ctx, ROLES.audit, input.orgId);
  const { docs, ...page } = await findPage<AuditDoc>(
    coll(ctx.db, 'auditLog').where(
      input.claimId ? { claimId: input.claimId, scope: org._id } : { scope: org._id },
    ),
    { field: 'at', direction: 'desc' },
    input,
  );
  const names = await actorNames(
    ctx,
    docs.map((d) => d.actorId),
  );
  return { ...page, items: docs.map((d) => auditItem(d, names)) };
}

/** The log of a period as .xlsx (the export is itself audited). */
export async function auditExport(input: In<'auditExport'>, ctx: HandlerContext) {
  const { user, org } = await requireRolesOverOrg(ctx, ROLES.audit, input.orgId);
  const _ = ctx.db.command;
  const { docs, truncated } = await readAll<AuditDoc>(
    coll(ctx.db, 'auditLog').where({
      scope: org._id,
      at: _.gte(chinaStartOfDay(input.from)).and(_.lt(chinaStartOfDay(addDays(input.to, 1)))),
    }),
    'at',
  );
  const names = await actorNames(ctx, docs.map((d) => d.actorId).slice(0, 100));
  const { _id, ...entry } = auditFor(
    ctx,
    { _id: org._id, unitId: org._id, scope: scopeOfOrg(org) },
    {
      actorId: user._id,
      action: 'review.audit.export',
      subject: { kind: 'org', id: org._id },
      detail: { from: input.from, to: input.to, rows: docs.length },
    },
  );
  await insert(ctx.db, 'auditLog', { _id, ...entry, claimId: undefined });
  const out = await exportWorkbook(
    [
      {
        name: '审计日志',
        titles: [
          `${org.name} 审计日志 ${input.from} 至 ${input.to}${truncated ? `（仅前 ${MAX_READ} 条）` : ''}`,
        ],
        columns: [
          { header: '时间', width: 24 },
          { header: '操作人', width: 12 },
          { header: '操作人编号', width: 28 },
          { header: '操作', width: 30 },
          { header: '对象', width: 36 },
          { header: '申请编号', width: 30 },
          { header: '说明', width: 40 },
        ],
        rows: docs.map((d) => [
          new Date(d.at).toISOString(),
          names.get(d.actorId) ?? '',
          d.actorId,
          d.action,
          `${d.subject.kind}:${d.subject.id}`,
          d.claimId ?? '',
          d.detail ? JSON.stringify(d.detail) : '',
        ]),
      },
    ],
    `审计日志-${input.from}-${input.to}.xlsx`,
    ctx.now,
  );
  return { ...out, rows: docs.length };
}

/**
 * The report's figures: the subtree's claims of the program submitted in the period, and the
 * premiums of the subtree's active enrolments (the claims ratio's denominator).
 * Round trips: 1 caller ∥ org ∥ program ∥ unstamped claims, 2 units of the subtree ∥ claims pages,
 * 3 the premiums' sum (one aggregate).
 */
async function figures(input: In<'report'>, ctx: HandlerContext) {
  const _ = ctx.db.command;
  const [{ org }, { program }] = await Promise.all([
    requireRolesOverOrg(ctx, ROLES.report, input.orgId),
    loadProgram(ctx.db, input.programId),
    stampScopes(ctx),
  ]);
  const [{ docs, truncated }, units] = await Promise.all([
    readAll<ClaimDoc>(
      coll(ctx.db, 'claims').where({
        scope: org._id,
        programId: program.id,
        submittedAt: _.gte(chinaStartOfDay(input.from)).and(_.lt(chinaStartOfDay(addDays(input.to, 1)))),
      }),
      'submittedAt',
    ),
    org.level === 'grassroots'
      ? Promise.resolve([org])
      : findMany<OrgDoc>(
          coll(ctx.db, 'orgs')
            .where({ ancestors: org._id, level: 'grassroots' })
            .field({ _id: true })
            .limit(1000),
        ),
  ]);
  const $ = _.aggregate;
  const sums = (await coll(ctx.db, 'enrollments')
    .aggregate()
    .match({ programId: program.id, status: 'active', unitId: _.in(units.map((u) => u._id)) })
    .group({ _id: null, total: $.sum('$totalFen') })
    .end()) as unknown as { list: { total: number }[] };
  const premiumsFen = sums.list[0]?.total ?? 0;
  const report = reviewReport(docs, premiumsFen);
  const labels = new Map(
    [...REJECT_REASONS, ...program.benefits.flatMap((b) => rejectReasonsFor(program, b.id))].map((r) => [
      r.code,
      r.label,
    ]),
  );
  return {
    org,
    program,
    out: {
      programId: program.id,
      from: input.from,
      to: input.to,
      ...report,
      rejections: report.rejections.map((r) => ({ ...r, label: labels.get(r.code) ?? r.code })),
      truncated,
    },
  };
}

export async function report(input: In<'report'>, ctx: HandlerContext) {
  return (await figures(input, ctx)).out;
}

const ratio = (bp: number | null) => (bp === null ? '—' : formatRatio(bp));

export async function reportExport(input: In<'reportExport'>, ctx: HandlerContext) {
  const { org, program, out: r } = await figures(input, ctx);
  const out = await exportWorkbook(
    [
      {
        name: '概况',
        titles: [`${org.name} ${program.name} 补助审核报表 ${r.from} 至 ${r.to}`],
        columns: [
          { header: '指标', width: 30 },
          { header: '数值', width: 20 },
        ],
        rows: [
          ['申请件数', r.total],
          ['已发放件数', r.paid.count],
          ['期限内发放件数', r.paid.withinDeadline],
          ['期限内发放比例', ratio(r.paid.withinDeadlineBp)],
          ['已发放金额', formatYuan(r.paid.amountFen)],
          ['保费合计', formatYuan(r.premiumsFen)],
          ['赔付率（已发放 ÷ 保费）', ratio(r.claimsRatioBp)],
        ],
      },
      {
        name: '按状态',
        titles: [],
        columns: [
          { header: '状态', width: 16 },
          { header: '件数', width: 10 },
        ],
        rows: r.byStatus.map((s) => [s.label, s.count]),
      },
      {
        name: '各环节用时',
        titles: [],
        columns: [
          { header: '环节', width: 16 },
          { header: '次数', width: 10 },
          { header: '中位数（小时）', width: 16 },
          { header: '90%分位（小时）', width: 16 },
        ],
        rows: r.stages.map((s) => [s.label, s.count, s.medianHours, s.p90Hours]),
      },
      {
        name: '不予给付原因',
        titles: [],
        columns: [
          { header: '原因', width: 40 },
          { header: '件数', width: 10 },
        ],
        rows: r.rejections.map((x) => [x.label, x.count]),
      },
    ],
    `补助审核报表-${r.from}-${r.to}.xlsx`,
    ctx.now,
  );
  return { fileName: out.fileName, url: out.url, expiresAt: out.expiresAt };
}

/** The reasons a reviewer may choose for a benefit (the catalogue plus the program's exclusions). */
export async function reasons(input: In<'reasons'>, ctx: HandlerContext) {
  await requireOfficer(ctx);
  const { program } = await loadProgram(ctx.db, input.programId);
  try {
    findBenefit(program, input.benefitId);
  } catch {
    throw new AppError('CLAIM.BENEFIT_NOT_FOUND', undefined, 'payload.benefitId');
  }
  return { reasons: rejectReasonsFor(program, input.benefitId).map(({ code, label }) => ({ code, label })) };
}
