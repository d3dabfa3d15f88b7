/**
 * 广东省总工会《2018年职工“住院二次医保”活动实施方案》(粤工总〔2018〕18号,
 * seed 003_59b2ff517abc1a72.txt): 95 yuan a share, province 75 + worker or unit union 20;
 * hardship workers and model workers fully funded by the province; 80% of the self-paid
 * part within medical-insurance pooling.
 */
import type { ProgramInput } from '../schema';

export const guangdong2018: ProgramInput = {
  id: 'guangdong-2018',
  series: 'guangdong-hospital-second',
  name: '2018年职工“住院二次医保”（在职职工住院医疗综合互助保障）',
  shortName: '广东住院二次医保',
  region: { province: '广东省' },
  year: 2018,
  organiser: '广东省职工保障互助会',
  source: {
    seed: '003_59b2ff517abc1a72.txt',
    title: '关于印发《2018年职工“住院二次医保”活动实施方案》的通知',
    docNo: '粤工总〔2018〕18号',
    issuer: '广东省总工会',
  },
  keyGroups: [
    { id: 'hardship', label: '列入工会困难职工档案的在职职工', listProvidedBy: '省总职工服务部' },
    {
      id: 'model_worker',
      label: '在职劳模（全国劳动模范、全国五一劳动奖章、省劳动模范、省五一劳动奖章荣誉获得者）',
      listProvidedBy: '省总经济工作部',
    },
  ],
  fee: {
    perShareFen: 9500,
    unit: 'share',
    schedules: [
      {
        id: 'fully_funded',
        label: '困难职工和在职劳模的保障费由省总全额负担',
        when: { groups: ['hardship', 'model_worker'] },
        lines: [{ payer: 'province_union', label: '省总全额负担', amountFen: 9500 }],
      },
      {
        id: 'member',
        label: '每份费用 95 元中，省总承担 75 元，职工或职工所在单位工会承担 20 元',
        lines: [
          { payer: 'province_union', label: '省总承担', amountFen: 7500 },
          {
            payer: 'worker',
            label: '职工或职工所在单位工会承担',
            amountFen: 2000,
            alternatePayers: ['grassroots_union'],
          },
        ],
      },
    ],
  },
  eligibility: {
    text: '全省已建立工会组织并按要求足额上缴工会经费的用人单位职工；已参加城镇职工基本医疗保险是参保条件之一。',
    requirements: [
      { code: 'ACTIVE_WORKER', label: '在职职工' },
      { code: 'UNION_MEMBER', label: '工会会员（所在单位已建立工会组织并足额上缴工会经费）' },
      { code: 'BASIC_MEDICAL_INSURANCE', label: '已参加城镇职工基本医疗保险（参保证明复印存档）' },
    ],
  },
  enrolment: {
    window: { opens: '2018-08-08', closes: '2018-12-15' },
    channels: [
      { id: 'union_list', label: '各地市、顺德区总和有关单位工会填写报名表，名单电子版报省职工互助会' },
    ],
    oncePerCoverage: true,
  },
  coverage: {
    kind: 'one_year_from_effective',
    boundaryStay: {
      rule: 'discharge_date',
      reason: '按出院日期所在保障期计入：医保统筹个人自付部分以出院结算单为准',
    },
  },
  quotas: [
    {
      allocation: 'allocated_by_notice',
      scope: 'per_city',
      totalHeadcount: 656000,
      groupHeadcounts: [
        { group: 'hardship', headcount: 35000 },
        { group: 'model_worker', headcount: 5000 },
      ],
      note: '按《名额分配通知单》分配各地名额：工会会员61.6万人、在档困难职工3.5万人、在职劳模5000人（按各地实际情况确定）',
    },
  ],
  benefits: [
    {
      id: 'hospital_second',
      name: '住院二次报销',
      description: '职工参保后可享受医保统筹个人自付部分 80% 的“二次报销”。',
      rule: { kind: 'ratio', basisLabel: '医保统筹个人自付部分', ratioBp: 8000, capPerCoverageFen: null },
      materials: [],
      review: { cadence: 'unspecified', label: '实施方案未规定审核周期' },
      payout: { deadlineWorkingDays: null, destination: 'bank_account', label: '实施方案未规定给付时限' },
    },
  ],
  notice: {
    version: 'guangdong-2018.1',
    title: '参保须知',
    paragraphs: [
      '每份费用 95 元中，省总承担 75 元，职工或职工所在单位工会承担 20 元；困难职工和在职劳模的保障费由省总全额负担。',
      '职工参保后可享受医保统筹个人自付部分 80% 的“二次报销”。',
      '已参加城镇职工基本医疗保险是职工“住院二次医保”的参保条件之一，参加医保的证明（如上月“社会保险费申报个人明细表”）复印存档。',
      '今年“住院二次医保”的参保手续将于 12 月 15 日截止。',
    ],
  },
  coverageSummary: [
    '每份95元：省总承担75元，职工或单位工会承担20元',
    '困难职工、在职劳模由省总全额负担',
    '住院医保统筹个人自付部分按80%二次报销',
  ],
  assumptions: [
    {
      path: 'benefits.0.rule.capPerCoverageFen',
      reason: '实施方案未规定封顶额，计算不设封顶；须按省职工保障互助会条款核对。',
    },
    { path: 'benefits.0.materials', reason: '实施方案未列出申领材料，须按省职工保障互助会规定配置。' },
    { path: 'coverage', reason: '实施方案未规定保障期；暂按自参保生效之日起一年。' },
    {
      path: 'coverage.boundaryStay',
      reason:
        '实施方案未规定跨保障期住院的归属；按出院结算日期所在保障期计入，因个人自付部分在出院结算时才确定。',
    },
    {
      path: 'enrolment.window.opens',
      reason: '实施方案只规定 12 月 15 日截止；开始日期取报名表落款日期 2018 年 8 月 8 日。',
    },
  ],
};
