/**
 * 济南市总工会《关于做好2025年度济南市职工大病互助保障工作的通知》
 * (seed 000_e65a3b33aefcb576.txt): two projects at 20 yuan a share; the city union pays one
 * share of the first project for 350,000 workers in four first-come quarterly batches.
 * The notice's annexes (project terms, quota table) are not in the seed. The benefit amounts
 * are therefore unknown and written as such (`amountFen: null`, `amountStatus: 'unknown'`):
 * the calculator pays 0 with a blocking warning until an officer enters the amount from the
 * project terms. (Earlier versions carried made-up amounts — 5000 / 3000 yuan, 50% capped at
 * 5000 — that an officer could have mistaken for the notice's; they are removed.) Batch dates
 * are assumptions, each recorded in `assumptions`.
 */
import type { ProgramInput } from '../schema';

const source = {
  seed: '000_e65a3b33aefcb576.txt',
  title: '关于做好2025年度济南市职工大病互助保障工作的通知',
  issuer: '济南市总工会',
};

const eligibilityText =
  '我市各级工会组织、企事业单位组织本单位在职职工（未退休），采取职工入会、缴纳互助费的方式参加互助保障项目。';

const channels = [
  { id: 'online_admin', label: '通过“济南市职工互助互济会管理后台”线上提交申请' },
  { id: 'email', label: '发送入会申请表至市职工互助互济会电子邮箱（由互济会录入）' },
];

const claimMaterials = [
  { id: 'stamped_application', label: '加盖单位公章的互助保障救助申请表' },
  { id: 'id_card_copy', label: '本人居民身份证复印件' },
  { id: 'bank_card_copy', label: '工商银行卡（本人借记卡）复印件' },
  { id: 'hospital_bills', label: '住院费用票据复印件或医保住院费用结算单复印件' },
  { id: 'sealed_medical_record', label: '加盖医院红色骑缝章的住院病历' },
];

/** Why no amount is configured: the notice names the benefits but not what they pay. */
const amountUnknownReason =
  '通知仅称两个项目“涵盖44类病种”“给予资金救助”，给付标准在项目简介（附件1）中，附件未随通知提供';

const review = {
  cadence: 'on_receipt' as const,
  label: '本单位工会初审后报市职工互助互济会，互济会查验登记后按流程审核，按项目条款确定给付金额',
};
const payout = {
  deadlineWorkingDays: null,
  destination: 'bank_account' as const,
  label: '发放至受助职工账户，并电话及短信通知、在济南市总工会网站公示',
};

/** Both projects: a unit paying as a group member (团体会员), 20 yuan a share. */
const unitPaidSchedule = {
  id: 'unit_paid',
  label: '单位缴费：会费每份20元',
  lines: [
    {
      payer: 'grassroots_union' as const,
      label: '团体会员单位缴纳（单位行政补助、工会经费列支、职工个人缴费等渠道筹措）',
      amountFen: 2000,
      alternatePayers: ['unit' as const, 'worker' as const],
    },
  ],
};

const memberRequirements = [
  { code: 'ACTIVE_WORKER' as const, label: '在职职工' },
  { code: 'NOT_RETIRED' as const, label: '未退休' },
  { code: 'UNION_MEMBER' as const, label: '工会会员' },
];

const unitPaidNotice = [
  '我市各级工会组织、企事业单位（会员不少于70%）均可作为团体会员参保，保障期为一年，自保障合同生效之日起计算。保障合同生效后本年度内不可再次提交。',
  '会费每份20元。费用可采取单位行政补助、工会经费列支、职工个人缴费等多种渠道筹措。',
  '申请救助需提供加盖单位公章的互助保障救助申请表、本人居民身份证及工商银行卡（本人借记卡）复印件、住院费用票据复印件或医保住院费用结算单复印件、加盖医院红色骑缝章的住院病历；由本单位工会初审后报市职工互助互济会审核。',
  '发放完成后，市职工互助互济会将进行电话及短信通知，并将救助信息在济南市总工会网站进行公示。',
];

export const jinan2025CriticalAccident: ProgramInput = {
  id: 'jinan-2025-critical-accident',
  series: 'jinan-critical-accident',
  name: '济南市职工团体重大疾病、意外伤害住院互助保障项目（2025年度）',
  shortName: '济南重疾意外住院互助保障',
  region: { province: '山东省', city: '济南市' },
  year: 2025,
  organiser: '济南市职工互助互济会',
  source,
  routes: [
    { id: 'puhui', label: '市总普惠', note: '市总工会出资，分四个季度按名额办理，额满为止' },
    { id: 'unit_paid', label: '单位缴费', note: '基层单位作为团体会员缴费参保，会员不少于70%' },
  ],
  keyGroups: [
    { id: 'model_craftsman', label: '市级以上在职劳模工匠', listProvidedBy: '市总生产部' },
    { id: 'hardship', label: '在档困难职工', listProvidedBy: '市职工服务中心' },
    { id: 'migrant_star', label: '农民工之星', listProvidedBy: '市总保障部' },
    { id: 'haiyou_talent', label: '“海右”人才', listProvidedBy: '市总组织部' },
    {
      id: 'new_employment',
      label: '新就业形态劳动者',
      listProvidedBy: '市物流产业工会、市快递行业工会等系统及各区县总工会',
    },
  ],
  fee: {
    perShareFen: 2000,
    unit: 'share',
    schedules: [
      {
        id: 'puhui',
        label: '市总普惠：市总工会出资',
        when: { routes: ['puhui'] },
        lines: [{ payer: 'city_union', label: '市总工会出资（普惠）', amountFen: 2000 }],
      },
      unitPaidSchedule,
    ],
  },
  eligibility: {
    text: eligibilityText,
    requirements: [...memberRequirements],
  },
  enrolment: {
    window: { opens: '2025-01-01', closes: '2025-12-31' },
    batches: [
      {
        id: '2025q1',
        label: '第一季度普惠批次',
        opens: '2025-01-01',
        closes: '2025-03-31',
        routes: ['puhui'],
      },
      {
        id: '2025q2',
        label: '第二季度普惠批次',
        opens: '2025-04-01',
        closes: '2025-06-30',
        routes: ['puhui'],
      },
      {
        id: '2025q3',
        label: '第三季度普惠批次',
        opens: '2025-07-01',
        closes: '2025-09-30',
        routes: ['puhui'],
      },
      {
        id: '2025q4',
        label: '第四季度普惠批次',
        opens: '2025-10-01',
        closes: '2025-12-31',
        routes: ['puhui'],
      },
    ],
    channels,
    oncePerCoverage: true,
  },
  coverage: {
    kind: 'one_year_from_effective',
    boundaryStay: {
      rule: 'admission_date',
      reason:
        '按入院日期所在保障期计入：通知以“患重大疾病或意外伤害住院时”给予救助，保障的事件是保障期内发生的意外伤害住院',
    },
  },
  groupRules: {
    // Only the unit-paid route: the 70% sits in the notice's 单位缴费 section (二、2.(1));
    // the 普惠 route is applied for by quota, with no participation share.
    participation: [{ route: 'unit_paid', minBp: 7000, of: 'union_members', label: '会员不少于70%' }],
    note: '单位缴费方式：会员不少于70%的单位可作为团体会员参保',
  },
  quotas: [
    {
      allocation: 'first_come_first_served',
      scope: 'per_unit_per_batch',
      totalHeadcount: 350000,
      groupHeadcounts: [{ group: 'haiyou_talent', headcount: 5000 }],
      routes: ['puhui'],
      note: '普惠服务分四个季度办理，各季度名额分配数量参照上年度具体办理情况确定，以基层单位工会提交申请时间先后顺序为准，额满为止',
    },
  ],
  benefits: [
    {
      id: 'critical_illness',
      name: '重大疾病互助金',
      description: '入会职工患项目规定的重大疾病时，按项目条款给予资金救助。',
      rule: {
        kind: 'fixed_grant',
        categories: [
          {
            id: 'listed',
            label: '项目规定的重大疾病',
            amountFen: null,
            amountStatus: 'unknown',
            amountUnknownReason,
            grantLabel: '重大疾病互助金',
            listNote: '两个项目共涵盖44类病种，病种名单见项目简介（未随种子提供）',
          },
        ],
        conditions: [{ id: 'first_diagnosis', label: '在保障期内首次确诊' }],
        oncePer: 'category_per_coverage',
      },
      materials: claimMaterials,
      review,
      payout,
    },
    {
      id: 'accident_hospitalisation',
      name: '意外伤害住院互助金',
      description: '入会职工因意外伤害住院时，按项目条款给予资金救助。',
      rule: {
        kind: 'ratio',
        basisLabel: '意外伤害住院医疗费用',
        ratioBp: null,
        capPerCoverageFen: null,
        amountStatus: 'unknown',
        amountUnknownReason: `${amountUnknownReason}；给付比例、封顶额均未知`,
      },
      materials: claimMaterials,
      review,
      payout,
    },
  ],
  notice: {
    version: 'jinan-2025-ca.1',
    title: '入会须知',
    paragraphs: [
      '《济南市职工团体重大疾病、意外伤害住院互助保障项目》会费每份20元，为入会职工在患重大疾病或意外伤害住院时，给予资金救助。',
      '2025年，由市总工会出资为我市35万名职工会员，包括在职工会会员、市级以上在职劳模工匠、在档困难职工、农民工之星、新就业形态劳动者及“海右”人才等重点群体，分批办理一份本项目；分四个季度办理，以基层单位工会提交申请时间先后顺序为准，额满为止。',
      ...unitPaidNotice,
    ],
  },
  coverageSummary: [
    '会费每份20元；市总普惠对象由市总工会出资',
    '保障期一年，自保障合同生效之日起计算',
    '患重大疾病或意外伤害住院时给予资金救助',
    '电子合同，可在“齐鲁工惠”APP 泉城工会频道“互助保障”模块查询',
  ],
  assumptions: [
    {
      path: 'benefits.0.rule.categories',
      reason:
        '44类病种的名单和分类未随通知提供；暂以“项目规定的重大疾病”一类登记，金额未知（不予自动计算），须按项目条款拆分并录入。',
    },
    {
      path: 'benefits.1.rule',
      reason:
        '通知未写明意外伤害住院救助的给付方式；暂按“住院费用乘比例”的形式登记，比例与封顶额未知（不予自动计算），须按项目条款更正。',
    },
    {
      path: 'groupRules.participation.0',
      reason:
        '通知原文为“企事业单位（会员不少于70%）均可作为团体会员参保”，未写明分母；按“参保人数不少于本单位工会会员的70%”理解，也可能指单位工会会员占职工的比例，须向市职工互助互济会核实。',
    },
    {
      path: 'coverage.boundaryStay',
      reason:
        '通知未规定跨保障期住院的归属；按入院日期所在保障期计入（保障期内发生的意外伤害住院），须按项目条款核实。',
    },
    {
      path: 'enrolment.batches',
      reason: '名额分配及受理时间（附件2）未随种子提供；四个普惠批次暂按自然季度配置。',
    },
    { path: 'enrolment.window', reason: '通知未规定单位缴费的受理期；暂按 2025 年全年受理配置。' },
  ],
};

export const jinan2025WomenSpecial: ProgramInput = {
  id: 'jinan-2025-women-special',
  series: 'jinan-women-special',
  name: '济南市女职工团体特种疾病互助保障项目（2025年度）',
  shortName: '济南女职工特种疾病互助保障',
  region: { province: '山东省', city: '济南市' },
  year: 2025,
  organiser: '济南市职工互助互济会',
  source,
  fee: {
    perShareFen: 2000,
    unit: 'share',
    schedules: [unitPaidSchedule],
  },
  eligibility: {
    text: eligibilityText,
    requirements: [...memberRequirements, { code: 'FEMALE', label: '女职工' }],
  },
  enrolment: { window: { opens: '2025-01-01', closes: '2025-12-31' }, channels, oncePerCoverage: true },
  coverage: { kind: 'one_year_from_effective' },
  groupRules: {
    // This project is offered by the unit-paid route only (普惠 buys the first project), so
    // the 单位缴费 section's 70% binds every enrolment of it: no route to scope it to.
    participation: [{ minBp: 7000, of: 'union_members', label: '会员不少于70%' }],
    note: '会员不少于70%的单位可作为团体会员参保',
  },
  benefits: [
    {
      id: 'women_special_disease',
      name: '女职工特种疾病互助金',
      description: '入会女职工患项目规定的特种疾病时，按项目条款给予资金救助。',
      rule: {
        kind: 'fixed_grant',
        categories: [
          {
            id: 'listed',
            label: '项目规定的女职工特种疾病',
            amountFen: null,
            amountStatus: 'unknown',
            amountUnknownReason,
            grantLabel: '特种疾病互助金',
            listNote: '两个项目共涵盖44类病种，病种名单见项目简介（未随种子提供）',
          },
        ],
        conditions: [{ id: 'first_diagnosis', label: '在保障期内首次确诊' }],
        oncePer: 'category_per_coverage',
      },
      materials: claimMaterials,
      review,
      payout,
    },
  ],
  notice: {
    version: 'jinan-2025-ws.1',
    title: '入会须知',
    paragraphs: [
      '《济南市女职工团体特种疾病互助保障项目》会费每份20元，为入会女职工在患项目规定的特种疾病时，给予资金救助。',
      ...unitPaidNotice,
    ],
  },
  coverageSummary: [
    '会费每份20元，单位缴费参保',
    '保障期一年，自保障合同生效之日起计算',
    '患项目规定的女职工特种疾病时给予资金救助',
  ],
  assumptions: [
    {
      path: 'groupRules.participation.0',
      reason:
        '通知原文为“企事业单位（会员不少于70%）均可作为团体会员参保”，未写明分母；按“参保人数不少于本单位工会会员的70%”理解，也可能指单位工会会员占职工的比例，须向市职工互助互济会核实。',
    },
    {
      path: 'benefits.0.rule.categories',
      reason:
        '女职工特种疾病的名单和分类未随通知提供；暂以“项目规定的女职工特种疾病”一类登记，金额未知（不予自动计算），须按项目条款拆分并录入。',
    },
    { path: 'enrolment.window', reason: '通知未规定单位缴费的受理期；暂按 2025 年全年受理配置。' },
  ],
};
