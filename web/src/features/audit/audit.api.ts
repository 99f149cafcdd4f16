import { auditContract as audit, type AuditFilterQuery } from '@icabinet/shared';
import { call, urlOf } from '../../lib/api';

/** The audit page shows this many entries at a time, newest first. */
export const AUDIT_PAGE_SIZE = 50;

/** The search form's values: dates as `YYYY-MM-DD` (Vietnam time), '' for no filter. */
export interface AuditSearch {
  action: string;
  actorId: string;
  targetId: string;
  from: string;
  to: string;
  q: string;
}

export const EMPTY_SEARCH: AuditSearch = { action: '', actorId: '', targetId: '', from: '', to: '', q: '' };

/** The day after a `YYYY-MM-DD` date, for an inclusive "to" day. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The REST filter of a search: empty fields left out, days from midnight in Vietnam (+07:00). */
export function toFilter(s: AuditSearch): AuditFilterQuery {
  return {
    ...(s.action ? { action: s.action } : {}),
    ...(s.actorId ? { actorId: s.actorId } : {}),
    ...(s.targetId.trim() ? { targetId: s.targetId.trim() } : {}),
    ...(s.from ? { from: `${s.from}T00:00:00+07:00` } : {}),
    ...(s.to ? { to: `${nextDay(s.to)}T00:00:00+07:00` } : {}),
    ...(s.q.trim() ? { q: s.q.trim() } : {}),
  };
}

/** REST calls of the audit page (admins only). */
export const auditApi = {
  list: (offset: number, search: AuditSearch, signal?: AbortSignal) =>
    call(audit.list, { query: { limit: AUDIT_PAGE_SIZE, offset, ...toFilter(search) }, signal }),
  verify: () => call(audit.verify, {}),
  /** The CSV of the current search; a plain link downloads it with the session cookie. */
  exportUrl: (search: AuditSearch, lang: 'vi' | 'en') =>
    urlOf(audit.exportCsv, { query: { ...toFilter(search), lang } }),
};
