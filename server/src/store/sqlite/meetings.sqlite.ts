import type Database from 'better-sqlite3';
import type { Confidentiality, MeetingKind, MeetingStatus, QuorumRule } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  MeetingListFilter,
  MeetingPatch,
  MeetingRecord,
  MeetingsRepo,
  MeetingVisibility,
} from '../port.js';
import { MEETING_PATCH_KEYS, pickDefined } from '../patch.js';
import { meetingSearchText, searchTokens } from '../search.js';
import { asPromise, fromJson, mapConstraintError, toMs } from './sql.js';

interface MeetingRow {
  id: string;
  title: string;
  kind: string;
  location: string | null;
  starts_at: string;
  ends_at: string;
  status: string;
  confidentiality: string;
  chair_id: string | null;
  quorum_rule: string;
  status_reason: string | null;
  description: string | null;
  agenda_version: number;
  series_id: string | null;
  shared_annotations_open: number;
  deputies_may_vote: number;
  started_at: string | null;
  ended_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

type MeetingParams = MeetingRow & { starts_ms: number; ends_ms: number; search: string };

interface ListParams {
  statuses: string | null;
  excluded: string | null;
  fromMs: number | null;
  toMs: number | null;
  userId: string | null;
  visUser: string | null;
  visNonConf: number;
  kind: string | null;
  tokens: string;
  draftUser: string | null;
  draftNonConf: number;
  upcomingMs: number | null;
  pastMs: number | null;
}

const toRecord = (r: MeetingRow): MeetingRecord => ({
  id: r.id,
  title: r.title,
  kind: r.kind as MeetingKind,
  location: r.location,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  status: r.status as MeetingStatus,
  confidentiality: r.confidentiality as Confidentiality,
  chairId: r.chair_id,
  quorumRule: fromJson<QuorumRule>(r.quorum_rule),
  statusReason: r.status_reason,
  description: r.description,
  agendaVersion: r.agenda_version,
  seriesId: r.series_id,
  sharedAnnotationsOpen: r.shared_annotations_open === 1,
  deputiesMayVote: r.deputies_may_vote === 1,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toParams = (m: MeetingRecord): MeetingParams => ({
  id: m.id,
  title: m.title,
  kind: m.kind,
  location: m.location,
  starts_at: m.startsAt,
  ends_at: m.endsAt,
  starts_ms: toMs(m.startsAt),
  ends_ms: toMs(m.endsAt),
  status: m.status,
  confidentiality: m.confidentiality,
  chair_id: m.chairId,
  quorum_rule: JSON.stringify(m.quorumRule),
  status_reason: m.statusReason,
  description: m.description,
  agenda_version: m.agendaVersion,
  series_id: m.seriesId,
  shared_annotations_open: m.sharedAnnotationsOpen ? 1 : 0,
  deputies_may_vote: m.deputiesMayVote ? 1 : 0,
  search: meetingSearchText(m),
  started_at: m.startedAt ?? null,
  ended_at: m.endedAt ?? null,
  created_by: m.createdBy,
  created_at: m.createdAt,
  updated_at: m.updatedAt,
  version: m.version,
});

/** `meeting:view` as SQL, for `MeetingVisibility` in @visUser / @visNonConf (also used by search). */
export const VISIBLE_SQL = `@visUser IS NULL
  OR EXISTS (SELECT 1 FROM participants vp WHERE vp.meeting_id = meetings.id AND vp.user_id = @visUser)
  OR (@visNonConf = 1 AND meetings.confidentiality <> 'confidential')`;

/** Binds a visibility filter to the @visUser / @visNonConf parameters. */
export const visibilityParams = (
  v: MeetingVisibility | undefined,
): { visUser: string | null; visNonConf: number } => ({
  visUser: v?.userId ?? null,
  visNonConf: v?.nonConfidential ? 1 : 0,
});

/**
 * A meeting matches a [from, to) window when it overlaps it: it ends after `from` and starts
 * before `to`. An empty status list means no status filter, like an absent one.
 */
const WHERE = `(@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
  AND (@excluded IS NULL OR status NOT IN (SELECT value FROM json_each(@excluded)))
  AND (@fromMs IS NULL OR ends_ms > @fromMs)
  AND (@toMs IS NULL OR starts_ms < @toMs)
  AND (@kind IS NULL OR kind = @kind)
  AND (@userId IS NULL OR EXISTS (
    SELECT 1 FROM participants p WHERE p.meeting_id = meetings.id AND p.user_id = @userId))
  AND (${VISIBLE_SQL})
  AND (@draftUser IS NULL OR meetings.status <> 'draft'
    OR (@draftNonConf = 1 AND meetings.confidentiality <> 'confidential') OR EXISTS (
    SELECT 1 FROM participants dp WHERE dp.meeting_id = meetings.id AND dp.user_id = @draftUser
      AND dp.role IN ('chair', 'secretary')))
  AND NOT EXISTS (SELECT 1 FROM json_each(@tokens) t WHERE instr(meetings.search, t.value) = 0)
  AND (@upcomingMs IS NULL OR (meetings.status NOT IN ('ended', 'closed', 'cancelled')
    AND (meetings.status = 'in_progress' OR ends_ms > @upcomingMs)))
  AND (@pastMs IS NULL OR meetings.status IN ('ended', 'closed')
    OR (meetings.status <> 'in_progress' AND ends_ms <= @pastMs))`;

/** The meetings repository on SQLite. */
export class SqliteMeetingsRepo implements MeetingsRepo {
  private readonly insert;
  private readonly byId;
  private readonly replace;
  private readonly page;

  constructor(db: Database.Database) {
    this.insert =
      db.prepare<MeetingParams>(`INSERT INTO meetings (id, title, kind, location, starts_at, ends_at,
      starts_ms, ends_ms, status, confidentiality, chair_id, quorum_rule, status_reason, description,
      agenda_version, series_id, shared_annotations_open, deputies_may_vote, search, started_at, ended_at, created_by, created_at,
      updated_at, version)
      VALUES (@id, @title, @kind, @location, @starts_at, @ends_at, @starts_ms, @ends_ms, @status, @confidentiality,
      @chair_id, @quorum_rule, @status_reason, @description, @agenda_version, @series_id, @shared_annotations_open,
      @deputies_may_vote, @search, @started_at, @ended_at, @created_by, @created_at, @updated_at, @version)`);
    this.byId = db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?');
    this.replace = db.prepare<MeetingParams & { expected: number }>(`UPDATE meetings SET title = @title,
      kind = @kind, location = @location, starts_at = @starts_at, ends_at = @ends_at, starts_ms = @starts_ms,
      ends_ms = @ends_ms, status = @status, confidentiality = @confidentiality, chair_id = @chair_id,
      quorum_rule = @quorum_rule, status_reason = @status_reason, description = @description,
      shared_annotations_open = @shared_annotations_open, deputies_may_vote = @deputies_may_vote, search = @search, started_at = @started_at,
      ended_at = @ended_at, updated_at = @updated_at, version = @version
      WHERE id = @id AND version = @expected`);
    const itemsAsc = db.prepare<ListParams & { limit: number; offset: number }, MeetingRow>(
      `SELECT * FROM meetings WHERE ${WHERE} ORDER BY starts_ms, id LIMIT @limit OFFSET @offset`,
    );
    const itemsDesc = db.prepare<ListParams & { limit: number; offset: number }, MeetingRow>(
      `SELECT * FROM meetings WHERE ${WHERE} ORDER BY starts_ms DESC, id DESC LIMIT @limit OFFSET @offset`,
    );
    const total = db.prepare<ListParams, number>(`SELECT count(*) FROM meetings WHERE ${WHERE}`).pluck();
    // One read transaction, so the page and the total come from the same snapshot.
    this.page = db.transaction((params: ListParams, limit: number, offset: number, desc: boolean) => ({
      items: (desc ? itemsDesc : itemsAsc).all({ ...params, limit, offset }).map(toRecord),
      total: total.get(params) ?? 0,
    }));
  }

  create(meeting: MeetingRecord): Promise<MeetingRecord> {
    return asPromise(() => {
      try {
        this.insert.run(toParams(meeting));
      } catch (e) {
        throw mapConstraintError(e, { 'meetings.id': 'id' });
      }
      return meeting;
    });
  }

  getById(id: string): Promise<MeetingRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  list(filter: MeetingListFilter): Promise<{ items: MeetingRecord[]; total: number }> {
    return asPromise(() =>
      this.page(
        {
          statuses: filter.status?.length ? JSON.stringify(filter.status) : null,
          excluded: filter.excludeStatus?.length ? JSON.stringify(filter.excludeStatus) : null,
          fromMs: filter.from === undefined ? null : toMs(filter.from),
          toMs: filter.to === undefined ? null : toMs(filter.to),
          userId: filter.participantUserId ?? null,
          ...visibilityParams(filter.visibleTo),
          kind: filter.kind ?? null,
          tokens: JSON.stringify(searchTokens(filter.q)),
          draftUser: filter.hideDraftsFrom ?? null,
          draftNonConf: filter.draftsOfNonConfidential ? 1 : 0,
          upcomingMs: filter.timeline?.kind === 'upcoming' ? toMs(filter.timeline.now) : null,
          pastMs: filter.timeline?.kind === 'past' ? toMs(filter.timeline.now) : null,
        },
        filter.limit,
        filter.offset,
        filter.order === 'desc',
      ),
    );
  }

  update(id: string, patch: MeetingPatch, expectedVersion: number, now: string): Promise<MeetingRecord> {
    return asPromise(() => {
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('meeting', id);
      if (row.version !== expectedVersion) throw new VersionConflictError('meeting', id);
      const current = toRecord(row);
      const next: MeetingRecord = {
        ...current,
        ...pickDefined(patch, MEETING_PATCH_KEYS),
        updatedAt: now,
        version: current.version + 1,
      };
      const { changes } = this.replace.run({ ...toParams(next), expected: current.version });
      if (changes === 0) throw new VersionConflictError('meeting', id);
      return next;
    });
  }
}
