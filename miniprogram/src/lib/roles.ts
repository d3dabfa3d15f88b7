import type { Role } from '@shared/api/user';

export const ROLE_LABELS: Record<Role, string> = {
  worker: '职工',
  unit_officer: '单位经办人',
  district_reviewer: '区县审核员',
  centre_reviewer: '中心审核员',
  centre_finance: '中心财务',
  centre_admin: '中心管理员',
};

export const roleLabel = (role: string): string => (role in ROLE_LABELS ? ROLE_LABELS[role as Role] : role);

export const isOfficer = (roles: readonly Role[]): boolean => roles.some((r) => r !== 'worker');
