/**
 * The other rule kinds: fixed grant by diagnosis category, table by injury grade, and a
 * ratio of a cumulative amount with an optional cap per coverage period.
 */
import { AppError } from '../errors';
import { applyRatio, type Fen } from '../money';
import type { BoundaryStay, Exclusion, FixedGrantRule, GradeTableRule, RatioRule } from '../program/schema';
import {
  attributeStay,
  crossesBoundary,
  crossingWarning,
  shareByDays,
  splitLine,
  type Attribution,
} from './boundary';
import type { CalcLine, CalcWarning, Period, RatioItem } from './facts';
import { fmt, ordinalStay, pct } from './explain';

export interface RuleEvaluation {
  entitlementFen: Fen;
  lines: CalcLine[];
  /** The facts qualify but the program publishes no amount: why (from the data). */
  amountUnknown?: { reason: string };
  /** Notes for the reviewer raised on the way (e.g. a stay crossing the coverage boundary). */
  warnings?: CalcWarning[];
}

/** Said in the explanation when the amount is not published; the warning carries the code. */
export const AMOUNT_UNKNOWN_TEXT = '该项目未公布此项补助金额，需经办人员录入金额后方可审批';

/** Lines for conditions the officer has not confirmed; empty when all are met. */
function unmetConditions(
  conditions: readonly { id: string; label: string }[],
  met: readonly string[] | undefined,
): CalcLine[] {
  const have = new Set(met ?? []);
  return conditions
    .filter((c) => !have.has(c.id))
    .map((c) => ({ code: 'CONDITION_UNMET', text: `未满足给付条件：${c.label}，不予给付`, amountFen: 0 }));
}

export function evaluateFixedGrant(
  rule: FixedGrantRule,
  facts: { category: string; diagnosedOn?: string; conditionsMet?: string[] },
  period: Period,
): RuleEvaluation {
  const category = rule.categories.find((c) => c.id === facts.category);
  if (!category)
    throw new AppError('CLAIM.UNKNOWN_CATEGORY', `本项目没有该病种类别：${facts.category}`, 'category');
  const unmet = unmetConditions(rule.conditions, facts.conditionsMet);
  if (unmet.length) return { entitlementFen: 0, lines: unmet };
  if (facts.diagnosedOn && (facts.diagnosedOn < period.start || facts.diagnosedOn > period.end)) {
    return {
      entitlementFen: 0,
      lines: [
        {
          code: 'OUT_OF_PERIOD',
          text: `确诊日期 ${facts.diagnosedOn} 不在保障期（${period.start} 至 ${period.end}）内，不予给付`,
          amountFen: 0,
        },
      ],
    };
  }
  if (category.amountFen === null) {
    const reason = category.amountUnknownReason ?? '项目未公布给付金额';
    return {
      entitlementFen: 0,
      lines: [
        {
          code: 'AMOUNT_UNKNOWN',
          text: `${category.label}：${category.grantLabel}金额未公布（${reason}），${AMOUNT_UNKNOWN_TEXT}`,
          amountFen: 0,
        },
      ],
      amountUnknown: { reason },
    };
  }
  return {
    entitlementFen: category.amountFen,
    lines: [
      {
        code: 'GRANT',
        text: `${category.label}：一次性${category.grantLabel} ${fmt(category.amountFen)}（同一保障期内每类只给付一次）`,
        amountFen: category.amountFen,
      },
    ],
  };
}

function gradeRowLabel(row: GradeTableRule['rows'][number]): string {
  const lo = Math.min(...row.grades);
  const hi = Math.max(...row.grades);
  return `工伤${lo === hi ? lo : `${lo}-${hi}`}级${row.includesDeath ? '（含工亡）' : ''}`;
}

export function evaluateGradeTable(
  rule: GradeTableRule,
  facts: { grade?: number; death?: boolean; conditionsMet?: string[] },
): RuleEvaluation {
  const death = facts.death === true;
  if (!death && facts.grade === undefined)
    throw new AppError('CLAIM.MISSING_FACT', '请填写劳动能力鉴定的伤残等级，或选择工亡', 'grade');
  const row = death
    ? rule.rows.find((r) => r.includesDeath)
    : rule.rows.find((r) => r.grades.includes(facts.grade as number));
  if (!row) throw new AppError('CLAIM.INVALID_GRADE', `伤残等级须为 1 至 10 级：${facts.grade}`, 'grade');
  const unmet = unmetConditions(rule.conditions, facts.conditionsMet);
  if (unmet.length) return { entitlementFen: 0, lines: unmet };
  const what = death ? '工亡' : `工伤${facts.grade}级`;
  return {
    entitlementFen: row.amountFen,
    lines: [
      {
        code: 'GRADE',
        text: `${what}，属“${gradeRowLabel(row)}”，补助 ${fmt(row.amountFen)}`,
        amountFen: row.amountFen,
      },
    ],
  };
}

export function evaluateRatio(
  rule: RatioRule,
  items: readonly RatioItem[],
  period: Period,
  conditionsMet: readonly string[] | undefined,
  excludeItem: (item: RatioItem, index: number) => Exclusion | undefined,
  boundary?: BoundaryStay,
): RuleEvaluation {
  const unmet = unmetConditions(rule.conditions, conditionsMet);
  if (unmet.length) return { entitlementFen: 0, lines: unmet };
  const lines: CalcLine[] = [];
  const warnings: CalcWarning[] = [];
  const seen = new Set<string>();
  let sum = 0;
  items.forEach((item, i) => {
    if (!Number.isSafeInteger(item.basisFen) || item.basisFen < 0)
      throw new AppError('CLAIM.INVALID_AMOUNT', '金额必须是非负整数分', `items.${i}.basisFen`);
    const prefix = ordinalStay(i, item.dischargedOn);
    if (seen.has(item.id)) {
      lines.push({
        code: 'ITEM_DUPLICATE',
        text: `${prefix}与前面的记录重复（${item.id}），未重复计入`,
        amountFen: 0,
      });
      return;
    }
    seen.add(item.id);
    const part: Attribution = attributeStay(boundary, item, period, () => prefix, `items.${i}`);
    if (crossesBoundary(item, period)) warnings.push(crossingWarning(boundary, item, period, prefix, part));
    if (part.kind === 'none') {
      lines.push({
        code: 'ITEM_OUT_OF_PERIOD',
        text: `${prefix}：${part.by === 'admittedOn' ? '入院' : '出院'}日期不在保障期（${period.start} 至 ${period.end}）内，不计入`,
        amountFen: 0,
      });
      return;
    }
    const excluded = excludeItem(item, i);
    if (excluded) {
      lines.push({
        code: 'ITEM_EXCLUDED',
        text: `${prefix}：属除外责任“${excluded.label}”，不计入`,
        amountFen: 0,
      });
      return;
    }
    let basis = item.basisFen;
    if (part.kind === 'part') {
      basis = shareByDays(item.basisFen, part);
      lines.push(splitLine(prefix, part, item.basisFen, basis));
    }
    sum += basis;
    lines.push({
      code: 'ITEM',
      text: `${prefix}：${rule.basisLabel} ${fmt(basis)}`,
      amountFen: basis,
    });
  });
  if (rule.ratioBp === null) {
    const reason = rule.amountUnknownReason ?? '项目未公布给付比例';
    lines.push({
      code: 'AMOUNT_UNKNOWN',
      text: `保障期内累计${rule.basisLabel} ${fmt(sum)}；给付比例未公布（${reason}），${AMOUNT_UNKNOWN_TEXT}`,
      amountFen: 0,
    });
    return { entitlementFen: 0, lines, amountUnknown: { reason }, warnings };
  }
  const raw = applyRatio(sum, rule.ratioBp);
  lines.push({
    code: 'RATIO',
    text: `保障期内累计${rule.basisLabel} ${fmt(sum)} × ${pct(rule.ratioBp)} = ${fmt(raw)}（四舍五入到分）`,
    amountFen: raw,
  });
  let entitlement = raw;
  if (rule.capPerCoverageFen !== null && raw > rule.capPerCoverageFen) {
    entitlement = rule.capPerCoverageFen;
    lines.push({
      code: 'CAP',
      text: `超过本保障期封顶额 ${fmt(rule.capPerCoverageFen)}，按封顶额计`,
      amountFen: entitlement,
    });
  }
  return { entitlementFen: entitlement, lines, warnings };
}
