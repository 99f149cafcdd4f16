import type { RoomState } from '@icabinet/shared';

/** A command already applied, so a retry with the same opId is answered without applying it again. */
export interface AppliedOp {
  /** `<userId>:<opId>`: one user's opId cannot shadow another's. */
  key: string;
  seq: number;
}

/** One meeting's stored room: the state and the most recent applied opIds. */
export interface RoomRecord {
  meetingId: string;
  seq: number;
  state: RoomState;
  /** Newest last; the service keeps a bounded window. */
  ops: AppliedOp[];
  updatedAt: string;
}

export interface RoomRepo {
  get(meetingId: string): Promise<RoomRecord | null>;
  /**
   * Stores the record if the stored seq equals `expectedSeq` (0: no record yet), else fails with
   * `VersionConflictError('room', meetingId)` — another process moved the room first.
   */
  save(record: RoomRecord, expectedSeq: number): Promise<void>;
}
