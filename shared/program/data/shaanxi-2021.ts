/**
 * 陕西省总工会《关于进一步推进陕西省职工互助保障工作的通知》(陕工发〔2021〕10号,
 * seed 004_b17cc7a60e05c6dd.txt): against adverse selection, "坚持主险带副险" — a rider
 * requires the main plan. The notice names no prices or benefits: the fees below exist only
 * so the main/rider rule is expressible and are recorded as assumptions.
 */
import type { ProgramInput } from '../schema';

const source = {
  seed: '004_b17cc7a60e05c6dd.txt',
  title: '关于进一步推进陕西省职工互助保障工作的通知',
  docNo: '陕工发〔2021〕10号',
  issuer: '陕西省总工会',
};

const eligibility = {
  text: '各级工会组织职工全员参保，推动职工和险种全覆盖。',
  requirements: [
    { code: 'ACTIVE_WORKER' as const, label: '在职职工' },
    { code: 'UNION_MEMBER' as const, label: '工会会员' },
  ],
};

const enrolment = {
  window: { opens: '2021-01-01', closes: '2021-12-31' },
  channels: [{ id: 'agency', label: '通过中互会陕西省办事处及各级代办机构办理' }],
  oncePerCoverage: true,
};

const commonAssumptions = [
  { path: 'benefits', reason: '通知未载明各险种的给付条款；补助项目须按中互会陕西省办事处条款配置。' },
  {
    path: 'fee.perShareFen',
    reason: '通知未载明各险种价格；此金额为占位值，仅用于表达“主险带副险”规则，须按办事处价目更正。',
  },
  { path: 'enrolment.window', reason: '通知未规定参保期；暂按 2021 年全年。' },
  { path: 'coverage', reason: '通知未规定保障期；暂按自参保生效之日起一年。' },
];

export const shaanxi2021Main: ProgramInput = {
  id: 'shaanxi-2021-main',
  series: 'shaanxi-main',
  name: '陕西省职工互助保障（主险）',
  shortName: '陕西职工互助保障主险',
  region: { province: '陕西省' },
  year: 2021,
  organiser: '中互会陕西省办事处',
  source,
  keyGroups: [{ id: 'eight_groups', label: '“八大群体”会员（省总赠送）' }],
  fee: {
    perShareFen: 5000,
    unit: 'share',
    schedules: [
      {
        id: 'gift',
        label: '省总工会为万名“八大群体”会员赠送',
        when: { groups: ['eight_groups'] },
        lines: [{ payer: 'province_union', label: '省总工会赠送', amountFen: 5000 }],
      },
      {
        id: 'standard',
        label: '单位、工会、个人分担',
        lines: [
          {
            payer: 'worker',
            label: '职工个人缴纳（可由单位赠送、工会经费补助）',
            amountFen: 5000,
            alternatePayers: ['unit', 'grassroots_union'],
          },
        ],
      },
    ],
  },
  eligibility,
  enrolment,
  coverage: { kind: 'one_year_from_effective' },
  groupRules: { note: '推动单位全员参保，避免“参病不参健、参老不参少”' },
  benefits: [],
  notice: {
    version: 'shaanxi-2021-main.1',
    title: '参保须知',
    paragraphs: ['职工互助保障是工会为在职职工提供的公益性互助保障，坚持主险带副险，推动职工和险种全覆盖。'],
  },
  coverageSummary: ['主险：职工互助保障', '副险须与主险同时参加'],
  assumptions: [
    ...commonAssumptions,
    {
      path: 'fee.schedules.0',
      reason: '通知只说为万名“八大群体”会员赠送互助保障，未写明赠送哪一险种；暂按赠送主险配置。',
    },
  ],
};

export const shaanxi2021Rider: ProgramInput = {
  id: 'shaanxi-2021-rider',
  series: 'shaanxi-rider',
  name: '陕西省职工互助保障（附加副险）',
  shortName: '陕西职工互助保障副险',
  region: { province: '陕西省' },
  year: 2021,
  organiser: '中互会陕西省办事处',
  source,
  fee: {
    perShareFen: 1000,
    unit: 'share',
    schedules: [
      {
        id: 'standard',
        label: '职工个人缴纳',
        lines: [
          {
            payer: 'worker',
            label: '职工个人缴纳',
            amountFen: 1000,
            alternatePayers: ['unit', 'grassroots_union'],
          },
        ],
      },
    ],
  },
  eligibility,
  enrolment,
  coverage: { kind: 'one_year_from_effective' },
  groupRules: {
    requiresProgramId: 'shaanxi-2021-main',
    note: '坚持主险带副险：不得不参加主险只参加一个低价副险',
  },
  benefits: [],
  notice: {
    version: 'shaanxi-2021-rider.1',
    title: '参保须知',
    paragraphs: ['附加副险须与主险同时参加或在已参加主险的保障期内参加（坚持主险带副险）。'],
  },
  coverageSummary: ['附加副险，须已参加主险'],
  assumptions: commonAssumptions,
};
