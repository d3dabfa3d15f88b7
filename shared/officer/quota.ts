/**
 * Free (普惠) quota places, per program, quarterly batch and unit (Jinan 附件2). The counters are
 * sharded by nature (one per unit and batch); a big unit's places are further split into slices
 * so that concurrent submissions spread over several documents instead of queueing on one.
 * Pure: how many slices, how places are spread, in which order slices are tried.
 */
import { enrolmentStatus, type EnrolmentWindow } from '../program/enrolment';
import type { Program } from '../program/schema';
import type { IsoDate } from '../calendar';

/** Places per slice before another slice is opened, and the most slices one allocation gets. */
export const PLACES_PER_SLICE = 100;
export const MAX_SLICES = 16;

/** How many slices an allocation of `places` gets (at least one, even for 0 places). */
export const sliceCount = (places: number): number =>
  Math.max(1, Math.min(MAX_SLICES, Math.ceil(places / PLACES_PER_SLICE)));

/** `places` spread over `slices` counters, as evenly as integers allow (the first take the remainder). */
export function spread(places: number, slices: number): number[] {
  const base = Math.floor(places / slices);
  const extra = places - base * slices;
  return Array.from({ length: slices }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * A change of an allocation's places by `delta`, spread over its slices. A reduction may take
 * only what is still unreserved in each slice: the result says how much of it could be taken.
 */
export function adjustSlices(
  remaining: readonly number[],
  delta: number,
): { changes: number[]; applied: number } {
  if (delta >= 0) {
    const changes = spread(delta, remaining.length);
    return { changes, applied: delta };
  }
  let left = -delta;
  const changes = remaining.map((r) => {
    const take = Math.min(Math.max(r, 0), left);
    left -= take;
    return -take;
  });
  return { changes, applied: delta + left };
}

/**
 * The order to try slices in: a random start (so concurrent reservations spread), then the
 * others in turn. `random` is in [0, 1).
 */
export function sliceOrder(slices: number, random: number): number[] {
  const start = Math.min(slices - 1, Math.floor(random * slices));
  return Array.from({ length: slices }, (_, i) => (start + i) % slices);
}

/** The free-quota batch a submission made today falls into (its window is open), or why none. */
export function openQuotaBatch(
  program: Program,
  route: string,
  today: IsoDate,
): { ok: true; batch: EnrolmentWindow } | { ok: false; next: EnrolmentWindow | null } {
  const status = enrolmentStatus(program, today, route);
  if (status.open && status.window && status.window.id !== 'window')
    return { ok: true, batch: status.window };
  return { ok: false, next: status.window };
}

/** Whether a route of the program is covered by a free quota (the quota's routes name it). */
export function quotaFor(program: Program, route: string | undefined): Program['quotas'][number] | undefined {
  return program.quotas.find((q) => (q.routes ? route !== undefined && q.routes.includes(route) : true));
}
