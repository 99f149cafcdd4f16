import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { Me } from '@icabinet/shared';
import { ApiError, setUnauthorizedHandler } from '../../lib/api';
import { browserStorage, forgetAllBallots } from '../votes/ballot-keeper';
import { authApi } from './auth.api';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; me: Me }
  | { status: 'error'; error: unknown };

interface AuthApi {
  state: AuthState;
  /** Stores the answer of a successful login. */
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
  /** Re-reads /api/me, e.g. after a password change cleared `mustChangePassword`. */
  refresh: () => Promise<void>;
  /** Retries the first /api/me when the server could not be reached. */
  retry: () => void;
  /** The server ended the session (socket `session:expired`): back to the login page. */
  expire: () => void;
}

const AuthContext = createContext<AuthApi | null>(null);

/** Knows who is signed in; any 401 from the API ends the session in the UI too. */
export function AuthProvider({ children }: { children: ReactNode }): ReactElement {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    authApi.me(controller.signal).then(
      (me) => {
        if (!controller.signal.aborted) setState({ status: 'signedIn', me });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401)
          setState({ status: 'signedOut', expired: false });
        else setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const expire = useCallback(
    () => setState((prev) => (prev.status === 'signedIn' ? { status: 'signedOut', expired: true } : prev)),
    [],
  );

  useEffect(() => {
    setUnauthorizedHandler(expire);
    return () => setUnauthorizedHandler(null);
  }, [expire]);

  const signedIn = useCallback((me: Me) => setState({ status: 'signedIn', me }), []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      // Even if the server is unreachable, this device must stop showing the signed-in shell,
      // and keeps no ballot of the one who leaves (a secret vote's kept choice among them).
      forgetAllBallots(browserStorage());
      setState({ status: 'signedOut', expired: false });
    }
  }, []);

  const refresh = useCallback(async () => {
    const me = await authApi.me();
    setState({ status: 'signedIn', me });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ state, signedIn, signOut, refresh, retry, expire }),
    [state, signedIn, signOut, refresh, retry, expire],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The auth state and actions. */
export function useAuth(): AuthApi {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useMe needs a signed-in user');
  return state.me;
}
