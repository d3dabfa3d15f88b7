/**
 * 河南省总工会职工互助保障管理委员会第二次全体会议交流材料 (seed 002_de6b3085d43af6a6.txt):
 * Puyang's 2025 subsidy split and funds flow, Zhengzhou's 30-yuan unit subsidy, Luohe's
 * 80-yuan member fee (derived from its totals). The
 * materials are experience reports, not product terms: benefits are not in the seed.
 */
import type { ProgramInput } from '../schema';

const source = {
  seed: '002_de6b3085d43af6a6.txt',
  title: '河南省总工会职工互助保障管理委员会第二次全体会议交流材料',
  issuer: '河南省总工会职工互助保障管理委员会',
};

const requirements = [
  { code: 'ACTIVE_WORKER' as const, label: '在职职工' },
  { code: 'NOT_RETIRED' as const, label: '未退休（身份证年龄超过退休年龄但实际未办理退休的，由单位核实）' },
];

const noBenefitsReason =
  '交流材料未载明“在职职工住院医疗互助保障”的给付条款；补助项目须按中互会河南省办事处条款配置后才能受理申领。';

export const henanPuyang2025: ProgramInput = {
  id: 'henan-puyang-2025',
  series: 'henan-puyang-hospital',
  name: '濮阳市在职职工住院医疗互助保障（2025年）',
  shortName: '濮阳职工住院医疗互助保障',
  region: { province: '河南省', city: '濮阳市' },
  year: 2025,
  organiser: '中互会河南省办事处濮阳市经办机构',
  source,
  unitCategories: [
    { id: 'city_unit', label: '市直基层单位' },
    { id: 'county_unit', label: '县区基层工会所属单位' },
  ],
  fee: {
    perShareFen: 8000,
    unit: 'head',
    schedules: [
      {
        id: 'city_unit',
        label: '市直基层单位：市总30元补助+50元基层自筹',
        when: { unitCategories: ['city_unit'] },
        lines: [
          { payer: 'city_union', label: '市总补助', amountFen: 3000 },
          { payer: 'grassroots_union', label: '基层自筹', amountFen: 5000, alternatePayers: ['worker'] },
        ],
      },
      {
        id: 'county_unit',
        label: '县区基层工会：县区10元补助+50元基层自筹+20元市级补助',
        when: { unitCategories: ['county_unit'] },
        lines: [
          { payer: 'county_union', label: '县区补助', amountFen: 1000 },
          { payer: 'grassroots_union', label: '基层自筹', amountFen: 5000, alternatePayers: ['worker'] },
          { payer: 'city_union', label: '市级补助', amountFen: 2000 },
        ],
      },
    ],
  },
  eligibility: {
    text: '濮阳市参保基层单位的在职职工（参加条件见《濮阳市总工会关于开展在职职工住院医疗互助保障活动的通知》）。',
    requirements,
  },
  enrolment: {
    window: { opens: '2024-12-12', closes: '2025-12-31' },
    channels: [{ id: 'unit_online', label: '基层单位在数智化系统注册、信息录入、开票确认' }],
    oncePerCoverage: true,
  },
  coverage: { kind: 'one_year_from_effective' },
  benefits: [],
  fundsFlow: [
    '基层工会于每月10日前将本级承担的每人50元参保费用统一转至“濮阳市总工会职工医疗互助保障专用账户”',
    '25日前，市、县两级工会根据实际参保人数，同步将两级补助一并汇集至市总专户',
    '濮阳市经办机构将本月所有参保费用统一转至中互会河南省办事处指定银行账户',
  ],
  notice: {
    version: 'henan-puyang-2025.1',
    title: '参保须知',
    paragraphs: [
      '2025年，濮阳市、县两级工会同步对参保职工进行补助：市直基层单位采取“市总30元补助+50元基层自筹”形式；县区基层工会采取“县区10元补助+50元基层自筹+20元市级补助”形式，全市参保补助政策均为30元。',
      '基层工会于每月10日前将本级承担的每人50元参保费用统一转至市总专户。',
    ],
  },
  coverageSummary: ['每人80元，其中工会补助30元、基层自筹50元', '在职职工住院医疗互助保障'],
  assumptions: [
    { path: 'benefits', reason: noBenefitsReason },
    {
      path: 'enrolment.window',
      reason: '交流材料未规定参保期；取 2024 年 12 月 12 日工作启动至 2025 年底。',
    },
    { path: 'coverage', reason: '交流材料未规定保障期；暂按自参保生效之日起一年。' },
  ],
};

export const henanZhengzhou2025: ProgramInput = {
  id: 'henan-zhengzhou-2025',
  series: 'henan-zhengzhou-hospital',
  name: '郑州市“工会二次医保”在职职工住院医疗互助保障（2025年）',
  shortName: '郑州工会二次医保',
  region: { province: '河南省', city: '郑州市' },
  year: 2025,
  organiser: '中互会郑州市办事处',
  source,
  keyGroups: [{ id: 'grid_worker', label: '郑州市优秀基层一线网格员（市总赠送）' }],
  fee: {
    perShareFen: 7500,
    unit: 'head',
    schedules: [
      {
        id: 'gift',
        label: '市总工会为优秀基层一线网格员赠送',
        when: { groups: ['grid_worker'] },
        lines: [{ payer: 'city_union', label: '市总工会赠送', amountFen: 7500 }],
      },
      {
        id: 'standard',
        label: '市总工会按30元/人的标准对参保单位进行补助',
        lines: [
          { payer: 'city_union', label: '市总工会补助（30元/人）', amountFen: 3000 },
          {
            payer: 'unit',
            label: '参保单位及职工承担',
            amountFen: 4500,
            alternatePayers: ['grassroots_union', 'worker'],
          },
        ],
      },
    ],
  },
  eligibility: { text: '郑州市参保单位的在职职工。', requirements },
  enrolment: {
    window: { opens: '2025-01-01', closes: '2025-12-31' },
    channels: [{ id: 'unit_online', label: '参保单位统一办理' }],
    oncePerCoverage: true,
  },
  coverage: { kind: 'one_year_from_effective' },
  quotas: [
    {
      allocation: 'allocated_by_notice',
      scope: 'per_city',
      groupHeadcounts: [{ group: 'grid_worker', headcount: 1000 }],
      note: '为1000名郑州市优秀基层一线网格员赠送“工会二次医保”',
    },
  ],
  benefits: [],
  notice: {
    version: 'henan-zhengzhou-2025.1',
    title: '参保须知',
    paragraphs: [
      '郑州市总工会按照30元/人的标准对参保单位进行补助。',
      '“工会二次医保”为在职职工住院医疗互助保障。',
    ],
  },
  coverageSummary: ['市总工会补助30元/人', '在职职工住院医疗互助保障（工会二次医保）'],
  assumptions: [
    {
      path: 'fee.perShareFen',
      reason: '交流材料未写明每人费用；按“为网格员赠送75元的工会二次医保”推定为75元。',
    },
    {
      path: 'fee.schedules.1.lines.1',
      reason: '补助30元之外的45元由谁承担未写明；暂记为参保单位及职工承担。',
    },
    { path: 'benefits', reason: noBenefitsReason },
    { path: 'enrolment.window', reason: '交流材料未规定参保期；暂按 2025 年全年。' },
    { path: 'coverage', reason: '交流材料未规定保障期；暂按自参保生效之日起一年。' },
  ],
};

/**
 * Luohe's per-head fee is not written in the material; it follows from two figures it does
 * give: 5,174 入会会员 paid 41.392 万元 of 会费 in all. 413,920 yuan ÷ 5,174 = 80 yuan
 * exactly (integer fen), the same 80 yuan a head as Puyang under the same provincial office.
 */
export const luoheFeeDerivation = {
  /** 收缴会费共计 41.392 万元. */
  feesCollectedFen: 41_392_000,
  /** 入会会员数量攀升至 5174 人. */
  members: 5174,
  /** 全市参保单位已达 26 个. */
  units: 26,
} as const;

export const henanLuohe2025: ProgramInput = {
  id: 'henan-luohe-2025',
  series: 'henan-luohe-mutual-aid',
  name: '漯河市职工互助保障（2025年）',
  shortName: '漯河职工互助保障',
  region: { province: '河南省', city: '漯河市' },
  year: 2025,
  organiser: '漯河市总工会',
  source: { ...source, docNo: '漯工办〔2024〕26 号（《漯河市总工会职工互助保障工作方案》，未随材料提供）' },
  fee: {
    perShareFen: luoheFeeDerivation.feesCollectedFen / luoheFeeDerivation.members,
    unit: 'head',
    schedules: [
      {
        id: 'member_fee',
        label: '入会会员每人会费80元，由基层单位收缴',
        lines: [
          {
            payer: 'grassroots_union',
            label: '基层单位收缴会费（工会经费或职工个人等来源）',
            amountFen: luoheFeeDerivation.feesCollectedFen / luoheFeeDerivation.members,
            alternatePayers: ['worker'],
          },
        ],
      },
    ],
  },
  eligibility: {
    text: '漯河市参保单位的职工（参加条件见《漯河市总工会职工互助保障工作方案》，未随交流材料提供）；要求各级工会“广泛发动、全面覆盖全市职工，最大限度地吸纳职工参加”。',
    requirements: [{ code: 'ACTIVE_WORKER', label: '参保单位的职工' }],
  },
  enrolment: {
    window: { opens: '2025-01-01', closes: '2025-12-31' },
    channels: [{ id: 'unit_online', label: '基层单位注册、入会、缴费（线上系统办理）' }],
    oncePerCoverage: true,
  },
  coverage: { kind: 'one_year_from_effective' },
  benefits: [],
  notice: {
    version: 'henan-luohe-2025.1',
    title: '参保须知',
    paragraphs: [
      '职工互助保障不仅是国家医疗保险的有益补充，也是职工遭受意外伤害时强有力的保障。',
      '会费每人80元，由所在基层单位收缴。',
    ],
  },
  coverageSummary: ['会费每人80元', '保障内容以中互会河南省办事处的互助保障条款为准'],
  assumptions: [
    {
      path: 'fee.perShareFen',
      reason:
        '交流材料未写明每人会费；由“入会会员 5174 人，收缴会费共计 41.392 万元”推算：413,920 元 ÷ 5,174 人 = 80 元/人（恰好整除）。',
    },
    {
      path: 'fee.schedules.0.lines.0',
      reason:
        '交流材料未写明会费由谁承担，只要求检查“基层单位会费收缴来源与银行流水一致性”“工会经费缴纳会费的合规性”；暂记为基层单位收缴（可由工会经费或职工个人承担），无上级补助。',
    },
    {
      path: 'eligibility.requirements',
      reason: '参加条件在《漯河市总工会职工互助保障工作方案》中，未随材料提供；暂只要求为参保单位的职工。',
    },
    { path: 'benefits', reason: noBenefitsReason },
    { path: 'enrolment.window', reason: '交流材料未规定参保期；暂按 2025 年全年。' },
    { path: 'coverage', reason: '交流材料未规定保障期；暂按自参保生效之日起一年。' },
  ],
};
