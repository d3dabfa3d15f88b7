import type { z } from 'zod';
import type { Api, FunctionName } from '@shared/api';
import { AppError, type Envelope } from '@shared/errors';
import { createContext, type HandlerContext } from './context';
import { parseInput } from './validate';

type ActionsOf<F extends FunctionName> = Api[F];
type Handler<D> = D extends { input: infer I extends z.ZodType; output: infer O extends z.ZodType }
  ? (input: z.output<I>, ctx: HandlerContext) => Promise<z.input<O>>
  : never;
export type Handlers<F extends FunctionName> = { [A in keyof ActionsOf<F>]: Handler<ActionsOf<F>[A]> };

/**
 * The entry of a cloud function: route `{action, payload}` to its handler, validate the payload
 * with the shared schema, and shape the reply with the output schema (which also strips any
 * field a handler did not mean to expose). Errors become the one envelope shape.
 */
export function createFunction<F extends FunctionName>(
  name: F,
  actions: ActionsOf<F>,
  handlers: Handlers<F>,
  makeContext: () => HandlerContext = createContext,
) {
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    const started = Date.now();
    let actionName = '?';
    try {
      const ev = (event ?? {}) as { action?: unknown; payload?: unknown };
      if (typeof ev.action !== 'string' || !Object.prototype.hasOwnProperty.call(actions, ev.action)) {
        throw new AppError('COMMON.UNKNOWN_ACTION', `未知操作：${String(ev.action ?? '')}`, 'action');
      }
      actionName = ev.action;
      const def = actions[ev.action as keyof ActionsOf<F>] as unknown as {
        input: z.ZodType;
        output: z.ZodType;
      };
      const handler = handlers[ev.action as keyof ActionsOf<F>] as unknown as (
        i: unknown,
        c: HandlerContext,
      ) => Promise<unknown>;
      const input = parseInput(def.input, ev.payload ?? {});
      const output = await handler(input, makeContext());
      return { ok: true, data: def.output.parse(output) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toBody() };
      // Log the failure without the event: payloads may carry ID numbers or medical data.
      console.error(
        `[${name}.${actionName}] failed after ${Date.now() - started} ms:`,
        err instanceof Error ? err.stack : err,
      );
      return platformFailed(err)
        ? { ok: false, error: new AppError('COMMON.UNAVAILABLE').toBody() }
        : { ok: false, error: { code: 'COMMON.INTERNAL', message: '系统繁忙，请稍后重试' } };
    }
  };
}

/**
 * A call to the platform (database, storage, another function) that failed: wx-server-sdk
 * rejects with a CloudSDKError `{errCode, errMsg}`, and a transaction's requests with
 * @cloudbase/node-sdk's TcbError `{code, message, requestId}`. Every write here is idempotent,
 * so the client is told to retry (503) rather than that the code is broken (500).
 */
function platformFailed(err: unknown): boolean {
  const e = err as { errCode?: unknown; errMsg?: unknown; code?: unknown; requestId?: unknown } | null;
  if (typeof e?.errCode === 'number' && typeof e.errMsg === 'string') return true;
  return typeof e?.code === 'string' && typeof e.requestId === 'string';
}
