export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/join/index',
    'pages/me/index',
    'pages/register/index',
    'pages/units/index',
    'pages/enrol/index',
    'pages/enrol/detail',
    'pages/enrol/sign',
    'pages/enrol/pay',
    'pages/enrol/result',
    'pages/policy/index',
    'pages/policy/detail',
    'pages/verify/index',
    'pages/union-card/index',
    'pages/help/index',
    'pages/privacy/index',
    'pages/phone/index',
  ],
  // Officer pages ship as a subpackage so the workers' main package stays small (≤ 2 MB).
  subPackages: [
    {
      root: 'packageOfficer',
      pages: [
        'pages/home/index',
        'pages/join-requests/index',
        'pages/unit-qr/index',
        'pages/accept-invite/index',
        'pages/invites/index',
        'pages/orgs/index',
        'pages/officers/index',
        'pages/quotas/index',
        'pages/group/index',
        'pages/applications/index',
        'pages/import/index',
        'pages/dashboard/index',
        'pages/ledger/index',
        'pages/what-if/index',
        'pages/payment-issues/index',
      ],
    },
    // 补助申请 (workers): its forms, uploads and the program data for the benefit menu would
    // push the main package past its 600 KB budget, so it loads when first opened.
    {
      root: 'packageClaim',
      pages: [
        'pages/new/index',
        'pages/form/index',
        'pages/mine/index',
        'pages/detail/index',
        'pages/authorise/index',
      ],
    },
    // 补助审核 (officers): queues, decisions, payout batches, 公示 (its notice page is public).
    {
      root: 'packageReview',
      pages: [
        'pages/queue/index',
        'pages/claim/index',
        'pages/bulk/index',
        'pages/batches/index',
        'pages/batch/index',
        'pages/notices/index',
        'pages/notice/index',
        'pages/meeting/index',
        'pages/audit/index',
        'pages/reports/index',
      ],
    },
  ],
  window: {
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '职工互助保障',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
    backgroundTextStyle: 'dark',
  },
  // Phone number (getPhoneNumber) is a privacy interface: the login page asks for consent first.
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
  style: 'v2',
});
