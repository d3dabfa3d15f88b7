import { api } from '@shared/api';
import { createFunction } from '../_lib/create-function';
import { applicationHandlers } from './applications';
import { reviewHandlers } from './review';
import { listOfficers, revokeGrant } from './grants';
import {
  acceptInvite,
  createInvite,
  inviteQrCode,
  listInvites,
  resolveInvite,
  revokeInvite,
} from './invites';
import { createOrg, listOrgs, moveOrg, renameOrg } from './orgs';
import { paymentIssues, resolvePaymentIssue } from './payment-issues';
import { quotaStatus, setQuota } from './quota';

export const main = createFunction('officer', api.officer, {
  createOrg,
  renameOrg,
  moveOrg,
  listOrgs,
  createInvite,
  inviteQrCode,
  revokeInvite,
  listInvites,
  resolveInvite,
  acceptInvite,
  listOfficers,
  revokeGrant,
  setQuota,
  quotaStatus,
  ...applicationHandlers,
  ...reviewHandlers,
  paymentIssues,
  resolvePaymentIssue,
});
