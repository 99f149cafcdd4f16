import type { Meeting } from '@icabinet/shared';
import type { Logger } from '../logger.js';
import type { DocumentRecord } from '../store/documents.port.js';
import type { AgendaItemRecord, MeetingRecord } from '../store/port.js';

/**
 * What happened, told after the change is stored. Modules react here instead of calling each
 * other: invitations go out on publication, the room reloads its participants, search keeps
 * its index current. The official documents and the follow-up tasks tell what they produce
 * (`minutes.signed`, `conclusion.issued`, `task.*`), which the outgoing webhooks relay.
 */
export interface DomainEvents {
  /** A meeting was created, edited or cloned (its stored record, for indexing). */
  'meeting.saved': { meeting: MeetingRecord };
  /** A draft or postponed meeting was published. */
  'meeting.published': { meeting: Meeting };
  /** Time, place or title changed; `changes` in words, e.g. "Thời gian: 08:00 → 09:00". */
  'meeting.changed': { meeting: Meeting; changes: string[] };
  /** Any lifecycle move (draft → published → in_progress → ended → closed, postponed, cancelled). */
  'meeting.statusChanged': { meeting: Meeting; from: Meeting['status']; byUserId?: string | null };
  /** The agenda of a published meeting changed (a listener may coalesce several edits). */
  'meeting.agendaChanged': { meeting: Meeting; summary: string[] };
  'meeting.cancelled': { meeting: Meeting };
  /** Participants were added, changed or removed (a deputy approved, a role or vote changed). */
  'meeting.participantsChanged': { meetingId: string };
  /** Agenda items were written (`saved`) or deleted (`removedIds`). */
  'agenda.itemsChanged': { meetingId: string; saved: AgendaItemRecord[]; removedIds: string[] };
  /** Documents of a meeting were added, renamed, reclassified, versioned or deleted. */
  'document.changed': { meetingId: string; saved: DocumentRecord[]; removedIds: string[] };
  /** The meeting's minutes (biên bản) were signed; `documentId` is the signed PDF in its library. */
  'minutes.signed': { meetingId: string; documentId: string };
  /** The conclusion notice was issued; `documentId` is its PDF in the library, `signed` whether it bears a signature. */
  'conclusion.issued': { meetingId: string; documentId: string; signed: boolean };
  /** A task was assigned to a lead unit (created from a conclusion point or by hand). */
  'task.assigned': { task: TaskEventSummary };
  /** A task passed its deadline without being accepted (told once per task and deadline). */
  'task.overdue': { task: TaskEventSummary };
  /** A task's report was accepted: the task is done. */
  'task.done': { task: TaskEventSummary };
}

/** What the task events carry: enough for a listener (webhooks, notices) without a store read. */
export interface TaskEventSummary {
  taskId: string;
  /** The meeting whose conclusion the task comes from; null for a task created by hand. */
  meetingId: string | null;
  title: string;
  leadUnitId: string;
  /** ISO date (YYYY-MM-DD) the task is due. */
  deadline: string;
  status: string;
}

export type EventName = keyof DomainEvents;
export type Listener<E extends EventName> = (payload: DomainEvents[E]) => unknown;

/**
 * A typed, in-process event bus. `emit` awaits every listener in subscription order, so callers
 * (and tests) see a settled state; a listener's failure is logged and never undoes the change
 * that was already stored, nor stops the listeners after it.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Listener<never>[]>();

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  async emit<E extends EventName>(event: E, payload: DomainEvents[E]): Promise<void> {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        await (l as Listener<E>)(payload);
      } catch (err) {
        this.logger.error({ err, event }, 'event listener failed');
      }
    }
  }
}
