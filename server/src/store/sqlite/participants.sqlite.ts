import type Database from 'better-sqlite3';
import type { Guest, MeetingRole, Participant } from '@icabinet/shared';
import { DuplicateKeyError, RecordNotFoundError } from '../port.js';
import type { ParticipantPatch, ParticipantsRepo } from '../port.js';
import { asPromise, fromJson, isForeignKeyError, mapConstraintError, toBool, toInt } from './sql.js';

interface ParticipantRow {
  id: string;
  meeting_id: string;
  user_id: string | null;
  guest: string | null;
  role: string;
  voting_right: number;
  seat: string | null;
  deputy_for_id: string | null;
  created_at: string;
}

const DUPLICATE_FIELDS = {
  'participants.meeting_id, participants.user_id': 'userId',
  'participants.id': 'id',
} as const;

const toRow = (p: Participant): ParticipantRow => ({
  id: p.id,
  meeting_id: p.meetingId,
  user_id: p.userId,
  guest: p.guest === null ? null : JSON.stringify(p.guest),
  role: p.role,
  voting_right: toInt(p.votingRight),
  seat: p.seat,
  deputy_for_id: p.deputyForId,
  created_at: p.createdAt,
});

const toRecord = (r: ParticipantRow): Participant => ({
  id: r.id,
  meetingId: r.meeting_id,
  userId: r.user_id,
  guest: r.guest === null ? null : fromJson<Guest>(r.guest),
  role: r.role as MeetingRole,
  votingRight: toBool(r.voting_right),
  seat: r.seat,
  deputyForId: r.deputy_for_id,
  createdAt: r.created_at,
});

/** Meeting participants on SQLite; they go with their meeting (ON DELETE CASCADE). */
export class SqliteParticipantsRepo implements ParticipantsRepo {
  private readonly insert;
  private readonly byMeeting;
  private readonly byMeetingAndUser;
  private readonly deleteStmt;
  private readonly byId;
  private readonly setFields;
  private readonly counts;
  private readonly byMeetingsAndUser;
  private readonly insertMany;

  constructor(db: Database.Database) {
    this.insert = db.prepare<ParticipantRow>(`INSERT INTO participants (id, meeting_id, user_id, guest, role,
      voting_right, seat, deputy_for_id, created_at) VALUES (@id, @meeting_id, @user_id, @guest, @role,
      @voting_right, @seat, @deputy_for_id, @created_at)`);
    this.byMeeting = db.prepare<[string], ParticipantRow>(
      'SELECT * FROM participants WHERE meeting_id = ? ORDER BY created_at, id',
    );
    this.byMeetingAndUser = db.prepare<[string, string], ParticipantRow>(
      'SELECT * FROM participants WHERE meeting_id = ? AND user_id = ?',
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM participants WHERE id = ?');
    this.byId = db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?');
    this.setFields = db.prepare<{ id: string; role: string; voting_right: number; seat: string | null }>(
      'UPDATE participants SET role = @role, voting_right = @voting_right, seat = @seat WHERE id = @id',
    );
    this.counts = db.prepare<[string], { meeting_id: string; n: number }>(
      `SELECT meeting_id, count(*) AS n FROM participants
       WHERE meeting_id IN (SELECT value FROM json_each(?)) GROUP BY meeting_id`,
    );
    this.byMeetingsAndUser = db.prepare<[string, string], ParticipantRow>(
      'SELECT * FROM participants WHERE meeting_id IN (SELECT value FROM json_each(?)) AND user_id = ?',
    );
    this.insertMany = db.transaction((rows: Participant[]) => {
      let added = 0;
      for (const p of rows) {
        try {
          this.insert.run(toRow(p));
          added += 1;
        } catch (e) {
          if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', p.meetingId);
          const mapped = mapConstraintError(e, DUPLICATE_FIELDS);
          if (!(mapped instanceof DuplicateKeyError && mapped.field === 'userId')) throw mapped;
        }
      }
      return { added, skipped: rows.length - added };
    });
  }

  addMany(participants: Participant[]): Promise<{ added: number; skipped: number }> {
    return asPromise(() => this.insertMany(participants));
  }

  getById(id: string): Promise<Participant | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  countByMeetings(meetingIds: string[]): Promise<Map<string, number>> {
    return asPromise(() => {
      const out = new Map(meetingIds.map((id) => [id, 0]));
      for (const r of this.counts.all(JSON.stringify(meetingIds))) out.set(r.meeting_id, r.n);
      return out;
    });
  }

  update(id: string, patch: ParticipantPatch): Promise<Participant> {
    return asPromise(() => {
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('participant', id);
      const next: Participant = {
        ...toRecord(row),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.votingRight !== undefined ? { votingRight: patch.votingRight } : {}),
        ...(patch.seat !== undefined ? { seat: patch.seat } : {}),
      };
      this.setFields.run({ id, role: next.role, voting_right: toInt(next.votingRight), seat: next.seat });
      return next;
    });
  }

  add(p: Participant): Promise<Participant> {
    return asPromise(() => {
      try {
        this.insert.run(toRow(p));
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', p.meetingId);
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
      return p;
    });
  }

  /** In the order they were added. */
  listByMeeting(meetingId: string): Promise<Participant[]> {
    return asPromise(() => this.byMeeting.all(meetingId).map(toRecord));
  }

  getByMeetingAndUser(meetingId: string, userId: string): Promise<Participant | null> {
    return asPromise(() => {
      const row = this.byMeetingAndUser.get(meetingId, userId);
      return row ? toRecord(row) : null;
    });
  }

  getByMeetingsAndUser(meetingIds: string[], userId: string): Promise<Map<string, Participant>> {
    return asPromise(() => {
      const rows = this.byMeetingsAndUser.all(JSON.stringify(meetingIds), userId);
      return new Map(rows.map((r) => [r.meeting_id, toRecord(r)]));
    });
  }

  /** Removing a participant who is already gone is not an error: the outcome is the same. */
  remove(id: string): Promise<void> {
    return asPromise(() => {
      this.deleteStmt.run(id);
    });
  }
}
