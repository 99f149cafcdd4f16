import { AUDIT_EXPORT_MAX, formatDateTime, toCsv, type AuditEntry } from '@icabinet/shared';
import type { AuditFilter, Store } from '../../store/port.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import { t, type Lang } from '../../i18n/messages.js';
import type { AuditService } from './audit.service.js';

/** Filter times may carry an offset (+07:00); the log stores UTC ISO strings, compared as text. */
export function toStoreFilter(query: AuditFilter): AuditFilter {
  const utc = (v: string | undefined) => (v ? new Date(v).toISOString() : undefined);
  return { ...query, from: utc(query.from), to: utc(query.to) };
}

/**
 * The filtered audit log as CSV for the administrator (Excel: UTF-8 with BOM, CRLF), newest first,
 * headers and times in the request's language, the actor as "username (full name)". Exporting
 * is itself recorded, with the filter and the number of rows.
 */
export async function exportAuditCsv(
  deps: { store: Store; audit: AuditService; clock: Clock },
  actor: Actor,
  query: AuditFilter,
  lang: Lang,
  ip: string,
): Promise<{ filename: string; body: string }> {
  const filter = toStoreFilter(query);
  const entries: AuditEntry[] = [];
  for (let offset = 0; offset < AUDIT_EXPORT_MAX; offset += 500) {
    const page = await deps.store.audit.listRecent(Math.min(500, AUDIT_EXPORT_MAX - offset), offset, filter);
    entries.push(...page.items);
    if (page.items.length < 500) break;
  }
  const names = new Map<string, string>();
  for (const id of new Set(entries.map((e) => e.actorId).filter((v): v is string => !!v))) {
    const user = await deps.store.users.getById(id);
    names.set(id, user ? `${user.username} (${user.fullName})` : id);
  }
  const header = ['seq', 'at', 'action', 'actor', 'target_type', 'target', 'ip', 'data', 'hash'] as const;
  const rows = entries.map((e) => [
    String(e.seq),
    formatDateTime(e.at, lang),
    e.action,
    e.actorId ? (names.get(e.actorId) ?? e.actorId) : t(lang, 'audit_csv_system'),
    e.targetType,
    e.targetId,
    e.ip,
    JSON.stringify(e.data),
    e.hash,
  ]);
  await deps.audit.record({
    actorId: actor.user.id,
    action: 'export.audit_csv',
    targetType: 'audit',
    data: { rows: rows.length, filter: Object.fromEntries(Object.entries(query).filter(([, v]) => v)) },
    ip,
  });
  return {
    filename: t(lang, 'audit_csv_filename', { date: deps.clock.now().toISOString().slice(0, 10) }),
    body: toCsv([header.map((h) => t(lang, `audit_csv_${h}`)), ...rows]),
  };
}
