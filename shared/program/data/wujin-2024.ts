/**
 * 常州市武进区总工会《关于开展 2024 年在职职工医疗互助保障工作的通知》
 * (seed 001_fa398b52dad64541.txt). Labels are quoted from the notice.
 */
import type { ProgramInput } from '../schema';

const HOSPITAL_AND_INJURY = ['hospitalisation', 'work_injury'];

export const wujin2024: ProgramInput = {
  id: 'wujin-2024',
  series: 'wujin-medical-mutual-aid',
  name: '2024 年武进区在职职工医疗互助保障',
  shortName: '武进职工互助保障',
  region: { province: '江苏省', city: '常州市', district: '武进区' },
  year: 2024,
  organiser: '常州市武进区工惠职工互助保障中心',
  source: {
    seed: '001_fa398b52dad64541.txt',
    title: '关于开展 2024 年在职职工 医疗互助保障工作的通知',
    issuer: '常州市武进区总工会',
  },
  fee: {
    perShareFen: 10000,
    unit: 'head',
    schedules: [
      {
        id: 'standard',
        label: '100 元/人，个人缴费 20 元，区总工会补助 80 元',
        lines: [
          { payer: 'worker', label: '个人缴费', amountFen: 2000 },
          { payer: 'county_union', label: '区总工会补助', amountFen: 8000 },
        ],
      },
    ],
  },
  eligibility: {
    text: '武进区所属机关、企事业单位中，持有效常州市工会服务卡的在职职工。',
    requirements: [
      { code: 'UNIT_IN_REGION', label: '武进区所属机关、企事业单位的职工' },
      { code: 'ACTIVE_WORKER', label: '在职职工' },
      { code: 'NOT_RETIRED', label: '在职（未退休）' },
      { code: 'UNION_CARD', label: '持有效常州市工会服务卡' },
    ],
  },
  enrolment: {
    window: { opens: '2023-10-07', closes: '2023-12-31' },
    channels: [
      {
        id: 'miniprogram',
        label: '微信小程序签约授权',
        note: '建议职工在“武进职工互助保障”微信小程序上签约授权，可通过微信自主缴费',
      },
      {
        id: 'paper',
        label: '纸质签约授权',
        note: '在《授权签字汇总表》上本人签名，加盖单位工会公章；以基层工会为单位收齐费用后集中打入互助保障中心账户，职工个人切勿单独打款',
      },
    ],
    oncePerCoverage: true,
  },
  coverage: {
    kind: 'fixed',
    start: '2024-01-01',
    end: '2024-12-31',
    boundaryStay: {
      rule: 'discharge_date',
      reason:
        '按出院日期所在年度计入：个人自理金额以出院结算（常州医保结算数据或结算票据）为准，申请时按“住院年份”选择',
    },
  },
  benefits: [
    {
      id: 'hospitalisation',
      name: '住院医疗费用补助金',
      description:
        '保障期内因住院治疗发生的医疗费用，经基本医保、大病保险、医疗救助等途径补偿后，按全年累计个人自理（含个人自付及自费部分）金额，可享受500-50000元不等的住院医疗费用补助金。',
      rule: {
        kind: 'tiered_annual',
        basisLabel: '个人自理金额',
        tiers: [
          { minFen: 100000, amountFen: 50000 },
          { minFen: 500000, amountFen: 100000 },
          { minFen: 1000000, amountFen: 150000 },
          { minFen: 1500000, amountFen: 200000 },
          { minFen: 2000000, amountFen: 300000 },
          { minFen: 3000000, amountFen: 500000 },
          { minFen: 4000000, amountFen: 1000000 },
          { minFen: 5000000, amountFen: 2000000 },
          { minFen: 10000000, amountFen: 5000000 },
        ],
        stayAdjustments: [
          {
            id: 'work_injury',
            label: '因工伤住院',
            when: { causes: ['work_injury'] },
            basis: 'self_paid',
            ratioBp: 0,
            excludedReason: '其住院自理费用不予补助',
          },
          {
            id: 'traffic_not_settled',
            label: '因交通事故住院且未进行医保结算',
            when: { settlement: 'none', causes: ['traffic_accident'] },
            basis: 'liability_share_total',
            ratioBp: 5450,
          },
          {
            id: 'settled',
            label: '用医保卡结算支付',
            when: { settlement: 'insurance' },
            basis: 'self_paid',
            ratioBp: 10000,
          },
          {
            id: 'not_settled',
            label: '未进行医保结算支付',
            when: { settlement: 'none' },
            basis: 'self_paid',
            ratioBp: 3400,
          },
        ],
      },
      situations: [
        { id: 'settled_changzhou', label: '使用常州医保结算' },
        { id: 'not_settled_changzhou', label: '未使用常州医保结算' },
      ],
      materials: [
        {
          id: 'admission_discharge_record',
          label: '出入院记录',
          situations: ['not_settled_changzhou'],
          perStay: true,
        },
        {
          id: 'settlement_invoice',
          label: '本次住院的结算票据',
          situations: ['not_settled_changzhou'],
          perStay: true,
        },
      ],
      materialsNote:
        '参保职工使用常州医保结算的，无需提供材料；如发生多次住院的，未使用常州医保结算的住院情况均需拍照上传。',
      review: { cadence: 'monthly', label: '互助保障中心每月对收到的申请按程序进行复核、调查、审批' },
      payout: {
        deadlineWorkingDays: 10,
        destination: 'union_card_account',
        label: '审核通过后十个工作日内以转账（汇款）方式发放至个人工会卡账户',
      },
    },
    {
      id: 'critical_illness',
      name: '重大疾病补助金',
      description:
        '保障期内首次经常州市二、三级医院、外省市三级医院确诊为本项目所规定的30种重大疾病之一的（除原位癌），可享受一次性5000元的重大疾病补助金；首次确诊为原位癌的，可享受一次性1000元的慰问金。',
      rule: {
        kind: 'fixed_grant',
        categories: [
          {
            id: 'listed',
            label: '本项目所规定的30种重大疾病之一（除原位癌）',
            amountFen: 500000,
            grantLabel: '重大疾病补助金',
            listNote: '30 种重大疾病的名单未随通知印发，由鉴定会按项目名单认定',
          },
          { id: 'in_situ', label: '原位癌', amountFen: 100000, grantLabel: '慰问金' },
        ],
        conditions: [
          { id: 'first_diagnosis', label: '在保障期内首次确诊' },
          { id: 'qualified_hospital', label: '经常州市二、三级医院或外省市三级医院确诊' },
        ],
        oncePer: 'category_per_coverage',
      },
      materials: [
        { id: 'first_diagnosis_discharge_summary', label: '首次确诊的出入院记录（出院小结）' },
        { id: 'diagnostic_evidence', label: '其他检验检查诊断材料（如B超病理切片、CT、磁共振等）' },
      ],
      review: {
        cadence: 'quarterly_meeting',
        label: '每季度末组织一次重大疾病鉴定会，对当季度收到的申请材料进行会商',
      },
      payout: {
        deadlineWorkingDays: 10,
        destination: 'union_card_account',
        label: '会商通过后十个工作日内以转账（汇款）方式发放至个人工会卡账户',
      },
    },
    {
      id: 'work_injury',
      name: '工伤补助金',
      description:
        '保障期内发生工伤（含工亡）事故的，凭劳动能力鉴定委员会出具的认定工伤决定书和劳动能力鉴定书，可享受300-5000元不等的工伤补助金。',
      rule: {
        kind: 'grade_table',
        rows: [
          { grades: [1, 2], includesDeath: true, amountFen: 500000 },
          { grades: [3, 4], includesDeath: false, amountFen: 300000 },
          { grades: [5, 6], includesDeath: false, amountFen: 200000 },
          { grades: [7, 8], includesDeath: false, amountFen: 50000 },
          { grades: [9, 10], includesDeath: false, amountFen: 30000 },
        ],
      },
      situations: [
        { id: 'disability', label: '工伤' },
        { id: 'death', label: '工亡' },
      ],
      materials: [
        { id: 'injury_determination', label: '认定工伤决定书' },
        { id: 'capacity_appraisal', label: '劳动能力鉴定书', situations: ['disability'] },
        {
          id: 'death_benefit_declaration',
          label: '法定受益人共同签订的身故补助金领取声明书',
          situations: ['death'],
          template: true,
        },
      ],
      review: { cadence: 'on_receipt', label: '收到申请材料后按程序进行复核、调查、审批' },
      payout: {
        deadlineWorkingDays: 10,
        destination: 'union_card_account',
        label: '审核通过后十个工作日内以转账（汇款）方式发放至个人工会卡账户',
      },
    },
  ],
  exclusions: [
    { code: 'FRAUD', label: '有欺诈、骗保行为的', appliesTo: HOSPITAL_AND_INJURY, recoverPaid: true },
    { code: 'DRUNK_OR_FIGHTING', label: '醉酒、斗殴', appliesTo: HOSPITAL_AND_INJURY, recoverPaid: true },
    {
      code: 'SELF_HARM_CRIME',
      label: '故意自伤、故意犯罪或拒捕',
      appliesTo: HOSPITAL_AND_INJURY,
      recoverPaid: true,
    },
    {
      code: 'ILLEGAL_DRIVING',
      label:
        '酒后驾驶、无有效执照驾驶或者驾驶无有效行驶证的机动车，酒后驾驶或者驾驶无有效行驶证的助动交通工具',
      appliesTo: HOSPITAL_AND_INJURY,
      recoverPaid: true,
    },
    {
      code: 'NON_TREATMENT_CARE',
      label: '一般健康检查、疗养、特别护理、康复性治疗、以物理治疗为主的医疗行为',
      appliesTo: HOSPITAL_AND_INJURY,
      recoverPaid: true,
    },
    {
      code: 'COSMETIC_OR_PREVENTIVE',
      label:
        '整容、整容手术、美容、美容手术、种牙补牙、矫形、矫形手术、外科整形手术、变性手术、预防性手术（如预防性阑尾切除）以及因此而引起的并发症（但因意外伤害所致的矫形、矫形手术、外科整形手术不在此限）',
      appliesTo: HOSPITAL_AND_INJURY,
      recoverPaid: true,
    },
    {
      code: 'BED_WITHOUT_STAY',
      label: '在医院挂床，但实际并未住院者',
      appliesTo: HOSPITAL_AND_INJURY,
      recoverPaid: true,
    },
    {
      code: 'PRE_EXISTING',
      label: '在参加本期互助保障前，已患有本项目规定的重大疾病',
      appliesTo: ['critical_illness'],
      recoverPaid: true,
    },
    {
      code: 'FALSIFIED_HISTORY',
      label: '有隐瞒病史、伪造或篡改病史及其他各种欺骗、作弊行为',
      appliesTo: ['critical_illness'],
      recoverPaid: true,
    },
    {
      code: 'MISDIAGNOSIS',
      label: '被医院错误诊断为患本项目规定的重大疾病',
      appliesTo: ['critical_illness'],
      recoverPaid: true,
    },
  ],
  notice: {
    version: 'wujin-2024.1',
    title: '参保须知',
    paragraphs: [
      '参加对象：武进区所属机关、企事业单位中，持有效常州市工会服务卡的在职职工。',
      '缴费标准：100 元/人，个人缴费 20 元，区总工会补助 80 元。',
      '保障期限：2024 年 1 月 1 日至 2024 年 12 月 31 日。',
      '住院医疗费用补助金：在保障期内因住院治疗发生的医疗费用，经基本医保、大病保险、医疗救助等途径补偿后，按全年累计个人自理（含个人自付及自费部分）金额，可享受500-50000元不等的住院医疗费用补助金。用医保卡结算支付的，按住院医疗自理费用实际金额进行核算；未进行医保结算支付的，按住院医疗自理费用的34%进行核算；因交通事故住院且未进行医保结算的，按本人责任范围内个人需承担住院医疗总费用的54.5%进行核算；因工伤住院的，其住院自理费用不予补助。',
      '重大疾病补助金：在保障期内，首次经常州市二、三级医院、外省市三级医院确诊为本项目所规定的30种重大疾病之一的（除原位癌），可享受一次性5000元的重大疾病补助金；首次确诊为原位癌的，可享受一次性1000元的慰问金。',
      '工伤补助金：在保障期内发生工伤（含工亡）事故的，凭认定工伤决定书和劳动能力鉴定书，工伤1-2级（含工亡）补助5000元；3-4级补助3000元；5-6级补助2000元；7-8级补助500元；9-10级补助300元。',
      '除外责任：有欺诈、骗保行为的；醉酒、斗殴；故意自伤、故意犯罪或拒捕；酒后驾驶、无有效执照驾驶或者驾驶无有效行驶证的机动车，酒后驾驶或者驾驶无有效行驶证的助动交通工具；一般健康检查、疗养、特别护理、康复性治疗、以物理治疗为主的医疗行为；整容、美容、种牙补牙、矫形、变性手术、预防性手术以及因此而引起的并发症（因意外伤害所致的矫形、外科整形手术不在此限）；在医院挂床，但实际并未住院者。以上情形免除给付住院医疗费用补助金和工伤补助金的责任，已发放的补助，予以追回。',
      '在参加本期互助保障前已患有本项目规定的重大疾病、有隐瞒病史、伪造或篡改病史及其他各种欺骗、作弊行为、被医院错误诊断为患本项目规定的重大疾病的，免除给付重大疾病补助金的责任，已发放的补助，予以追回。',
      '补助给付：住院医疗费用补助金每月复核、调查、审批；重大疾病补助金于每季度末鉴定会会商；工伤补助金收到材料后审批。审核通过后十个工作日内把补助金以转账（汇款）方式发放至被保障申请人的个人工会卡账户。',
      '本人自愿同意参加武进区在职职工医疗互助保障，并同意缴纳参保资金 20 元。',
    ],
  },
  coverageSummary: [
    '保障期：2024年1月1日至2024年12月31日',
    '个人缴费20元，区总工会补助80元',
    '住院医疗费用补助金：按全年累计个人自理金额，500元至50000元',
    '重大疾病补助金：首次确诊30种重大疾病之一5000元，原位癌慰问金1000元',
    '工伤补助金：按伤残等级300元至5000元',
    '审核通过后十个工作日内发放至个人工会卡账户',
  ],
  assumptions: [
    {
      path: 'coverage.boundaryStay',
      reason:
        '通知未规定跨年度住院（如 12 月入院、次年 1 月出院）计入哪一年；按出院结算日期所在年度计入，因个人自理金额在出院结算时才确定。',
    },
    {
      path: 'benefits.1.rule.categories.0',
      reason:
        '通知称“本项目所规定的30种重大疾病”但未列出病种名单；是否属于名单由鉴定会认定，本系统不自行判断。',
    },
    {
      path: 'benefits.1.rule.oncePer',
      reason:
        '通知对重大疾病补助金和原位癌慰问金各写“一次性”，未说明领取原位癌慰问金后再确诊名单内重大疾病如何处理；按两类各自在同一保障期内只给付一次计算。',
    },
    {
      path: 'benefits.2.rule.rows',
      reason: '通知未规定同一工伤事故重新鉴定等级后的处理；按同一事故只补发与已给付金额的差额计算。',
    },
  ],
};
