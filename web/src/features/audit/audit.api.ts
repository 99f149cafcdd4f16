import type { AuditEntry, AuditVerifyResult, Paged } from '@icabinet/shared';
import { api } from '../../lib/api';

/** The audit page shows this many entries at a time, newest first. */
export const AUDIT_PAGE_SIZE = 50;

/** REST calls of the audit page (admins only). */
export const auditApi = {
  list: (offset: number, signal?: AbortSignal) =>
    api.get<Paged<AuditEntry>>('/audit', { query: { limit: AUDIT_PAGE_SIZE, offset }, signal }),
  verify: () => api.get<AuditVerifyResult>('/audit/verify'),
};
