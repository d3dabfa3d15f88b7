/** Page URLs in one place, so a renamed page breaks the type-checker rather than a tap. */
export const HOME_PAGE = '/pages/index/index';
export const LOGIN_PAGE = '/pages/login/index';
export const ME_PAGE = '/pages/me/index';
export const JOIN_PAGE = '/pages/join/index';
export const OFFICER_HOME_PAGE = '/packageOfficer/pages/home/index';
