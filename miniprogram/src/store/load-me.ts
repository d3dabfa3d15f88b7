import { call } from '../api/client';
import { toAppError } from '../api/errors';
import { useSession } from './session';

/** Fetches `user.me` into the session store; concurrent callers share one request. */
let inFlight: Promise<void> | null = null;

export function loadMe(): Promise<void> {
  if (inFlight) return inFlight;
  const s = useSession.getState();
  s.meLoading();
  inFlight = call('user.me', {})
    .then((me) => useSession.getState().meLoaded(me))
    .catch((e: unknown) => useSession.getState().meFailed(toAppError(e).message))
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
