import { authContract as auth, type BodyIn } from '@icabinet/shared';
import { call } from '../../lib/api';

/** REST calls for signing in and out and for the signed-in user's own account. */
export const authApi = {
  // 401 here means "wrong credentials" or "not signed in yet", never "session over".
  login: (input: BodyIn<typeof auth.login>) => call(auth.login, { body: input, redirectOn401: false }),
  loginSecondFactor: (input: BodyIn<typeof auth.loginSecondFactor>) =>
    call(auth.loginSecondFactor, { body: input, redirectOn401: false }),
  secondFactorSetup: () => call(auth.secondFactorSetup, {}),
  secondFactorConfirm: (code: string) => call(auth.secondFactorConfirm, { body: { code } }),
  logout: () => call(auth.logout, { redirectOn401: false }),
  me: (signal?: AbortSignal) => call(auth.me, { signal, redirectOn401: false }),
  changePassword: (input: BodyIn<typeof auth.changePassword>) => call(auth.changePassword, { body: input }),
  health: (signal?: AbortSignal) => call(auth.health, { signal, redirectOn401: false }),
};
