/** Page URLs in one place, so a renamed page breaks the type-checker rather than a tap. */
export const HOME_PAGE = '/pages/index/index';
export const LOGIN_PAGE = '/pages/login/index';
export const ME_PAGE = '/pages/me/index';
export const JOIN_PAGE = '/pages/join/index';
export const OFFICER_HOME_PAGE = '/packageOfficer/pages/home/index';
export const OFFICER_JOIN_REQUESTS_PAGE = '/packageOfficer/pages/join-requests/index';
export const OFFICER_UNIT_QR_PAGE = '/packageOfficer/pages/unit-qr/index';

// The worker's enrolment journey: register → join a unit → offers → notice → sign → pay → policy.
export const REGISTER_PAGE = '/pages/register/index';
export const UNITS_PAGE = '/pages/units/index';
export const ENROL_PAGE = '/pages/enrol/index';
export const ENROL_DETAIL_PAGE = '/pages/enrol/detail';
export const ENROL_SIGN_PAGE = '/pages/enrol/sign';
export const ENROL_PAY_PAGE = '/pages/enrol/pay';
export const ENROL_RESULT_PAGE = '/pages/enrol/result';
export const POLICY_PAGE = '/pages/policy/index';
export const POLICY_DETAIL_PAGE = '/pages/policy/detail';
export const VERIFY_PAGE = '/pages/verify/index';
export const UNION_CARD_PAGE = '/pages/union-card/index';
export const HELP_PAGE = '/pages/help/index';
export const PHONE_PAGE = '/pages/phone/index';
/** 隐私政策; `?doc=terms` shows the 用户协议. */
export const PRIVACY_PAGE = '/pages/privacy/index';

/** A page URL with its query, values encoded. */
export const withQuery = (page: string, query: Record<string, string | undefined>): string => {
  const pairs = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  return pairs.length ? `${page}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : page;
};

// 补助申请 (claims): a worker subpackage, so the main package stays small.
export const CLAIM_NEW_PAGE = '/packageClaim/pages/new/index';
export const CLAIM_FORM_PAGE = '/packageClaim/pages/form/index';
export const CLAIM_MINE_PAGE = '/packageClaim/pages/mine/index';
export const CLAIM_DETAIL_PAGE = '/packageClaim/pages/detail/index';
export const CLAIM_AUTHORISE_PAGE = '/packageClaim/pages/authorise/index';
