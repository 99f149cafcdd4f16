import { auditContract as audit } from '@icabinet/shared';
import { call } from '../../lib/api';

/** The audit page shows this many entries at a time, newest first. */
export const AUDIT_PAGE_SIZE = 50;

/** REST calls of the audit page (admins only). */
export const auditApi = {
  /** `action` is one action (`document.deleted`), a group (`document`) or '' for all. */
  list: (offset: number, action: string, signal?: AbortSignal) =>
    call(audit.list, {
      query: { limit: AUDIT_PAGE_SIZE, offset, ...(action ? { action } : {}) },
      signal,
    }),
  verify: () => call(audit.verify, {}),
};
