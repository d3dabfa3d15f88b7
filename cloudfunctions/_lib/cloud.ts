import cloud from 'wx-server-sdk';

// DYNAMIC_CURRENT_ENV: the function talks to the environment it is deployed in (or, locally,
// the one the runtime names), so the same bundle runs everywhere without a hard-coded env id.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

export { cloud };

/** `throwOnNotFound: false` makes `doc(id).get()` return `{data: null}`: a missing doc is data, not an exception. */
export const database = () => cloud.database({ throwOnNotFound: false });
export type Database = ReturnType<typeof database>;
