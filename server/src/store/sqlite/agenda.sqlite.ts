import type Database from 'better-sqlite3';
import type { AgendaRevision } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { AgendaItemRecord, AgendaRepo, AgendaWrite } from '../port.js';
import { depthFirst } from '../agenda-order.js';
import { asPromise, fromJson } from './sql.js';

interface ItemRow {
  id: string;
  meeting_id: string;
  parent_id: string | null;
  position: number;
  title: string;
  description: string | null;
  presenter_id: string | null;
  presenter_name: string | null;
  planned_minutes: number;
  actual_start: string | null;
  actual_end: string | null;
  created_at: string;
  updated_at: string;
}

interface RevisionRow {
  meeting_id: string;
  version: number;
  at: string;
  by_user_id: string;
  by_full_name: string;
  summary: string;
}

const toRecord = (r: ItemRow): AgendaItemRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  parentId: r.parent_id,
  order: r.position,
  title: r.title,
  description: r.description,
  presenterId: r.presenter_id,
  presenterName: r.presenter_name,
  plannedMinutes: r.planned_minutes,
  actualStart: r.actual_start,
  actualEnd: r.actual_end,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (i: AgendaItemRecord): ItemRow => ({
  id: i.id,
  meeting_id: i.meetingId,
  parent_id: i.parentId,
  position: i.order,
  title: i.title,
  description: i.description,
  presenter_id: i.presenterId,
  presenter_name: i.presenterName,
  planned_minutes: i.plannedMinutes,
  actual_start: i.actualStart,
  actual_end: i.actualEnd,
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

/** The agenda on SQLite: items and revisions go with their meeting (ON DELETE CASCADE). */
export class SqliteAgendaRepo implements AgendaRepo {
  private readonly byMeeting;
  private readonly byId;
  private readonly revisionsStmt;
  private readonly write;

  constructor(db: Database.Database) {
    this.byMeeting = db.prepare<[string], ItemRow>('SELECT * FROM agenda_items WHERE meeting_id = ?');
    this.byId = db.prepare<[string], ItemRow>('SELECT * FROM agenda_items WHERE id = ?');
    this.revisionsStmt = db.prepare<[string], RevisionRow>(
      'SELECT * FROM agenda_revisions WHERE meeting_id = ? ORDER BY version DESC',
    );
    const versionOf = db
      .prepare<[string], number>('SELECT agenda_version FROM meetings WHERE id = ?')
      .pluck();
    const bump = db.prepare<[string]>('UPDATE meetings SET agenda_version = agenda_version + 1 WHERE id = ?');
    const del = db.prepare<[string, string]>('DELETE FROM agenda_items WHERE id = ? AND meeting_id = ?');
    // The meeting of an existing item never changes: the conflict update leaves meeting_id alone,
    // and the WHERE refuses to touch another meeting's item with the same id.
    const upsert = db.prepare<ItemRow>(`INSERT INTO agenda_items (id, meeting_id, parent_id, position, title,
      description, presenter_id, presenter_name, planned_minutes, actual_start, actual_end, created_at, updated_at)
      VALUES (@id, @meeting_id, @parent_id, @position, @title, @description, @presenter_id, @presenter_name,
      @planned_minutes, @actual_start, @actual_end, @created_at, @updated_at)
      ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, position = excluded.position,
      title = excluded.title, description = excluded.description, presenter_id = excluded.presenter_id,
      presenter_name = excluded.presenter_name, planned_minutes = excluded.planned_minutes,
      actual_start = excluded.actual_start, actual_end = excluded.actual_end, updated_at = excluded.updated_at
      WHERE agenda_items.meeting_id = excluded.meeting_id`);
    const addRevision = db.prepare<RevisionRow>(`INSERT INTO agenda_revisions (meeting_id, version, at,
      by_user_id, by_full_name, summary) VALUES (@meeting_id, @version, @at, @by_user_id, @by_full_name, @summary)`);
    this.write = db.transaction(
      (
        meetingId: string,
        expected: number,
        w: AgendaWrite,
        revision: Omit<AgendaRevision, 'version' | 'meetingId'> | null,
      ): number => {
        const current = versionOf.get(meetingId);
        if (current === undefined) throw new RecordNotFoundError('meeting', meetingId);
        if (current !== expected) throw new VersionConflictError('agenda', meetingId);
        for (const id of w.delete ?? []) del.run(id, meetingId);
        // Parents first, so a new sub-item's parent exists when it is inserted.
        const upserts = [...(w.upsert ?? [])].sort(
          (a, b) => Number(a.parentId !== null) - Number(b.parentId !== null),
        );
        for (const item of upserts) {
          if (item.meetingId !== meetingId) throw new RecordNotFoundError('agenda item', item.id);
          const { changes } = upsert.run(toRow(item));
          if (changes === 0) throw new RecordNotFoundError('agenda item', item.id);
        }
        bump.run(meetingId);
        const version = expected + 1;
        if (revision) {
          addRevision.run({
            meeting_id: meetingId,
            version,
            at: revision.at,
            by_user_id: revision.by.userId,
            by_full_name: revision.by.fullName,
            summary: JSON.stringify(revision.summary),
          });
        }
        return version;
      },
    );
  }

  list(meetingId: string): Promise<AgendaItemRecord[]> {
    return asPromise(() => depthFirst(this.byMeeting.all(meetingId).map(toRecord)));
  }

  getItem(id: string): Promise<AgendaItemRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  apply(
    meetingId: string,
    expectedVersion: number,
    write: AgendaWrite,
    revision: Omit<AgendaRevision, 'version' | 'meetingId'> | null,
  ): Promise<number> {
    return asPromise(() => this.write.immediate(meetingId, expectedVersion, write, revision));
  }

  revisions(meetingId: string): Promise<AgendaRevision[]> {
    return asPromise(() =>
      this.revisionsStmt.all(meetingId).map((r) => ({
        meetingId: r.meeting_id,
        version: r.version,
        at: r.at,
        by: { userId: r.by_user_id, fullName: r.by_full_name },
        summary: fromJson<string[]>(r.summary),
      })),
    );
  }
}
