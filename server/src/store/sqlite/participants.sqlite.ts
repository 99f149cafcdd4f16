import type Database from 'better-sqlite3';
import type { Guest, MeetingRole, Participant } from '@icabinet/shared';
import { RecordNotFoundError } from '../port.js';
import type { ParticipantsRepo } from '../port.js';
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
  }

  add(p: Participant): Promise<Participant> {
    return asPromise(() => {
      try {
        this.insert.run({
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

  /** Removing a participant who is already gone is not an error: the outcome is the same. */
  remove(id: string): Promise<void> {
    return asPromise(() => {
      this.deleteStmt.run(id);
    });
  }
}
