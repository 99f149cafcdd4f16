/**
 * Outgoing webhooks' settings on SQLite (table `webhooks`, migration 25): saved on the version
 * read; removing one removes its deliveries with it.
 */
import type Database from 'better-sqlite3';
import type { WebhookEventType } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { WebhookPatch, WebhookRecord } from '../integrations.port.js';
import { asPromise, fromJson, mapConstraintError, toBool, toInt } from './sql.js';

interface HookRow {
  id: string;
  name: string;
  url: string;
  secret: string;
  events: string;
  active: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: number;
}

const toHook = (r: HookRow): WebhookRecord => ({
  id: r.id,
  name: r.name,
  url: r.url,
  secret: r.secret,
  events: fromJson<WebhookEventType[]>(r.events),
  active: toBool(r.active),
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  version: r.version,
});

const hookRow = (h: WebhookRecord): HookRow => ({
  id: h.id,
  name: h.name,
  url: h.url,
  secret: h.secret,
  events: JSON.stringify(h.events),
  active: toInt(h.active),
  created_at: h.createdAt,
  created_by: h.createdBy,
  updated_at: h.updatedAt,
  version: h.version,
});

export class SqliteWebhooks {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insertHook: db.prepare<HookRow>(`INSERT INTO webhooks (id, name, url, secret, events, active,
        created_at, created_by, updated_at, version) VALUES (@id, @name, @url, @secret, @events, @active,
        @created_at, @created_by, @updated_at, @version)`),
      listHooks: db.prepare<[], HookRow>('SELECT * FROM webhooks ORDER BY created_at, id'),
      getHook: db.prepare<[string], HookRow>('SELECT * FROM webhooks WHERE id = ?'),
      updateHook: db.prepare<HookRow & { expected: number }>(`UPDATE webhooks SET name = @name, url = @url,
        events = @events, active = @active, updated_at = @updated_at, version = @version
        WHERE id = @id AND version = @expected`),
      removeHook: db.prepare<[string]>('DELETE FROM webhooks WHERE id = ?'),
      removeHookDeliveries: db.prepare<[string]>('DELETE FROM webhook_deliveries WHERE webhook_id = ?'),
    };
  }

  createWebhook(hook: WebhookRecord): Promise<WebhookRecord> {
    return asPromise(() => {
      try {
        this.s.insertHook.run(hookRow(hook));
      } catch (e) {
        throw mapConstraintError(e, { 'webhooks.id': 'id' });
      }
      return hook;
    });
  }

  listWebhooks(): Promise<WebhookRecord[]> {
    return asPromise(() => this.s.listHooks.all().map(toHook));
  }

  getWebhook(id: string): Promise<WebhookRecord | null> {
    return asPromise(() => {
      const r = this.s.getHook.get(id);
      return r ? toHook(r) : null;
    });
  }

  updateWebhook(
    id: string,
    patch: WebhookPatch,
    expectedVersion: number,
    now: string,
  ): Promise<WebhookRecord> {
    return asPromise(() => {
      const row = this.s.getHook.get(id);
      if (!row) throw new RecordNotFoundError('webhook', id);
      const current = toHook(row);
      if (current.version !== expectedVersion) throw new VersionConflictError('webhook', id);
      const next: WebhookRecord = { ...current, ...patch, updatedAt: now, version: current.version + 1 };
      const changes = this.s.updateHook.run({ ...hookRow(next), expected: expectedVersion }).changes;
      if (changes !== 1) throw new VersionConflictError('webhook', id);
      return next;
    });
  }

  removeWebhook(id: string): Promise<boolean> {
    return asPromise(() =>
      this.db.transaction(() => {
        this.s.removeHookDeliveries.run(id);
        return this.s.removeHook.run(id).changes === 1;
      })(),
    );
  }
}
