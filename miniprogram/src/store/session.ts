import Taro from '@tarojs/taro';
import { create } from 'zustand';
import type { Me } from '@shared/api/user';
import { forgetSession } from '../lib/session-store';

const TOKEN_KEY = 'session.token';

export type MeStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SessionState {
  /** Bearer token of the local runtime (H5); the weapp build never has one. */
  token: string | null;
  /** One-time phone proof (getPhoneNumber code, or the runtime's stand-in) for registration. */
  phoneCode: string | null;
  me: Me | null;
  meStatus: MeStatus;
  meError: string | null;
  signIn(session: { token?: string | null; phoneCode?: string | null }): void;
  signOut(): void;
  setPhoneCode(code: string | null): void;
  meLoading(): void;
  meLoaded(me: Me): void;
  meFailed(message: string): void;
}

const readToken = (): string | null => {
  try {
    const t: unknown = Taro.getStorageSync(TOKEN_KEY);
    return typeof t === 'string' && t !== '' ? t : null;
  } catch {
    return null;
  }
};

export const useSession = create<SessionState>()((set) => ({
  token: readToken(),
  phoneCode: null,
  me: null,
  meStatus: 'idle',
  meError: null,
  signIn({ token, phoneCode }) {
    if (token) Taro.setStorageSync(TOKEN_KEY, token);
    // A new identity invalidates whatever profile was loaded for the previous one.
    set({ token: token ?? null, phoneCode: phoneCode ?? null, me: null, meStatus: 'idle', meError: null });
  },
  signOut() {
    Taro.removeStorageSync(TOKEN_KEY);
    // Notice read state and signatures belong to this person's session only.
    forgetSession();
    set({ token: null, phoneCode: null, me: null, meStatus: 'idle', meError: null });
  },
  setPhoneCode(code) {
    set({ phoneCode: code });
  },
  meLoading() {
    set({ meStatus: 'loading', meError: null });
  },
  meLoaded(me) {
    set({ me, meStatus: 'ready', meError: null });
  },
  meFailed(message) {
    set({ meStatus: 'error', meError: message });
  },
}));
