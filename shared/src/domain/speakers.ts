/** A request to speak waiting in the queue. */
export interface SpeakerRequest {
  id: string;
  participantId: string;
  /** Shown on every screen (the participant's name when the request was made). */
  name: string;
  /** A point of order goes before every ordinary request. */
  kind: 'normal' | 'point_of_order';
  /** The agenda item the request is about, if any. */
  agendaItemId: string | null;
  requestedAt: string;
}

/**
 * Puts points of order first and keeps every other order as given (a stable partition). Every
 * queue operation ends with it, so the invariant holds whatever order the chair asked for.
 */
export const pointsOfOrderFirst = (queue: readonly SpeakerRequest[]): SpeakerRequest[] => [
  ...queue.filter((r) => r.kind === 'point_of_order'),
  ...queue.filter((r) => r.kind !== 'point_of_order'),
];

/** Adds a request at the end of its kind's part of the queue. */
export const enqueue = (queue: readonly SpeakerRequest[], request: SpeakerRequest): SpeakerRequest[] =>
  pointsOfOrderFirst([...queue, request]);

/** The queue without one request. */
export const removeRequest = (queue: readonly SpeakerRequest[], requestId: string): SpeakerRequest[] =>
  queue.filter((r) => r.id !== requestId);

/**
 * The chair's new order: `ids` must name every waiting request exactly once (null otherwise, so a
 * stale console cannot drop a request it has not seen). Points of order stay first.
 */
export function reorder(queue: readonly SpeakerRequest[], ids: readonly string[]): SpeakerRequest[] | null {
  if (ids.length !== queue.length || new Set(ids).size !== ids.length) return null;
  const byId = new Map(queue.map((r) => [r.id, r]));
  const ordered: SpeakerRequest[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) return null;
    ordered.push(r);
  }
  return pointsOfOrderFirst(ordered);
}
