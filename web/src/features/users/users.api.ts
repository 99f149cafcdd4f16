import { usersContract as users, type BodyIn, type OutputOf, type SystemRole } from '@icabinet/shared';
import { call, request } from '../../lib/api';

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
    call(users.list, { query: { ...filters, limit: USERS_PAGE_SIZE, offset }, signal }),
  create: (input: BodyIn<typeof users.create>) => call(users.create, { body: input }),
  update: (id: string, input: BodyIn<typeof users.update>) =>
    call(users.update, { params: { id }, body: input }),
  resetPassword: (id: string) => call(users.resetPassword, { params: { id }, body: {} }),
  sessions: (id: string, signal?: AbortSignal) => call(users.listSessions, { params: { id }, signal }),
  endSession: (id: string, sessionId: string) => call(users.endSession, { params: { id, sessionId } }),
  endSessions: (id: string) => call(users.endSessions, { params: { id } }),
  resetSecondFactor: (id: string) => call(users.resetSecondFactor, { params: { id } }),
  /** The CSV goes as `text/csv`, not JSON. */
  importCsv: (csv: string) =>
    request<OutputOf<typeof users.importCsv>>(users.importCsv.method, users.importCsv.path, { csv }),
};
