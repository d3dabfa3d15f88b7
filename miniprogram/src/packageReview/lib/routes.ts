/** The review subpackage's pages, in one place. */
const P = '/packageReview/pages';

export const REVIEW_PAGES = {
  queue: `${P}/queue/index`,
  claim: `${P}/claim/index`,
  bulk: `${P}/bulk/index`,
  batches: `${P}/batches/index`,
  batch: `${P}/batch/index`,
  notices: `${P}/notices/index`,
  /** Public: no sign-in needed (`?id=` one notice, else the list). */
  notice: `${P}/notice/index`,
  meeting: `${P}/meeting/index`,
  audit: `${P}/audit/index`,
  reports: `${P}/reports/index`,
  import: `${P}/import/index`,
} as const;
