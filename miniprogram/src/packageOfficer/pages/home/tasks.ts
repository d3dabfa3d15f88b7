import { OFFICER_PAGES } from '../../routes';
import {
  IMPORT_ROLES,
  OFFICER_ROLES,
  PAYMENT_ROLES,
  REVIEWER_ROLES,
  type OfficerRole,
} from '../../lib/access';

export interface Task {
  key: string;
  title: string;
  description: string;
  roles: OfficerRole[];
  page: string;
}

/** What each officer role does here: only pages that exist (no card leads nowhere). */
export const TASKS: Task[] = [
  {
    key: 'join-requests',
    title: '入会申请审核',
    description: '审核职工的加入申请',
    roles: ['unit_officer'],
    page: OFFICER_PAGES.joinRequests,
  },
  {
    key: 'unit-qr',
    title: '单位二维码',
    description: '职工扫码即可加入本单位',
    roles: ['unit_officer'],
    page: OFFICER_PAGES.unitQr,
  },
  {
    key: 'group',
    title: '团体参保',
    description: '选择职工、提交单位团体参保申请',
    roles: ['unit_officer'],
    page: OFFICER_PAGES.group,
  },
  {
    key: 'quotas',
    title: '普惠名额',
    description: '各批次名额与剩余',
    roles: ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
    page: OFFICER_PAGES.quotas,
  },
  {
    key: 'import',
    title: '纸质报名导入',
    description: '上传参保汇总表（.xlsx），校验后导入',
    roles: IMPORT_ROLES,
    page: OFFICER_PAGES.import,
  },
  {
    key: 'applications',
    title: '团体参保审核',
    description: '审核下级单位的团体参保申请',
    roles: REVIEWER_ROLES,
    page: OFFICER_PAGES.applications,
  },
  {
    key: 'dashboard',
    title: '目标进度',
    description: '各单位参保完成情况、红黄绿灯、报表',
    roles: OFFICER_ROLES,
    page: OFFICER_PAGES.dashboard,
  },
  {
    key: 'ledger',
    title: '资金对账',
    description: '各缴费方对账单、到账登记、差异',
    roles: REVIEWER_ROLES,
    page: OFFICER_PAGES.ledger,
  },
  {
    key: 'payment-issues',
    title: '支付异常与退款',
    description: '核查并登记处理结果',
    roles: PAYMENT_ROLES,
    page: OFFICER_PAGES.paymentIssues,
  },
  {
    key: 'orgs',
    title: '组织架构',
    description: '查看下级组织；中心管理员可新建、改名、调整',
    roles: ['district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
    page: OFFICER_PAGES.orgs,
  },
  {
    key: 'invites',
    title: '邀请经办人员',
    description: '生成邀请二维码，授予经办角色',
    roles: OFFICER_ROLES,
    page: OFFICER_PAGES.invites,
  },
  {
    key: 'officers',
    title: '经办人员',
    description: '查看和撤销经办角色',
    roles: OFFICER_ROLES,
    page: OFFICER_PAGES.officers,
  },
  {
    key: 'what-if',
    title: '费用测算',
    description: '调整缴费标准，测算收支与赔付率',
    roles: ['centre_admin'],
    page: OFFICER_PAGES.whatIf,
  },
];
