import type { ActionName, InputOf, OutputOf } from '@shared/api';
import { unwrap } from './errors';
import { send } from './transport';

/**
 * The one way pages reach the backend: `call('user.me', {})`. The name splits at the first dot
 * into cloud function and action; an `{ok:false}` envelope or a transport failure throws AppError.
 * Inputs and outputs are typed from shared/api, which is imported for types only: zod stays out
 * of the mini-program bundle.
 */
export async function call<N extends ActionName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const dot = name.indexOf('.');
  const fn = name.slice(0, dot);
  const action = name.slice(dot + 1);
  const body = await send(fn, { action, payload: input });
  return unwrap(body) as OutputOf<N>;
}
