import { AppError } from '../errors';

/**
 * A state machine as data: each state lists the states it may move to. Every layer that stores,
 * validates or shows an aggregate's status uses its machine, so the statuses are written once.
 */
export interface Machine<S extends string> {
  readonly states: readonly [S, ...S[]];
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  can(from: S, to: S): boolean;
  /** Refuses a move the machine does not allow (COMMON.BAD_TRANSITION). */
  assert(from: S, to: S): void;
  /** States that can be moved from `to` — for conditional updates (`status: _.in(sources)`). */
  sourcesOf(to: S): S[];
}

export function defineMachine<S extends string>(
  name: string,
  transitions: Record<S, readonly NoInfer<S>[]>,
  labels: Record<NoInfer<S>, string>,
): Machine<S> & { labels: Readonly<Record<S, string>> } {
  const states = Object.keys(transitions) as S[];
  return {
    states: states as [S, ...S[]],
    transitions,
    labels,
    can: (from, to) => transitions[from]?.includes(to) ?? false,
    assert(from, to) {
      if (!transitions[from]?.includes(to)) {
        throw new AppError(
          'COMMON.BAD_TRANSITION',
          `当前状态（${labels[from] ?? from}）下不能变为“${labels[to] ?? to}”`,
        );
      }
      void name;
    },
    sourcesOf: (to) => states.filter((s) => transitions[s].includes(to)),
  };
}
