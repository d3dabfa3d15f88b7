/**
 * The one catalogue of error codes: every error the system raises has its code and its default
 * Chinese message here, so handlers raise from it (`new AppError('ENROLL.NOT_FOUND')`) and pages
 * switch on the same names. A message given at the raise site replaces the default only where it
 * carries details (which field, which date); the code is what clients branch on.
 */
export const ERROR_MESSAGES = {
  // Common
  'COMMON.INVALID_INPUT': '输入有误，请检查后重试',
  'COMMON.BAD_REQUEST': '请求无效',
  'COMMON.UNKNOWN_ACTION': '未知操作',
  'COMMON.UNKNOWN_FUNCTION': '未知服务',
  'COMMON.NOT_FOUND': '内容不存在',
  'COMMON.PAYLOAD_TOO_LARGE': '提交的内容过大',
  'COMMON.INTERNAL': '系统繁忙，请稍后重试',
  'COMMON.UNAVAILABLE': '服务暂不可用，请稍后重试',
  'COMMON.NETWORK': '网络不给力，请检查网络后重试',
  'COMMON.RATE_LIMITED': '操作过于频繁，请稍后再试',
  'COMMON.BAD_TRANSITION': '当前状态下不能进行该操作',
  // Sign-in (the local runtime's SMS login speaks the same codes)
  'AUTH.UNAUTHENTICATED': '请先登录',
  'AUTH.SESSION_EXPIRED': '登录已失效，请重新登录',
  'AUTH.FORBIDDEN': '无权进行该操作',
  'AUTH.IDENTITY_NOT_FOUND': '演示账号不存在',
  'AUTH.INVALID_PHONE': '请输入正确的手机号',
  'AUTH.NO_VERIFIED_PHONE': '请先完成手机号验证',
  'AUTH.CODE_INVALID': '验证码错误',
  'AUTH.CODE_EXPIRED': '验证码已失效，请重新获取',
  'AUTH.RATE_LIMITED': '操作过于频繁，请稍后再试',
  // Users
  'USER.NOT_REGISTERED': '请先完成实名登记',
  'USER.INVALID_ID': '身份证号无效',
  'USER.PHONE_UNVERIFIED': '手机号验证已失效，请重新验证',
  'USER.REGISTRATION_REFUSED':
    '登记信息未能通过核验：如本人身份证号已在其他微信账号登记，或本账号已登记其他身份证号，请联系单位工会处理',
  'USER.RATE_LIMITED': '登记尝试次数过多，请一小时后再试',
  // Orgs and joining
  'ORG.NOT_FOUND': '单位不存在',
  'ORG.NOT_A_UNIT': '只能加入基层单位',
  'ORG.NO_CODE': '该单位尚未分配二维码',
  'ORG.SCENE_NOT_FOUND': '二维码已失效或不属于任何单位，请向单位工会索取新的二维码',
  'ORG.REQUEST_NOT_FOUND': '申请不存在',
  'ORG.REQUEST_DECIDED': '该申请已处理',
  'ORG.NOT_A_MEMBER': '该职工不是本单位成员',
  'ORG.CHANGE_UNCONFIRMED': '更换所在单位前请先确认',
  'ORG.RATE_LIMITED': '扫码过于频繁，请稍后再试',
  // Enrolment
  'ENROLL.NO_UNIT': '请先加入所在单位',
  'ENROLL.PROGRAM_NOT_FOUND': '项目不存在或已下线',
  'ENROLL.PROGRAM_NOT_OFFERED': '该项目不面向您所在的单位开放',
  'ENROLL.WINDOW_CLOSED': '该项目当前不在参保时间内',
  'ENROLL.NOTICE_CHANGED': '参保须知已更新，请重新阅读并同意',
  'ENROLL.ALREADY_ENROLLED': '您已参保该项目本期保障，无需重复参保',
  'ENROLL.NOT_FOUND': '参保记录不存在',
  'ENROLL.NOT_RENEWABLE': '该项目不是原项目的续期',
  'ENROLL.NOT_ACTIVE': '缴费完成后才能查看电子保单',
  'ENROLL.ALREADY_PAID': '已缴费参保，无需重复支付',
  'ENROLL.CANCELLED': '该参保记录已取消，请重新参保',
  'ENROLL.NOTHING_TO_PAY': '本项目个人无需缴费',
  'ENROLL.PAYMENT_BUSY': '支付正在发起，请稍候再试',
  'ENROLL.BAD_SIGNATURE': '签名图片无效，请重新签名',
  'ENROLL.SIGNATURE_EMPTY': '请先在框内签名',
  'ENROLL.FEE_SCHEDULE_NOT_FOUND': '未找到适用的缴费标准，请联系单位工会',
  'ENROLL.NOT_ACTIVE_WORKER': '参加对象须为在职职工',
  'ENROLL.RETIRED': '已退休职工不能参加在职职工互助保障',
  'ENROLL.PROBABLY_RETIRED': '按身份证出生日期，该职工可能已达到法定退休年龄，请单位核实',
  'ENROLL.UNION_CARD_REQUIRED': '须持有工会服务卡',
  'ENROLL.UNION_MEMBER_REQUIRED': '须为工会会员',
  'ENROLL.BASIC_MEDICAL_INSURANCE_REQUIRED': '须参加基本医疗保险',
  'ENROLL.UNIT_NOT_IN_REGION': '所在单位不在本项目的地区范围内',
  'ENROLL.FEMALE_ONLY': '本项目参加对象为女职工',
  'ENROLL.RIDER_REQUIRES_MAIN': '附加险须与主险同时参加或已参加主险',
  'ENROLL.GROUP_MEMBERS_UNKNOWN': '请填写单位会员人数',
  'ENROLL.GROUP_PARTICIPATION_LOW': '单位参保人数不足',
  'ENROLL.ROUTE_REQUIRED': '请选择参保方式',
  // Payment
  'PAY.UNAVAILABLE': '支付暂不可用，请稍后重试',
  'PAY.FAILED': '支付未完成，请稍后重试',
  'PAY.NOT_PAID': '订单尚未支付',
  'PAY.ORDER_CLOSED': '订单已关闭，请重新发起支付',
  'PAY.ORDER_NOT_FOUND': '订单不存在',
  'PAY.RETRY_LATER': '正在向微信支付核实订单，请稍后再试',
  'PAY.CLOSE_TOO_SOON': '订单刚刚发起，请 5 分钟后再取消',
  // Domain data (programs, calendar, money, identity)
  'PROGRAM.INVALID': '项目数据无效',
  'PROGRAM.NOT_FOUND': '项目不存在',
  'CALENDAR.INVALID_DATE': '日期无效',
  'CALENDAR.INVALID_COUNT': '工作日天数必须是非负整数',
  'CALENDAR.INVALID_ARRANGEMENT': '节假日安排数据无效',
  'MONEY.NOT_INTEGER_FEN': '金额必须是整数分',
  'MONEY.INVALID_YUAN': '金额格式不正确',
  'MONEY.TOO_MANY_DECIMALS': '金额最多两位小数',
  'MONEY.NEGATIVE': '金额不能为负数',
  'MONEY.INVALID_RATIO': '比例必须是非负整数万分比',
  'CLAIM.UNKNOWN_SITUATION': '未知的结算情形',
  'CLAIM.BENEFIT_NOT_FOUND': '本项目没有该补助',
  'CLAIM.INVALID_PERIOD': '住院日期无效',
  'CLAIM.PERIOD_REQUIRED': '请填写住院日期',
  'CLAIM.UNKNOWN_EXCLUSION': '未知的除外责任',
  'CLAIM.EXCLUSION_NOT_APPLICABLE': '该除外责任不适用于本补助',
  'CLAIM.FACTS_MISMATCH': '申请信息与补助类型不符',
  'CLAIM.UNKNOWN_CATEGORY': '未知的病种类别',
  'CLAIM.MISSING_FACT': '申请信息不完整',
  'CLAIM.INVALID_GRADE': '伤残等级无效',
  'CLAIM.INVALID_AMOUNT': '金额无效',
  'CLAIM.INVALID_FACT': '申请信息无效',
  'BENEFIT.AMOUNT_UNKNOWN': '该项目未公布此项补助金额，需经办人员录入金额后方可审批',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}
