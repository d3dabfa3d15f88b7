import type { z } from 'zod';
import type { unitdataApi } from '@shared/api/unitdata';
import { chinaStartOfDay, chinaToday } from '@shared/calendar';
import { formatRatio, toYuanString } from '@shared/money';
import { LIGHT_LABELS, reportPeriod } from '@shared/unitdata';
import { coll } from '../_lib/collections';
import type { HandlerContext } from '../_lib/context';
import { countOf } from '../_lib/db';
import { loadProgram } from '../_lib/programs';
import { requireUnitdata } from '../_lib/unitdata-access';
import {
  figuresForTargets,
  loadPlan,
  targetsUnder,
  totalsOf,
  type UnitFigures,
} from '../_lib/unitdata-figures';
import { exportWorkbook } from '../_lib/xlsx-write';

type In<K extends keyof typeof unitdataApi> = z.output<(typeof unitdataApi)[K]['input']>;

/** Load → compute: the subtree's targets, each unit's live indexed counts, the totals. */
async function subtreeFigures(ctx: HandlerContext, programId: string, orgId: string) {
  const { org } = await requireUnitdata(ctx, 'READ', orgId);
  const { program } = await loadProgram(ctx.db, programId);
  const plan = await loadPlan(ctx, program);
  const targets = await targetsUnder(ctx, programId, org);
  const feeFen = program.fee.perShareFen;
  const { rows, claimsAvailable } = await figuresForTargets(ctx, plan, targets, feeFen);
  const today = chinaToday(ctx.now);
  const headcount = targets.reduce((t, x) => t + (x.headcount ?? 0), 0);
  return {
    org,
    program,
    plan,
    targets,
    rows,
    claimsAvailable,
    today,
    totals: totalsOf(plan, rows, headcount, today, feeFen),
  };
}

export async function dashboard(input: In<'dashboard'>, ctx: HandlerContext) {
  const f = await subtreeFigures(ctx, input.programId, input.orgId);
  const rows = input.light ? f.rows.filter((r) => r.light === input.light) : f.rows;
  const from = (input.page - 1) * input.pageSize;
  return {
    items: rows.slice(from, from + input.pageSize),
    page: input.page,
    pageSize: input.pageSize,
    total: rows.length,
    totals: f.totals,
    plan: {
      window: f.plan.window,
      greenBp: f.plan.greenBp,
      yellowBp: f.plan.yellowBp,
      reportEveryDays: f.plan.reportEveryDays,
      source: f.plan.source,
    },
    today: f.today,
    claimsAvailable: f.claimsAvailable,
  };
}

const pct = (bp: number | null) => (bp === null ? '—' : formatRatio(bp));
const yuan = (fen: number) => toYuanString(fen);

const FIGURE_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '单位', width: 24 },
  { header: '目标任务数', width: 12 },
  { header: '已参保', width: 10 },
  { header: '其中已缴费', width: 12 },
  { header: '待缴费', width: 10 },
  { header: '完成率', width: 10 },
  { header: '时间进度应完成', width: 16 },
  { header: '进度状态', width: 14 },
  { header: '覆盖率', width: 10 },
  { header: '保费（元）', width: 14 },
  { header: '已赔付（元）', width: 14 },
  { header: '赔付率', width: 10 },
];

const figureRow = (r: UnitFigures, i: number) => [
  i + 1,
  r.unitName,
  r.target,
  r.enrolled,
  r.active,
  r.pendingPayment,
  pct(r.completionBp),
  r.expected,
  LIGHT_LABELS[r.light],
  pct(r.coverageBp),
  yuan(r.premiumsFen),
  yuan(r.paidClaimsFen),
  pct(r.claimsRatioBp),
];

export async function exportDashboard(input: In<'exportDashboard'>, ctx: HandlerContext) {
  const f = await subtreeFigures(ctx, input.programId, input.orgId);
  const t = f.totals;
  return exportWorkbook(
    [
      {
        name: '参保进度',
        titles: [`${f.program.name} 参保进度（${f.org.name}，截至 ${f.today}）`],
        columns: FIGURE_COLUMNS,
        rows: [
          ...f.rows.map(figureRow),
          [
            '合计',
            `${t.units} 个单位`,
            t.target,
            t.enrolled,
            t.active,
            t.pendingPayment,
            pct(t.completionBp),
            t.expected,
            `绿 ${t.lights.green} / 黄 ${t.lights.yellow} / 红 ${t.lights.red}`,
            pct(t.coverageBp),
            yuan(t.premiumsFen),
            yuan(t.paidClaimsFen),
            pct(t.claimsRatioBp),
          ],
        ],
      },
    ],
    `参保进度-${f.org.name}-${f.today}.xlsx`,
    ctx.now,
  );
}

/**
 * The fortnightly report (双周调度): each unit's progress, what it added in the last
 * `reportEveryDays` days (index: enrollments (unitId, programId, createdAt)), and its light.
 */
export async function progressReport(input: In<'progressReport'>, ctx: HandlerContext) {
  const f = await subtreeFigures(ctx, input.programId, input.orgId);
  const period = reportPeriod(f.plan, f.today);
  const since = chinaStartOfDay(period.start);
  const _ = ctx.db.command;
  const added: number[] = [];
  for (let i = 0; i < f.rows.length; i += 20)
    added.push(
      ...(await Promise.all(
        f.rows.slice(i, i + 20).map((r) =>
          countOf(
            coll(ctx.db, 'enrollments').where({
              unitId: r.unitId,
              programId: f.program.id,
              createdAt: _.gte(since),
              status: _.neq('cancelled'),
            }),
          ),
        ),
      )),
    );
  const byLight = (l: 'green' | 'yellow' | 'red') =>
    f.rows
      .filter((r) => r.light === l)
      .map((r) => r.unitName)
      .join('、') || '无';
  return exportWorkbook(
    [
      {
        name: '双周进度通报',
        titles: [
          `${f.program.name} 参保进度双周通报（${f.org.name}）`,
          `统计期：${period.start} 至 ${period.end}（${period.days} 天）；进度要求：${f.plan.window.opens} 至 ${f.plan.window.closes} 按时间均匀完成目标`,
          `分色标准：达到时间进度的 ${pct(f.plan.greenBp)} 为绿色，${pct(f.plan.yellowBp)} 以上为黄色，其余为红色。${f.plan.source}`,
        ],
        columns: [
          ...FIGURE_COLUMNS.slice(0, 4),
          { header: '本期新增', width: 10 },
          ...FIGURE_COLUMNS.slice(6, 9),
        ],
        rows: f.rows.map((r, i) => [
          i + 1,
          r.unitName,
          r.target,
          r.enrolled,
          added[i] ?? 0,
          pct(r.completionBp),
          r.expected,
          LIGHT_LABELS[r.light],
        ]),
      },
      {
        name: '分色名单',
        titles: [`截至 ${f.today}`],
        columns: [
          { header: '状态', width: 16 },
          { header: '单位', width: 100 },
        ],
        rows: [
          [LIGHT_LABELS.green, byLight('green')],
          [LIGHT_LABELS.yellow, byLight('yellow')],
          [LIGHT_LABELS.red, byLight('red')],
        ],
      },
    ],
    `双周通报-${f.org.name}-${f.today}.xlsx`,
    ctx.now,
  );
}
