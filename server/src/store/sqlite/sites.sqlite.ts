import type Database from 'better-sqlite3';
import type { Site, SiteReport } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { MeetingSiteRecord, MeetingSiteState, SitePatch, SitesRepo } from '../sites.port.js';
import { asPromise, fromJson, mapConstraintError, toBool, toInt } from './sql.js';

/** Sites (điểm cầu) and their links to online meetings (migration 13). */
export const SITES_MIGRATION_SQL = `
  CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('city', 'district', 'commune')),
    parent_id TEXT REFERENCES sites(id),
    operator_id TEXT REFERENCES users(id),
    expected_delegates INTEGER NOT NULL,
    conference_url TEXT,
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sites_parent ON sites (parent_id);
  CREATE INDEX sites_operator ON sites (operator_id) WHERE operator_id IS NOT NULL;
  CREATE TABLE meeting_sites (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id),
    participant_id TEXT,
    linked_at TEXT NOT NULL,
    connected_at TEXT,
    last_seen_at TEXT,
    disconnected_at TEXT,
    report TEXT,
    PRIMARY KEY (meeting_id, site_id)
  ) STRICT;
  CREATE INDEX meeting_sites_site ON meeting_sites (site_id);
`;

interface SiteRow {
  id: string;
  code: string;
  name: string;
  level: string;
  parent_id: string | null;
  operator_id: string | null;
  expected_delegates: number;
  conference_url: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}

interface LinkRow {
  meeting_id: string;
  site_id: string;
  participant_id: string | null;
  linked_at: string;
  connected_at: string | null;
  last_seen_at: string | null;
  disconnected_at: string | null;
  report: string | null;
}

const DUPLICATE_FIELDS = { 'sites.code': 'code', 'sites.id': 'id' } as const;

const toSite = (r: SiteRow): Site => ({
  id: r.id,
  code: r.code,
  name: r.name,
  level: r.level as Site['level'],
  parentId: r.parent_id,
  operatorId: r.operator_id,
  expectedDelegates: r.expected_delegates,
  conferenceUrl: r.conference_url,
  active: toBool(r.active),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const siteRow = (s: Site): SiteRow => ({
  id: s.id,
  code: s.code,
  name: s.name,
  level: s.level,
  parent_id: s.parentId,
  operator_id: s.operatorId,
  expected_delegates: s.expectedDelegates,
  conference_url: s.conferenceUrl,
  active: toInt(s.active),
  created_at: s.createdAt,
  updated_at: s.updatedAt,
  version: s.version,
});

const toLink = (r: LinkRow): MeetingSiteRecord => ({
  meetingId: r.meeting_id,
  siteId: r.site_id,
  participantId: r.participant_id,
  linkedAt: r.linked_at,
  connectedAt: r.connected_at,
  lastSeenAt: r.last_seen_at,
  disconnectedAt: r.disconnected_at,
  report: r.report ? fromJson<SiteReport>(r.report) : null,
});

const linkRow = (l: MeetingSiteRecord): LinkRow => ({
  meeting_id: l.meetingId,
  site_id: l.siteId,
  participant_id: l.participantId,
  linked_at: l.linkedAt,
  connected_at: l.connectedAt,
  last_seen_at: l.lastSeenAt,
  disconnected_at: l.disconnectedAt,
  report: l.report ? JSON.stringify(l.report) : null,
});

/** The sites repository on SQLite. */
export class SqliteSitesRepo implements SitesRepo {
  private readonly insert;
  private readonly byId;
  private readonly all;
  private readonly byOperator;
  private readonly replace;
  private readonly insertLink;
  private readonly deleteLink;
  private readonly linksOf;
  private readonly oneLink;
  private readonly replaceLink;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<SiteRow>(`INSERT INTO sites (id, code, name, level, parent_id, operator_id,
      expected_delegates, conference_url, active, created_at, updated_at, version) VALUES (@id, @code, @name,
      @level, @parent_id, @operator_id, @expected_delegates, @conference_url, @active, @created_at, @updated_at, @version)`);
    this.byId = db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?');
    this.all = db.prepare<[], SiteRow>('SELECT * FROM sites');
    this.byOperator = db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE operator_id = ?');
    this.replace = db.prepare<SiteRow & { expected: number }>(`UPDATE sites SET name = @name,
      operator_id = @operator_id, expected_delegates = @expected_delegates, conference_url = @conference_url,
      active = @active, updated_at = @updated_at, version = @version WHERE id = @id AND version = @expected`);
    this.insertLink = db.prepare<LinkRow>(`INSERT OR IGNORE INTO meeting_sites (meeting_id, site_id,
      participant_id, linked_at, connected_at, last_seen_at, disconnected_at, report) VALUES (@meeting_id,
      @site_id, @participant_id, @linked_at, @connected_at, @last_seen_at, @disconnected_at, @report)`);
    this.deleteLink = db.prepare<[string, string]>(
      'DELETE FROM meeting_sites WHERE meeting_id = ? AND site_id = ?',
    );
    this.linksOf = db.prepare<[string], LinkRow>('SELECT * FROM meeting_sites WHERE meeting_id = ?');
    this.oneLink = db.prepare<[string, string], LinkRow>(
      'SELECT * FROM meeting_sites WHERE meeting_id = ? AND site_id = ?',
    );
    this.replaceLink = db.prepare<LinkRow>(`UPDATE meeting_sites SET connected_at = @connected_at,
      last_seen_at = @last_seen_at, disconnected_at = @disconnected_at, report = @report
      WHERE meeting_id = @meeting_id AND site_id = @site_id`);
  }

  createMany(sites: Site[]): Promise<void> {
    return asPromise(() => {
      try {
        // Parents come first in the caller's order; the transaction keeps all or none.
        this.db.transaction(() => {
          for (const s of sites) this.insert.run(siteRow(s));
        })();
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
    });
  }

  getById(id: string): Promise<Site | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toSite(row) : null;
    });
  }

  list(): Promise<Site[]> {
    return asPromise(() => this.all.all().map(toSite));
  }

  existingCodes(codes: string[]): Promise<string[]> {
    return asPromise(() => {
      const out: string[] = [];
      for (let i = 0; i < codes.length; i += 500) {
        const chunk = codes.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = this.db
          .prepare<string[], { code: string }>(
            `SELECT code FROM sites WHERE code IN (${chunk.map(() => '?').join(',')})`,
          )
          .all(...chunk);
        out.push(...rows.map((r) => r.code));
      }
      return out;
    });
  }

  listByOperator(userId: string): Promise<Site[]> {
    return asPromise(() => this.byOperator.all(userId).map(toSite));
  }

  update(id: string, patch: SitePatch, expectedVersion: number, now: string): Promise<Site> {
    return asPromise(() => {
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('site', id);
      if (row.version !== expectedVersion) throw new VersionConflictError('site', id);
      const current = toSite(row);
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as SitePatch;
      const next: Site = { ...current, ...defined, updatedAt: now, version: current.version + 1 };
      const { changes } = this.replace.run({ ...siteRow(next), expected: current.version });
      if (changes === 0) throw new VersionConflictError('site', id);
      return next;
    });
  }

  listLinks(meetingId: string): Promise<MeetingSiteRecord[]> {
    return asPromise(() => this.linksOf.all(meetingId).map(toLink));
  }

  getLink(meetingId: string, siteId: string): Promise<MeetingSiteRecord | null> {
    return asPromise(() => {
      const row = this.oneLink.get(meetingId, siteId);
      return row ? toLink(row) : null;
    });
  }

  listLinksOfSites(siteIds: string[]): Promise<MeetingSiteRecord[]> {
    return asPromise(() => {
      const out: MeetingSiteRecord[] = [];
      for (let i = 0; i < siteIds.length; i += 500) {
        const chunk = siteIds.slice(i, i + 500);
        if (chunk.length === 0) continue;
        const rows = this.db
          .prepare<string[], LinkRow>(
            `SELECT * FROM meeting_sites WHERE site_id IN (${chunk.map(() => '?').join(',')})`,
          )
          .all(...chunk);
        out.push(...rows.map(toLink));
      }
      return out;
    });
  }

  setLinks(meetingId: string, add: MeetingSiteRecord[], removeSiteIds: string[]): Promise<void> {
    return asPromise(() => {
      this.db.transaction(() => {
        for (const siteId of removeSiteIds) this.deleteLink.run(meetingId, siteId);
        for (const link of add) this.insertLink.run(linkRow({ ...link, meetingId }));
      })();
    });
  }

  updateLink(meetingId: string, siteId: string, state: MeetingSiteState): Promise<MeetingSiteRecord> {
    return asPromise(() => {
      const row = this.oneLink.get(meetingId, siteId);
      if (!row) throw new RecordNotFoundError('meeting_site', `${meetingId}:${siteId}`);
      const defined = Object.fromEntries(
        Object.entries(state).filter(([, v]) => v !== undefined),
      ) as MeetingSiteState;
      const next: MeetingSiteRecord = { ...toLink(row), ...defined };
      this.replaceLink.run(linkRow(next));
      return next;
    });
  }
}
