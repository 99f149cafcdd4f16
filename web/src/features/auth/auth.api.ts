import type { Health, LoginInput, Me, PasswordChangeInput } from '@icabinet/shared';
import { api } from '../../lib/api';

/** REST calls for signing in and out and for the signed-in user's own account. */
export const authApi = {
  // 401 here means "wrong credentials" or "not signed in yet", never "session over".
  login: (input: LoginInput) => api.post<Me>('/auth/login', { json: input, redirectOn401: false }),
  logout: () => api.post<undefined>('/auth/logout', { redirectOn401: false }),
  me: (signal?: AbortSignal) => api.get<Me>('/me', { signal, redirectOn401: false }),
  changePassword: (input: PasswordChangeInput) => api.post<undefined>('/me/password', { json: input }),
  health: (signal?: AbortSignal) => api.get<Health>('/health', { signal, redirectOn401: false }),
};
