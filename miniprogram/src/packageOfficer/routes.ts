/** The officer subpackage's pages, in one place (the main package's routes.ts names the first three). */
const P = '/packageOfficer/pages';

export const OFFICER_PAGES = {
  home: `${P}/home/index`,
  joinRequests: `${P}/join-requests/index`,
  unitQr: `${P}/unit-qr/index`,
  acceptInvite: `${P}/accept-invite/index`,
  invites: `${P}/invites/index`,
  orgs: `${P}/orgs/index`,
  officers: `${P}/officers/index`,
  quotas: `${P}/quotas/index`,
  group: `${P}/group/index`,
  applications: `${P}/applications/index`,
  import: `${P}/import/index`,
  dashboard: `${P}/dashboard/index`,
  ledger: `${P}/ledger/index`,
  whatIf: `${P}/what-if/index`,
  paymentIssues: `${P}/payment-issues/index`,
} as const;
