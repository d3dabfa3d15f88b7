import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { statementSchema } from '@shared/api/unitdata';
import { addDays, chinaStartOfDay, chinaToday } from '@shared/calendar';
import { PAYER_LABELS, type Payer } from '@shared/program/schema';
import {
  buildStatements,
  nextMonth,
  reconcile,
  STATEMENT_STATE_LABELS,
  type FeeLineGroup,
  type StatementDraft,
} from '@shared/unitdata';
import { coll } from './collections';
import type { HandlerContext } from './context';
import { findMany, findOne, getById, isDuplicateKey, updateWhere } from './db';
import type { EnrollmentDoc } from './enrollment-model';
import type { OrgDoc } from './model';
import type { StatementDoc, TransferDoc } from './unitdata-model';

export type StatementView = z.input<typeof statementSchema>;

/** The grassroots units of an org's subtree (or the unit itself). Index: orgs (ancestors). */
export async function unitsUnder(ctx: HandlerContext, org: OrgDoc): Promise<OrgDoc[]> {
  if (org.level === 'grassroots') return [org];
  const out: OrgDoc[] = [];
  for (let page = 0; page < 50; page++) {
    const docs = await findMany<OrgDoc>(
      coll(ctx.db, 'orgs')
        .where({ ancestors: org._id })
        .orderBy('_id', 'asc')
        .skip(page * 1000)
        .limit(1000),
    );
    out.push(...docs.filter((d) => d.level === 'grassroots'));
    if (docs.length < 1000) break;
  }
  return out;
}

/**
 * The fee lines of a month's enrolments (created in the month, China time, not cancelled),
 * summed per unit, channel and payer. Index: enrollments (unitId, programId, createdAt).
 */
export async function feeLineGroups(ctx: HandlerContext, programId: string, units: OrgDoc[], month: string) {
  const _ = ctx.db.command;
  const from = chinaStartOfDay(`${month}-01`);
  const to = chinaStartOfDay(`${nextMonth(month)}-01`);
  const groups = new Map<string, FeeLineGroup>();
  for (const unit of units) {
    for (let page = 0; page < 200; page++) {
      const docs = await findMany<Pick<EnrollmentDoc, 'feeLines' | 'status'> & { channel?: string }>(
        coll(ctx.db, 'enrollments')
          .where({ unitId: unit._id, programId, createdAt: _.gte(from).and(_.lt(to)) })
          .field({ feeLines: true, status: true, channel: true })
          .orderBy('createdAt', 'asc')
          .skip(page * 1000)
          .limit(1000),
      );
      for (const e of docs) {
        if (e.status === 'cancelled') continue;
        const channel = e.channel === 'paper' ? 'paper' : 'online';
        for (const l of e.feeLines) {
          const key = `${unit._id}|${channel}|${l.payer}`;
          const g = groups.get(key) ?? {
            unitId: unit._id,
            channel,
            payer: l.payer as Payer,
            amountFen: 0,
            count: 0,
          };
          g.amountFen += l.amountFen;
          g.count += 1;
          groups.set(key, g);
        }
      }
      if (docs.length < 1000) break;
    }
  }
  return [...groups.values()];
}

/** The org chain of every unit (ids and levels), from the org documents above them. */
export async function orgLevels(ctx: HandlerContext, units: OrgDoc[]) {
  const _ = ctx.db.command;
  const ids = [...new Set(units.flatMap((u) => u.ancestors))];
  const above = ids.length
    ? await findMany<OrgDoc>(
        coll(ctx.db, 'orgs')
          .where({ _id: _.in(ids) })
          .limit(100),
      )
    : [];
  const level = new Map([...above, ...units].map((o) => [o._id, o]));
  const unitBy = new Map(units.map((u) => [u._id, u]));
  return {
    ancestorsOf: (unitId: string) => {
      const u = unitBy.get(unitId);
      return u ? [...u.ancestors, u._id].map((id) => ({ id, level: level.get(id)?.level ?? '' })) : undefined;
    },
    org: (id: string) => level.get(id),
  };
}

export const statementKey = (programId: string, d: Pick<StatementDraft, 'month' | 'payer' | 'orgId'>) =>
  `${programId}|${d.month}|${d.payer}|${d.orgId}`;

/** Create or refresh a statement by its key (unique index); paid amounts are never touched here. */
export async function upsertStatement(
  ctx: HandlerContext,
  programId: string,
  d: StatementDraft,
  scope: string[],
) {
  const key = statementKey(programId, d);
  const _ = ctx.db.command;
  const fields = {
    dueOn: d.dueOn,
    dueFen: d.dueFen,
    enrolments: d.enrolments,
    units: d.units,
    scope,
    updatedAt: ctx.now,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await findOne<StatementDoc>(coll(ctx.db, 'statements').where({ key }));
    if (current) {
      await updateWhere(coll(ctx.db, 'statements').where({ _id: current._id }), {
        ...fields,
        version: _.inc(1),
      });
      return { ...current, ...fields };
    }
    const doc: StatementDoc = {
      _id: `st_${randomBytes(12).toString('hex')}`,
      key,
      programId,
      month: d.month,
      payer: d.payer,
      orgId: d.orgId,
      paidFen: 0,
      version: 1,
      createdAt: ctx.now,
      ...fields,
    };
    try {
      const { _id, ...data } = doc;
      await coll(ctx.db, 'statements').doc(_id).set({ data });
      return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('statement upsert raced twice');
}

export async function buildMonth(ctx: HandlerContext, programId: string, org: OrgDoc, month: string) {
  const units = await unitsUnder(ctx, org);
  const [groups, levels] = await Promise.all([
    feeLineGroups(ctx, programId, units, month),
    orgLevels(ctx, units),
  ]);
  const built = buildStatements(month, groups, levels);
  const docs: StatementDoc[] = [];
  for (const d of built.statements) {
    const payerOrg = levels.org(d.orgId);
    // A payer above `org` (the district for a unit's build) owes for units outside it too: its
    // statement is neither the caller's to write nor complete from here, so it is left alone.
    if (!payerOrg || !(payerOrg._id === org._id || payerOrg.ancestors.includes(org._id))) continue;
    docs.push(await upsertStatement(ctx, programId, d, [...payerOrg.ancestors, payerOrg._id]));
  }
  return { docs, unplacedFen: built.unplaced.reduce((t, g) => t + g.amountFen, 0), levels };
}

export async function transfersOf(ctx: HandlerContext, statementIds: string[]): Promise<TransferDoc[]> {
  if (statementIds.length === 0) return [];
  const _ = ctx.db.command;
  return findMany<TransferDoc>(
    coll(ctx.db, 'transfers')
      .where({ statementId: _.in(statementIds.slice(0, 100)) })
      .orderBy('recordedAt', 'asc')
      .limit(1000),
  );
}

export function toStatementView(
  s: StatementDoc,
  orgName: string,
  transfers: TransferDoc[],
  today: string,
): StatementView {
  const r = reconcile(s, today);
  return {
    id: s._id,
    programId: s.programId,
    month: s.month,
    payer: s.payer,
    payerLabel: PAYER_LABELS[s.payer] + (s.payer === 'worker' ? '（单位代收）' : ''),
    orgId: s.orgId,
    orgName,
    dueOn: s.dueOn,
    dueFen: s.dueFen,
    paidFen: s.paidFen,
    enrolments: s.enrolments,
    state: r.state,
    stateLabel: STATEMENT_STATE_LABELS[r.state],
    mismatch: r.mismatch,
    message: r.message,
    units: s.units,
    transfers: transfers
      .filter((t) => t.statementId === s._id)
      .map((t) => ({ amountFen: t.amountFen, paidOn: t.paidOn, reference: t.reference })),
  };
}

export async function orgNames(ctx: HandlerContext, ids: string[]): Promise<Map<string, string>> {
  const _ = ctx.db.command;
  const uniq = [...new Set(ids)].slice(0, 100);
  const docs = uniq.length
    ? await findMany<OrgDoc>(
        coll(ctx.db, 'orgs')
          .where({ _id: _.in(uniq) })
          .limit(100),
      )
    : [];
  return new Map(docs.map((o) => [o._id, o.name]));
}

/** Statements due within the reminder days (index: statements (dueOn)). */
export async function statementsDueSoon(ctx: HandlerContext, days: number): Promise<StatementDoc[]> {
  const _ = ctx.db.command;
  const today = chinaToday(ctx.now);
  const dates = Array.from({ length: days + 1 }, (_x, i) => addDays(today, i));
  return findMany<StatementDoc>(
    coll(ctx.db, 'statements')
      .where({ dueOn: _.in(dates) })
      .limit(1000),
  );
}

export const getStatement = (ctx: HandlerContext, id: string) => getById(ctx.db, 'statements', id);
