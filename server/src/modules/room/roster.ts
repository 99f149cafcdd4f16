import type { RoomParticipant } from '@icabinet/shared';
import type { Store } from '../../store/port.js';

/** Participant names, votes and deputies are re-read at most this often (they change rarely in a meeting). */
const FRESH_MS = 2000;
/**
 * Up to this age a command uses the cached list while it is re-read in the background (the
 * re-read, one read per participant, stays off the command's path); older, it waits for it.
 * Changes made through this process drop the list at once (`drop`, from `participantsChanged`).
 */
const STALE_MS = 30_000;

/** One meeting room's cached participants, as the room's rules need them. */
export class RoomRoster {
  private cached: { at: number; list: RoomParticipant[] } | null = null;
  /** Bumped by `drop`: a read begun before does not store its (older) list. */
  private gen = 0;
  private refreshing = false;

  constructor(
    private readonly store: Pick<Store, 'participants' | 'users'>,
    private readonly meetingId: string,
  ) {}

  /** Forget the list (participants changed): the next call reads it. */
  drop(): void {
    this.cached = null;
    this.gen++;
  }

  /** The participants; read afresh when the list is old or lacks someone the command names. */
  async list(mustInclude: (string | null)[] = []): Promise<RoomParticipant[]> {
    const cached = this.cached;
    const known = (id: string | null) => id === null || cached?.list.some((p) => p.id === id);
    if (cached && mustInclude.every(known)) {
      const age = Date.now() - cached.at;
      if (age < FRESH_MS) return cached.list;
      if (age < STALE_MS) {
        if (!this.refreshing) {
          this.refreshing = true;
          // After this turn of the event loop: the store reads are synchronous on SQLite (one per
          // participant), and started here they would interleave with the steps of the command
          // that asked, ahead of its broadcast — every 2 s one page turn's followers waited for them.
          setImmediate(() => {
            void this.read()
              .catch(() => undefined)
              .finally(() => (this.refreshing = false));
          });
        }
        return cached.list;
      }
    }
    return this.read();
  }

  private async read(): Promise<RoomParticipant[]> {
    const gen = this.gen;
    const rows = await this.store.participants.listByMeeting(this.meetingId);
    const names = new Map<string, string>();
    for (const p of rows) {
      if (p.userId && !names.has(p.userId))
        names.set(p.userId, (await this.store.users.getById(p.userId))?.fullName ?? '—');
    }
    const list = rows.map((p): RoomParticipant => ({
      id: p.id,
      userId: p.userId,
      name: p.guest?.fullName ?? (p.userId ? (names.get(p.userId) ?? '—') : '—'),
      votingRight: p.votingRight,
      deputyForId: p.deputyForId,
    }));
    if (gen === this.gen) this.cached = { at: Date.now(), list };
    return list;
  }
}
