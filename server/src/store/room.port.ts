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

/**
 * How durable a stored room change is once `save` resolves (and the change may be acked and
 * broadcast):
 * - `process`: survives the server process being killed (kill -9, a crash, an out-of-memory
 *   kill), because the operating system holds it; a power cut or kernel crash may lose the last
 *   ones. For what the presenter simply does again (the page shown).
 * - `power`: on the disk before `save` resolves; survives a power cut too. For what is a record
 *   (attendance, speakers, the meeting starting and ending).
 */
export type RoomDurability = 'process' | 'power';

export interface RoomRepo {
  get(meetingId: string): Promise<RoomRecord | null>;
  /**
   * Stores the record if the stored seq equals `expectedSeq` (0: no record yet), else fails with
   * `VersionConflictError('room', meetingId)` — another process moved the room first.
   * `durability` defaults to `power`; a later `power` save makes earlier `process` ones durable too.
   */
  save(record: RoomRecord, expectedSeq: number, durability?: RoomDurability): Promise<void>;
}
