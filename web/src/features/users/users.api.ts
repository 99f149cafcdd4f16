import type {
  Paged,
  SystemRole,
  User,
  UserCreateInput,
  UserImportResult,
  UserUpdateInput,
  UserWithSecret,
} from '@icabinet/shared';
import { api } from '../../lib/api';

/** Filters of the users list as the page keeps them (empty string = no filter). */
export interface UserFilters {
  q: string;
  unitId: string;
  systemRole: SystemRole | '';
  active: 'true' | 'false' | '';
}

/** The page size of the users list. */
export const USERS_PAGE_SIZE = 50;

/** REST calls of the users admin pages. */
export const usersApi = {
  list: (filters: UserFilters, offset: number, signal?: AbortSignal) =>
    api.get<Paged<User>>('/users', {
      query: { ...filters, limit: USERS_PAGE_SIZE, offset },
      signal,
    }),
  create: (input: UserCreateInput) => api.post<UserWithSecret>('/users', { json: input }),
  update: (id: string, input: UserUpdateInput) =>
    api.patch<{ user: User }>(`/users/${encodeURIComponent(id)}`, { json: input }),
  resetPassword: (id: string) =>
    api.post<UserWithSecret>(`/users/${encodeURIComponent(id)}/reset-password`, { json: {} }),
  importCsv: (csv: string) => api.post<UserImportResult>('/users/import', { csv }),
};
