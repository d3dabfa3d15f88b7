import type { OfficerRole } from '@shared/officer/roles';
import { REVIEW_PAGES } from './routes';

/**
 * The review entries of the officer workbench (工作事项), with the roles the backend accepts for
 * each (cloudfunctions/_lib/review-access.ts ROLES). Only strings: cheap to import from there.
 */
export const REVIEW_TASKS: {
  key: string;
  title: string;
  description: string;
  roles: OfficerRole[];
  page: string;
}[] = [
  {
    key: 'review-queue',
    title: '补助审核',
    description: '待审核申请、等待天数、批量通过',
    roles: ['unit_officer', 'district_reviewer', 'centre_reviewer', 'centre_finance', 'centre_admin'],
    page: REVIEW_PAGES.queue,
  },
  {
    key: 'review-batches',
    title: '发放批次',
    description: '生成批次、转账清单、登记发放结果',
    roles: ['centre_finance', 'centre_admin', 'centre_reviewer'],
    page: REVIEW_PAGES.batches,
  },
  {
    key: 'review-notices',
    title: '公示与异议',
    description: '发放公示、处理异议',
    roles: ['centre_reviewer', 'centre_admin', 'centre_finance'],
    page: REVIEW_PAGES.notices,
  },
  {
    key: 'review-meeting',
    title: '重大疾病鉴定会',
    description: '议程、回避、表决、纪要',
    roles: ['centre_reviewer', 'centre_admin'],
    page: REVIEW_PAGES.meeting,
  },
  {
    key: 'review-audit',
    title: '审计日志',
    description: '操作记录查询与导出',
    roles: ['centre_admin'],
    page: REVIEW_PAGES.audit,
  },
  {
    key: 'review-reports',
    title: '补助统计报表',
    description: '状态、时效、驳回原因、赔付率',
    roles: ['centre_reviewer', 'centre_finance', 'centre_admin'],
    page: REVIEW_PAGES.reports,
  },
  {
    key: 'review-import',
    title: '医保结算导入',
    description: '导入医保结算明细，生成补助申请',
    roles: ['centre_reviewer', 'centre_admin'],
    page: REVIEW_PAGES.import,
  },
];
