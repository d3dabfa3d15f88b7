import type { z } from 'zod';
import { claimApi } from './claim';
import { enrollmentApi } from './enrollment';
import { officerApi } from './officer';
import { orgApi } from './org';
import { reviewApi } from './review';
import { unitdataApi } from './unitdata';
import { userApi } from './user';

/**
 * Every client-callable cloud function and its actions. `call('user.me', {})` in the mini-program
 * and the handlers in cloudfunctions/ both type themselves from this object, so the contract has
 * one source. The mini-program imports this module with `import type` only, which keeps zod out of
 * its bundle. (The payment callback and the timers are not client-callable and are not listed.)
 */
export const api = {
  user: userApi,
  org: orgApi,
  enrollment: enrollmentApi,
  officer: officerApi,
  claim: claimApi,
  review: reviewApi,
  unitdata: unitdataApi,
};

export type Api = typeof api;
export type FunctionName = keyof Api;
export type ActionName = { [F in FunctionName]: `${F}.${Extract<keyof Api[F], string>}` }[FunctionName];

type DefOf<N extends string> = N extends `${infer F}.${infer A}`
  ? F extends FunctionName
    ? A extends keyof Api[F]
      ? Api[F][A]
      : never
    : never
  : never;

export type InputOf<N extends ActionName> =
  DefOf<N> extends { input: infer I extends z.ZodType } ? z.input<I> : never;
export type OutputOf<N extends ActionName> =
  DefOf<N> extends { output: infer O extends z.ZodType } ? z.output<O> : never;

/** The event every client-callable cloud function receives. */
export interface ActionEvent {
  action: string;
  payload?: unknown;
}
