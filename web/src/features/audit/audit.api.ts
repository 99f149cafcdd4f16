import { auditContract as audit } from '@icabinet/shared';
import { call } from '../../lib/api';

/** The audit page shows this many entries at a time, newest first. */
export const AUDIT_PAGE_SIZE = 50;

/** REST calls of the audit page (admins only). */
export const auditApi = {
  list: (offset: number, signal?: AbortSignal) =>
    call(audit.list, { query: { limit: AUDIT_PAGE_SIZE, offset }, signal }),
  verify: () => call(audit.verify, {}),
};
