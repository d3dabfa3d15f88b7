import cloud from 'wx-server-sdk';

// DYNAMIC_CURRENT_ENV: the function talks to the environment it is deployed in (or, locally,
// the one the runtime names), so the same bundle runs everywhere without a hard-coded env id.
// The SDK's typings predate the symbol and the throwOnNotFound option, hence the casts.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };

/** The SDK's Database with its many `Promise<…> | void | string` returns left to db.ts to tame. */
export type Database = ReturnType<typeof cloud.database>;

/** `throwOnNotFound: false` makes `doc(id).get()` return `{data: null}`: a missing doc is data, not an exception. */
export const database = (): Database =>
  cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0]);

/** The untyped proxies (cloudPay, openapi) given the shapes we call. */
export const cloudPay = (
  cloud as unknown as { cloudPay: Record<string, (p: object) => Promise<Record<string, any>>> }
).cloudPay;
export const openapi = (cloud as unknown as { openapi: any }).openapi as {
  wxacode: { getUnlimited(p: object): Promise<{ buffer: Buffer; contentType: string }> };
  phonenumber: {
    getPhoneNumber(p: {
      code: string;
    }): Promise<{ phoneInfo: { phoneNumber: string; purePhoneNumber: string } }>;
  };
  subscribeMessage: { send(p: object): Promise<unknown> };
};
