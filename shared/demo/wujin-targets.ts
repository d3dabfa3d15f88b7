/**
 * 附件 1《2024 年互助保障目标任务清单》of the Wujin notice (seed 001_fa398b52dad64541.txt):
 * 37 units and their 2024 planned enrolment, totalling 55,910 workers.
 */
export interface UnitTarget {
  /** 序号 in the annex. */
  seq: number;
  /** 所属单位 as printed. */
  unit: string;
  kind: 'town_or_zone' | 'department' | 'enterprise' | 'industry_union';
  /** 2024 年计划任务数 (workers). */
  target: number;
}

export const WUJIN_2024_TARGET_TOTAL = 55910;

export const wujin2024Targets: readonly UnitTarget[] = [
  { seq: 1, unit: '高新区', kind: 'town_or_zone', target: 9000 },
  { seq: 2, unit: '高新区北区', kind: 'town_or_zone', target: 2000 },
  { seq: 3, unit: '南夏墅街道', kind: 'town_or_zone', target: 3000 },
  { seq: 4, unit: '西太湖', kind: 'town_or_zone', target: 2500 },
  { seq: 5, unit: '西湖街道', kind: 'town_or_zone', target: 800 },
  { seq: 6, unit: '雪堰镇', kind: 'town_or_zone', target: 4000 },
  { seq: 7, unit: '礼嘉镇', kind: 'town_or_zone', target: 4000 },
  { seq: 8, unit: '前黄镇', kind: 'town_or_zone', target: 3000 },
  { seq: 9, unit: '湖塘镇', kind: 'town_or_zone', target: 5000 },
  { seq: 10, unit: '牛塘镇', kind: 'town_or_zone', target: 1500 },
  { seq: 11, unit: '洛阳镇', kind: 'town_or_zone', target: 4000 },
  { seq: 12, unit: '嘉泽镇', kind: 'town_or_zone', target: 1500 },
  { seq: 13, unit: '湟里镇', kind: 'town_or_zone', target: 4000 },
  { seq: 14, unit: '太湖湾', kind: 'town_or_zone', target: 500 },
  { seq: 15, unit: '淹管会', kind: 'town_or_zone', target: 200 },
  { seq: 16, unit: '绿建区', kind: 'town_or_zone', target: 300 },
  { seq: 17, unit: '机关工联会', kind: 'department', target: 1000 },
  { seq: 18, unit: '住建局', kind: 'department', target: 100 },
  { seq: 19, unit: '卫健局', kind: 'department', target: 1200 },
  { seq: 20, unit: '教育局', kind: 'department', target: 4500 },
  { seq: 21, unit: '工贸资产', kind: 'enterprise', target: 300 },
  { seq: 22, unit: '水利局', kind: 'department', target: 50 },
  { seq: 23, unit: '交通局', kind: 'department', target: 100 },
  { seq: 24, unit: '农村农业局', kind: 'department', target: 120 },
  { seq: 25, unit: '城管局', kind: 'department', target: 100 },
  { seq: 26, unit: '自然资源局', kind: 'department', target: 50 },
  { seq: 27, unit: '发改局', kind: 'department', target: 20 },
  { seq: 28, unit: '公安局', kind: 'department', target: 600 },
  { seq: 29, unit: '融媒体中心', kind: 'department', target: 400 },
  { seq: 30, unit: '市场监管局', kind: 'department', target: 120 },
  { seq: 31, unit: '人社局', kind: 'department', target: 50 },
  { seq: 32, unit: '先行集团', kind: 'enterprise', target: 1000 },
  { seq: 33, unit: '经发集团', kind: 'enterprise', target: 200 },
  { seq: 34, unit: '新城控股', kind: 'enterprise', target: 100 },
  { seq: 35, unit: '快递行业联合工会', kind: 'industry_union', target: 200 },
  { seq: 36, unit: '道路货运行业联合工会', kind: 'industry_union', target: 200 },
  { seq: 37, unit: '外卖送餐行业联合工会', kind: 'industry_union', target: 200 },
];
