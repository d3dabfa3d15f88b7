import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * wx-server-sdk reads identity and endpoint (WX_OPENID, WX_API_TOKEN, TCB_CONTEXT_CNFG, …) from
 * the global `process.env` at call time, so overlapping invocations in one process would see each
 * other's values. We swap `process.env` for a Proxy that first looks in the current invocation's
 * AsyncLocalStorage store (TCB-WIRE §5 option b); outside an invocation it is the real env.
 */
type Overlay = Map<string, string | undefined>; // undefined = deleted inside this invocation

const storage = new AsyncLocalStorage<Overlay>();
let installs = 0;
let realEnv: NodeJS.ProcessEnv | null = null;

function overlay(): Overlay | undefined {
  return storage.getStore();
}

function buildProxy(target: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Reads come from a plain-object copy: the SDK reads dozens of variables per database call, and
  // each read of the real process.env is a call into C++ (a visible share of a profile under load).
  // Writes go to both, so child processes still inherit them.
  const mirror: Record<string, string | undefined> = { ...target };
  return new Proxy(target, {
    get(t, key) {
      if (typeof key !== 'string') return Reflect.get(t, key);
      const o = overlay();
      if (o && o.has(key)) return o.get(key);
      return Object.prototype.hasOwnProperty.call(mirror, key) ? mirror[key] : undefined;
    },
    has(t, key) {
      if (typeof key !== 'string') return Reflect.has(t, key);
      const o = overlay();
      if (o && o.has(key)) return o.get(key) !== undefined;
      return Object.prototype.hasOwnProperty.call(mirror, key);
    },
    set(t, key, value) {
      const o = overlay();
      // Writes made by a function stay inside its own invocation, as in a fresh SCF container.
      if (o && typeof key === 'string') o.set(key, String(value));
      else {
        const text = typeof value === 'string' ? value : String(value);
        Reflect.set(t, key, text);
        if (typeof key === 'string') mirror[key] = text;
      }
      return true;
    },
    deleteProperty(t, key) {
      const o = overlay();
      if (o && typeof key === 'string') o.set(key, undefined);
      else {
        Reflect.deleteProperty(t, key);
        if (typeof key === 'string') delete mirror[key];
      }
      return true;
    },
    ownKeys(t) {
      const o = overlay();
      const keys = new Set(Reflect.ownKeys(t));
      if (o) {
        for (const [k, v] of o) {
          if (v === undefined) keys.delete(k);
          else keys.add(k);
        }
      }
      return [...keys];
    },
    getOwnPropertyDescriptor(t, key) {
      const o = overlay();
      if (o && typeof key === 'string' && o.has(key)) {
        const value = o.get(key);
        return value === undefined
          ? undefined
          : { value, writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
  });
}

/** Installs the proxy (reference-counted so several runtimes in one process share it). */
export function installScopedEnv(): () => void {
  if (installs++ === 0) {
    realEnv = process.env;
    process.env = buildProxy(realEnv);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--installs === 0 && realEnv) {
      process.env = realEnv;
      realEnv = null;
    }
  };
}

/** Runs `fn` with `vars` layered over process.env for everything it awaits or schedules. */
export function runWithEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const o: Overlay = new Map(Object.entries(vars));
  return storage.run(o, fn);
}

/** The overlay of the invocation we are in, if any (read-only view for diagnostics). */
export function currentEnvVar(key: string): string | undefined {
  return overlay()?.get(key);
}
