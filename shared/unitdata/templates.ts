/**
 * The paper sign-up templates as data: Wujin's 授权签字汇总表 (seed 001, 附件 3) and the
 * per-person part of Guangdong's 计划报名表 (seed 003, 附件 2). A sheet is recognised by its
 * header row (any order; extra columns ignored), so officers can use the sheet they already have.
 */
export type ColumnKey =
  | 'seq'
  | 'township'
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'employer'
  | 'unionCard'
  | 'signature'
  | 'sex'
  | 'age'
  | 'health'
  | 'beneficiary'
  | 'highRisk'
  | 'premium'
  | 'remark';

export interface TemplateColumn {
  key: ColumnKey;
  /** The header as printed on the seed's sheet. */
  header: string;
  /** Normalised prefixes that identify the column (whitespace removed). */
  match: string[];
  /** The header must be present for the sheet to count as this template. */
  required: boolean;
  /** Width in the exported sheet (characters). */
  width: number;
}

export type TemplateId = 'wujin' | 'guangdong';

export interface SheetTemplate {
  id: TemplateId;
  label: string;
  /** Title row of the exported sheet; `{program}` is replaced by the program's name. */
  title: string;
  columns: TemplateColumn[];
  /** The program requires a union card: the card column must be filled. */
  cardColumn: boolean;
}

const col = (key: ColumnKey, header: string, required: boolean, width: number, ...alt: string[]) => ({
  key,
  header,
  match: [header.replace(/\s+/g, '').replace(/\(.*$/, ''), ...alt],
  required,
  width,
});

export const TEMPLATES: Record<TemplateId, SheetTemplate> = {
  wujin: {
    id: 'wujin',
    label: '武进区参保职工授权签字汇总表',
    title: '{program}参保职工授权签字汇总表',
    cardColumn: true,
    columns: [
      col('seq', '序号', true, 6),
      col('township', '乡镇', true, 12),
      col('name', '姓名', true, 10),
      col('idNumber', '身份证号码', true, 22, '身份证号'),
      col('phone', '手机号码', true, 14, '手机号', '联系电话'),
      col('employer', '工作单位', true, 20),
      col('unionCard', '工会卡卡号', true, 22, '工会卡号', '工会服务卡卡号'),
      col('signature', '签字 (自愿同意参加并同意缴纳参保资金)', false, 24, '签字', '签名'),
    ],
  },
  guangdong: {
    id: 'guangdong',
    label: '广东省职工互助保障计划报名表（参保人员清单）',
    title: '{program}报名表（参保人员清单）',
    cardColumn: false,
    columns: [
      col('seq', '顺序号', true, 8),
      col('name', '姓名', true, 10),
      col('idNumber', '身份证号码', true, 22, '身份证号'),
      col('sex', '性别', true, 6),
      col('age', '年龄', true, 6),
      col('health', '健康状况', false, 10),
      col('beneficiary', '指定受益人', false, 12),
      col('highRisk', '从事高危行业', false, 12),
      col('premium', '保费(元)', false, 10, '保费'),
      col('phone', '手机号码', true, 14, '手机号'),
      col('remark', '备注', false, 16),
    ],
  },
};

export const normaliseHeader = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/** Which column of the header row holds each key, for the first template whose required headers are all there. */
export function matchTemplate(
  headers: readonly string[],
): { template: SheetTemplate; columns: Partial<Record<ColumnKey, number>> } | null {
  const norm = Array.from(headers, (h) => normaliseHeader(h ?? ''));
  for (const template of Object.values(TEMPLATES)) {
    const columns: Partial<Record<ColumnKey, number>> = {};
    for (const c of template.columns) {
      const at = norm.findIndex(
        (h, i) => h !== '' && !Object.values(columns).includes(i) && c.match.some((m) => h.startsWith(m)),
      );
      if (at >= 0) columns[c.key] = at;
    }
    if (template.columns.every((c) => !c.required || columns[c.key] !== undefined))
      return { template, columns };
  }
  return null;
}

/** The headers a sheet lacks to be the given template, for the "wrong template" message. */
export function missingHeaders(template: SheetTemplate, headers: readonly string[]): string[] {
  const norm = Array.from(headers, (h) => normaliseHeader(h ?? ''));
  return template.columns
    .filter((c) => c.required && !norm.some((h) => c.match.some((m) => h.startsWith(m))))
    .map((c) => c.header);
}
